/**
 * An EncodedTap for the stream server's tests until the air's own encoders are there: marked PCM
 * made in real time → one real ffmpeg (MP3 CBR without bit reservoir, or Opus in Ogg with short
 * pages) → whole MP3 frames / Ogg pages as chunks, each with the time its first sample was made.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { EncodedChunk, EncodedTap } from '../../src-main/live/air/encoded-tap';
import { frameCounter } from '../../src-main/live/receiver-sim/stream-frames';
import { markGenerator } from '../../src-main/live/timing-marks';

export interface MarkedTap extends EncodedTap {
  /** When the source's sample 0 was made (ms since the epoch). */
  startMs: number;
  /** Chunks made so far. */
  chunks(): number;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export async function startMarkedTap(
  options: {
    codec?: 'mp3' | 'opus';
    bitrateKbps?: number;
    channel?: string;
    /** Each mark tone's peak, dBFS (default -12). */
    levelDb?: number;
  } = {},
): Promise<MarkedTap> {
  const codec = options.codec ?? 'mp3';
  const kbps = options.bitrateKbps ?? (codec === 'mp3' ? 64 : 24);
  const encodeArgs =
    codec === 'mp3'
      ? ['-c:a', 'libmp3lame', '-b:a', `${kbps}k`, '-reservoir', '0'].concat([
          '-f',
          'mp3',
          '-write_xing',
          '0',
          '-id3v2_version',
          '0',
        ])
      : ['-c:a', 'libopus', '-b:a', `${kbps}k`, '-f', 'ogg', '-page_duration', '20000'];
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

  const startMs = now();
  const source = markGenerator({
    startMs,
    ...(options.levelDb === undefined ? {} : { levelDb: options.levelDb }),
  });
  const tick = setInterval(() => {
    const due = Math.floor(((now() - startMs) * 48_000) / 1000) - source.framesMade;
    if (due > 0 && encoder.stdin?.writable) encoder.stdin.write(source.next(due));
  }, 10);

  const chunkListeners = new Set<(c: EncodedChunk) => void>();
  let header = Buffer.alloc(0);
  let headerPages = 0;
  let samples = 0;
  let made = 0;
  let flowing = () => {};
  const firstChunk = new Promise<void>((resolve) => (flowing = resolve));
  const split = codec === 'mp3' ? mp3Frames() : oggPages();
  const counter = frameCounter('opus');
  encoder.stdout?.on('data', (data: Buffer) => {
    for (const part of split(data)) {
      if (codec === 'opus' && headerPages < 2) {
        header = Buffer.concat([header, part]);
        headerPages++;
        continue;
      }
      const n = codec === 'mp3' ? 1152 : counter.push(part);
      const chunk = {
        data: part,
        mixedAt: startMs + (samples * 1000) / 48_000,
        durationMs: (n * 1000) / 48_000,
      };
      samples += n;
      made++;
      for (const l of chunkListeners) l(chunk);
      flowing();
    }
  });

  await firstChunk;
  return {
    channel: options.channel ?? 'main',
    codec,
    contentType: codec === 'mp3' ? 'audio/mpeg' : 'audio/ogg',
    bitrateKbps: kbps,
    startMs,
    header: () => header,
    onChunk(listener) {
      chunkListeners.add(listener);
      return () => chunkListeners.delete(listener);
    },
    onRestart: () => () => {},
    chunks: () => made,
    async close() {
      clearInterval(tick);
      chunkListeners.clear();
      encoder.stdin?.end();
      if (encoder.exitCode === null) {
        encoder.kill('SIGTERM');
        await new Promise((resolve) => encoder.once('exit', resolve));
      }
    },
  };
}

/** Whole MPEG-1 Layer III frames (48 kHz, no padding games: CBR frames of a fixed size each). */
function mp3Frames(): (data: Buffer) => Buffer[] {
  let pending = Buffer.alloc(0);
  const KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
  return (data) => {
    pending = Buffer.concat([pending, data]);
    const out: Buffer[] = [];
    let i = 0;
    while (i + 4 <= pending.length) {
      if (pending[i] !== 0xff || ((pending[i + 1] as number) & 0xfe) !== 0xfa) {
        i++;
        continue;
      }
      const kbps = KBPS[(pending[i + 2] as number) >> 4] ?? 0;
      const length = Math.floor((144 * kbps * 1000) / 48_000) + (((pending[i + 2] as number) >> 1) & 1);
      if (kbps === 0 || i + length > pending.length) {
        if (kbps === 0) i++;
        else break;
        continue;
      }
      out.push(pending.subarray(i, i + length));
      i += length;
    }
    pending = Buffer.from(pending.subarray(i));
    return out;
  };
}

/** Whole Ogg pages. */
function oggPages(): (data: Buffer) => Buffer[] {
  let pending = Buffer.alloc(0);
  return (data) => {
    pending = Buffer.concat([pending, data]);
    const out: Buffer[] = [];
    for (;;) {
      if (pending.length < 27) break;
      const segments = pending[26] as number;
      if (pending.length < 27 + segments) break;
      let body = 0;
      for (let s = 0; s < segments; s++) body += pending[27 + s] as number;
      const size = 27 + segments + body;
      if (pending.length < size) break;
      out.push(Buffer.from(pending.subarray(0, size)));
      pending = pending.subarray(size);
    }
    return out;
  };
}
