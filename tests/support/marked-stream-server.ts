/**
 * "The simplest server one could write" (issue 15): a PCM source carrying timing marks, made in
 * real time, into ONE ffmpeg encoder whose output goes to every listener as it comes, no burst.
 * MP3 listeners join anywhere (decoders resync on frames); Ogg/Opus listeners get the stream's
 * header pages first, then whole pages. 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { markGenerator } from '../../src-main/live/timing-marks';

export interface MarkedStreamServer {
  /** The stream's URL on 127.0.0.1. */
  url: string;
  /** Listeners connected now. */
  listeners(): number;
  /** Cuts every listener's connection (the server keeps running). */
  dropListeners(): void;
  /** Cuts one listener's connection: the first one that connected and is still there. */
  dropOneListener(): void;
  /** When the source's sample 0 was made (ms since the epoch). */
  startMs: number;
  /** Stops the server, the encoder and the source. */
  close(): Promise<void>;
}

export interface MarkedStreamOptions {
  codec?: 'mp3' | 'opus';
  /** e.g. '128k' (MP3) or '24k' (Opus). */
  bitrate?: string;
  /** Listens on this port (a server that comes back where it was); default: any free one. */
  port?: number;
}

const now = () => performance.timeOrigin + performance.now();

export async function startMarkedStreamServer(
  options: MarkedStreamOptions = {},
): Promise<MarkedStreamServer> {
  const codec = options.codec ?? 'mp3';
  const encodeArgs =
    codec === 'mp3'
      ? ['-c:a', 'libmp3lame', '-b:a', options.bitrate ?? '128k', '-f', 'mp3']
      : ['-c:a', 'libopus', '-b:a', options.bitrate ?? '24k', '-f', 'ogg', '-page_duration', '20000'];
  const encoder: ChildProcess = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-fflags', 'nobuffer'],
      ...['-f', 's16le', '-ar', '48000', '-ac', '2', '-i', 'pipe:0'],
      ...encodeArgs,
      ...['-flush_packets', '1', 'pipe:1'],
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  encoder.stdin?.on('error', () => {});

  // The source: marks over silence, made as the wall clock advances (10 ms at a time).
  const startMs = now();
  const source = markGenerator({ startMs });
  const tick = setInterval(() => {
    const due = Math.floor(((now() - startMs) * 48_000) / 1000) - source.framesMade;
    if (due > 0 && encoder.stdin?.writable) encoder.stdin.write(source.next(due));
  }, 10);

  let flowing = () => {};
  const firstBytes = new Promise<void>((resolve) => (flowing = resolve));
  const clients = new Set<http.ServerResponse>();
  const sockets: Socket[] = [];
  let oggHeaders: Buffer[] | null = codec === 'opus' ? [] : null;
  const pages = codec === 'opus' ? oggPageSplitter() : null;
  encoder.stdout?.on('data', (chunk: Buffer) => {
    const parts = pages ? pages(chunk) : [chunk];
    for (const part of parts) {
      // An Ogg stream's first two pages (OpusHead, OpusTags) go to every listener first.
      // (Listeners who came before the encoder spoke get them now.)
      if (oggHeaders && oggHeaders.length < 2) oggHeaders.push(part);
      for (const c of clients) c.write(part);
    }
    flowing();
  });

  const server = http.createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': codec === 'mp3' ? 'audio/mpeg' : 'audio/ogg',
      'Cache-Control': 'no-cache',
    });
    for (const h of oggHeaders ?? []) res.write(h);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  });
  server.on('connection', (s) => {
    sockets.push(s);
    s.on('close', () => sockets.splice(sockets.indexOf(s), 1));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  // Listeners are let in once the encoder speaks (ffmpeg takes a moment to start).
  await firstBytes;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/stream`,
    startMs,
    listeners: () => clients.size,
    dropListeners: () => {
      for (const s of [...sockets]) s.destroy();
    },
    dropOneListener: () => {
      sockets[0]?.destroy();
    },
    async close() {
      clearInterval(tick);
      for (const s of [...sockets]) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      encoder.stdin?.end();
      if (encoder.exitCode === null) {
        encoder.kill('SIGTERM');
        await new Promise((resolve) => encoder.once('exit', resolve));
      }
      oggHeaders = null;
    },
  };
}

/** Splits a byte stream into whole Ogg pages. */
function oggPageSplitter(): (chunk: Buffer) => Buffer[] {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (pending.length < 27) break;
      const segments = pending[26] as number;
      if (pending.length < 27 + segments) break;
      let body = 0;
      for (let i = 0; i < segments; i++) body += pending[27 + i] as number;
      const size = 27 + segments + body;
      if (pending.length < size) break;
      out.push(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
    return out;
  };
}
