/**
 * Pushes to a station over RTP and SRT, received by a real ffmpeg listening on 127.0.0.1 (as a
 * station's receiver would), decoded, and searched for the timing marks the source carries (the
 * real air's taps; a plain ffmpeg tap where the air's weight adds nothing): MP3 as RTP/MPA, Opus in MPEG-TS over RTP, Opus in MPEG-TS over SRT with a passphrase.
 * A push whose ffmpeg is killed is started again by itself and the station hears the air again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveOutputState } from '../../src-main/contract';
import { PushOutput } from '../../src-main/live/outputs/push-output';
import { markDetector, markSourceMs } from '../../src-main/live/timing-marks';
import { startFfmpegTap, type FfmpegTap } from '../support/ffmpeg-tap';
import { startMarkedAir, type MarkedAir } from '../support/marked-air';
import { commandLine } from '../support/process-tree';

interface Listener {
  /** Marks heard so far: the second's digit and when its PCM came out of the decoder. */
  marks: { digit: number; atMs: number }[];
  close(): Promise<void>;
}

/** A real ffmpeg receiving `url` and decoding it; its PCM searched for marks as it comes. */
function listen(url: string): Listener {
  const child: ChildProcess = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-fflags', 'nobuffer'],
      ...['-protocol_whitelist', 'udp,rtp,srt', '-i', url],
      ...['-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1'],
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const marks: Listener['marks'] = [];
  const detector = markDetector({ channels: 1 });
  child.stdout?.on('data', (pcm: Buffer) => {
    const atMs = Date.now();
    for (const m of detector.push(pcm)) marks.push({ digit: m.digit, atMs });
  });
  children.add(child);
  return {
    marks,
    async close() {
      children.delete(child);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `test` holds, checking every 100 ms; rejects after `ms` with `what`. */
async function until(test: () => boolean, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(what());
    await sleep(100);
  }
}

/** Marks a second apart heard in order (each digit one more than the last, modulo 10). */
function inOrder(marks: { digit: number }[]): boolean {
  return marks.every((m, i) => i === 0 || m.digit === (marks[i - 1]!.digit + 1) % 10);
}

/** From the source's second to the decoder's output, ms (the wall clock of one machine). */
function latencies(marks: { digit: number; atMs: number }[]): number[] {
  return marks.map((m) => Math.round(m.atMs - markSourceMs(m.digit, m.atMs)));
}

const children = new Set<ChildProcess>();
let tap: FfmpegTap | null = null;
let air: MarkedAir | null = null;
let push: PushOutput | null = null;
const listeners: Listener[] = [];
afterEach(async () => {
  await push?.stop();
  await tap?.close();
  await air?.close();
  air = null;
  await Promise.all(listeners.splice(0).map((l) => l.close()));
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  push = null;
  tap = null;
});

describe('PushOutput', () => {
  it('MP3 as RTP/MPA reaches a station that listens, marks in order; killed, it comes back by itself', async () => {
    const port = await freeUdpPort();
    const station = listen(`rtp://127.0.0.1:${port}`);
    listeners.push(station);
    air = await startMarkedAir(['mp3']);
    push = new PushOutput({
      tap: air.air.tap('mp3'),
      target: { kind: 'rtp', host: '127.0.0.1', port },
      ffmpeg: 'ffmpeg',
      backoff: { baseMs: 200, capMs: 1_000 },
    });
    const states: LiveOutputState['state'][] = [];
    push.onState((s) => {
      if (states.at(-1) !== s.state) states.push(s.state);
    });
    push.start();
    await until(
      () => station.marks.length >= 3,
      10_000,
      () => `heard ${JSON.stringify(station.marks)}; ${JSON.stringify(push?.state())}`,
    );
    expect(inOrder(station.marks), JSON.stringify(station.marks)).toBe(true);
    expect(push.state()).toMatchObject({
      kind: 'rtp',
      codec: 'mp3',
      state: 'up',
      address: `rtp://127.0.0.1:${port}`,
    });
    console.log('RTP/MPA latency to the decoder (ms):', latencies(station.marks));

    // Its ffmpeg dies: the push starts another and the station hears the air again.
    const pid = push.pid()!;
    expect(commandLine(pid)).toContain(`rtp://127.0.0.1:${port}`);
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    let upAgainAt = 0;
    const offUp = push.onState((s) => {
      if (s.state === 'up' && s.reconnects === 1 && upAgainAt === 0) upAgainAt = Date.now();
    });
    const heardBefore = station.marks.length;
    await until(
      () => push!.state().reconnects === 1 && station.marks.length >= heardBefore + 2,
      10_000,
      () => `after the kill: ${JSON.stringify(push?.state())}, heard ${station.marks.length - heardBefore}`,
    );
    offUp();
    // Started again at once (a new ffmpeg: its own start is most of this on a busy PC).
    console.log(`push: a new ffmpeg pushing ${upAgainAt - killedAt} ms after the kill`);
    expect(push.pid()).not.toBe(pid);
    expect(states).toEqual(['connecting', 'up', 'retrying', 'up']);
    expect(push.state().lastError).toBeNull();
  }, 30_000);

  it('Opus in MPEG-TS over RTP reaches a station that listens, marks in order', async () => {
    const port = await freeUdpPort();
    const station = listen(`rtp://127.0.0.1:${port}`);
    listeners.push(station);
    tap = await startFfmpegTap('opus');
    push = new PushOutput({
      tap: tap.tap,
      target: { kind: 'rtp', host: '127.0.0.1', port },
      ffmpeg: 'ffmpeg',
    });
    push.start();
    await until(
      () => station.marks.length >= 3,
      10_000,
      () => `heard ${JSON.stringify(station.marks)}; ${JSON.stringify(push?.state())}`,
    );
    expect(inOrder(station.marks), JSON.stringify(station.marks)).toBe(true);
    console.log('Opus/MPEG-TS/RTP latency to the decoder (ms):', latencies(station.marks));
  }, 30_000);

  it('SRT in caller mode with a passphrase reaches a station listening with it; the address shows no secret', async () => {
    const port = await freeUdpPort();
    const passphrase = 'xa-a-bi-mat-2026';
    const station = listen(`srt://127.0.0.1:${port}?mode=listener&passphrase=${passphrase}&pbkeylen=16`);
    listeners.push(station);
    air = await startMarkedAir(['opus']);
    push = new PushOutput({
      tap: air.air.tap('opus'),
      target: { kind: 'srt', host: '127.0.0.1', port, passphrase },
      ffmpeg: 'ffmpeg',
    });
    push.start();
    await until(
      () => station.marks.length >= 3,
      10_000,
      () => `heard ${JSON.stringify(station.marks)}; ${JSON.stringify(push?.state())}`,
    );
    expect(inOrder(station.marks), JSON.stringify(station.marks)).toBe(true);
    expect(push.state()).toMatchObject({ kind: 'srt', state: 'up', address: `srt://127.0.0.1:${port}` });
    expect(JSON.stringify(push.state())).not.toContain(passphrase);
    console.log('Opus/MPEG-TS/SRT latency to the decoder (ms):', latencies(station.marks));
  }, 30_000);

  it('an SRT station that does not answer: the push retries and says why, in Vietnamese', async () => {
    const port = await freeUdpPort();
    tap = await startFfmpegTap('mp3');
    push = new PushOutput({
      tap: tap.tap,
      target: { kind: 'srt', host: '127.0.0.1', port, passphrase: 'khong-ai-nghe-ca' },
      ffmpeg: 'ffmpeg',
      backoff: { baseMs: 200, capMs: 500 },
    });
    push.start();
    const p = push;
    await until(
      () => p.state().state === 'retrying',
      15_000,
      () => JSON.stringify(p.state()),
    );
    expect(push.state().lastError).toMatch(/^Đẩy luồng tới srt:\/\/127\.0\.0\.1:\d+ bị ngắt/);
    expect(push.state().lastError).not.toContain('khong-ai-nghe-ca');
    console.log('SRT, nobody listening:', push.state().lastError);
  }, 30_000);
});
