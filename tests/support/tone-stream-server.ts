/**
 * An upstream a relay can fall silent on: a sine made in real time (10 ms at a time) into one real
 * ffmpeg MP3 encoder, served over HTTP to every listener; `silent(true)` sends digital silence
 * instead, the connection staying up (the case a link check alone never sees). 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ffmpeg } from './air-listener';

export interface ToneStreamServer {
  url: string;
  silent(on: boolean): void;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export async function startToneStreamServer(freq: number, peakDb = -12): Promise<ToneStreamServer> {
  const encoder = spawn(
    await ffmpeg(),
    ['-hide_banner', '-loglevel', 'error', '-f', 's16le', '-ar', '48000', '-ac', '2', '-i', 'pipe:0'].concat([
      '-c:a',
      'libmp3lame',
      '-b:a',
      '64k',
      '-flush_packets',
      '1',
      '-f',
      'mp3',
      'pipe:1',
    ]),
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  const amp = 32767 * 10 ** (peakDb / 20);
  const startMs = now();
  let made = 0;
  let quiet = false;
  const tick = setInterval(() => {
    const due = Math.floor(((now() - startMs) * 48_000) / 1000) - made;
    if (due <= 0 || !encoder.stdin.writable) return;
    const pcm = Buffer.alloc(due * 4);
    if (!quiet) {
      for (let i = 0; i < due; i++) {
        const v = Math.round(amp * Math.sin((2 * Math.PI * freq * (made + i)) / 48_000));
        pcm.writeInt16LE(v, i * 4);
        pcm.writeInt16LE(v, i * 4 + 2);
      }
    }
    made += due;
    encoder.stdin.write(pcm);
  }, 10);

  const clients = new Set<http.ServerResponse>();
  const sockets = new Set<Socket>();
  encoder.stdout.on('data', (chunk: Buffer) => {
    for (const c of clients) c.write(chunk);
  });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Cache-Control': 'no-cache' });
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/vov1.mp3`,
    silent: (on) => {
      quiet = on;
    },
    async close() {
      clearInterval(tick);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      encoder.stdin.end();
      if (encoder.exitCode === null) {
        encoder.kill('SIGTERM');
        await new Promise((resolve) => encoder.once('exit', resolve));
      }
    },
  };
}
