/**
 * An EncodedTap for output tests: timing marks made in real time → one real ffmpeg encoder (MP3
 * 64 kb/s CBR, or Opus 24 kb/s in Ogg with short pages) → whole MP3 frames or Ogg pages to every
 * subscriber, each stamped with when its first sample was made. The outputs (Icecast source,
 * RTP/SRT push) are tested over it the way they run over the air's encoders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { EncodedChunk, EncodedTap } from '../../src-main/live/air/encoded-tap';
import { markGenerator } from '../../src-main/live/timing-marks';

export interface FfmpegTap {
  tap: EncodedTap;
  /** When the source's sample 0 was made (ms since the epoch). */
  startMs: number;
  /** Replaces the encoder with a new one (a new Ogg stream: `onRestart` fires). */
  restartEncoder(): Promise<void>;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();
const RATE = 48_000;

export async function startFfmpegTap(codec: 'mp3' | 'opus' = 'mp3'): Promise<FfmpegTap> {
  const chunkListeners = new Set<(chunk: EncodedChunk) => void>();
  const restartListeners = new Set<() => void>();
  let header: Buffer = Buffer.alloc(0);
  let encoder: ChildProcess | null = null;
  let closed = false;
  const startMs = now();
  const source = markGenerator({ startMs });
  /** Frames written to the current encoder before it started, and samples it has put out. */
  let encoderBase = 0;
  let samplesOut = 0;

  const emit = (data: Buffer, samples: number) => {
    const mixedAt = startMs + ((encoderBase + samplesOut) * 1000) / RATE;
    samplesOut += samples;
    const chunk = { data, mixedAt, durationMs: (samples * 1000) / RATE };
    for (const l of chunkListeners) l(chunk);
  };

  const spawnEncoder = (): Promise<void> => {
    const encode =
      codec === 'mp3'
        ? ['-c:a', 'libmp3lame', '-b:a', '64k', '-reservoir', '0', '-f', 'mp3', '-id3v2_version', '0']
        : ['-c:a', 'libopus', '-b:a', '24k', '-frame_duration', '20', '-f', 'ogg', '-page_duration', '20000'];
    const proc = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-fflags', 'nobuffer'],
        ...['-f', 's16le', '-ar', String(RATE), '-ac', '2', '-i', 'pipe:0'],
        ...encode,
        ...['-flush_packets', '1', 'pipe:1'],
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    proc.stdin?.on('error', () => {
      // Killed by restartEncoder/close: the next encoder takes over.
    });
    encoderBase = source.framesMade;
    samplesOut = 0;
    header = Buffer.alloc(0);
    // Ready once it has spoken: its first MP3 frame, or the Ogg stream's two header pages.
    let ready: () => void = () => {};
    const first = new Promise<void>((resolve) => (ready = resolve));
    const split =
      codec === 'mp3'
        ? mp3Splitter((data, samples) => {
            ready();
            emit(data, samples);
          })
        : oggSplitter(emit, (h) => {
            header = h;
            ready();
          });
    proc.stdout?.on('data', (d: Buffer) => {
      if (encoder === proc) split(d);
    });
    encoder = proc;
    return first;
  };

  const tick = setInterval(() => {
    const due = Math.floor(((now() - startMs) * RATE) / 1000) - source.framesMade;
    if (due > 0) {
      const pcm = source.next(due);
      if (encoder?.stdin?.writable) encoder.stdin.write(pcm);
    }
  }, 10);

  const stopEncoder = async () => {
    const proc = encoder;
    encoder = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  };

  await spawnEncoder();

  const tap: EncodedTap = {
    channel: 'main',
    codec,
    contentType: codec === 'mp3' ? 'audio/mpeg' : 'audio/ogg',
    bitrateKbps: codec === 'mp3' ? 64 : 24,
    header: () => header,
    onChunk(listener) {
      chunkListeners.add(listener);
      return () => chunkListeners.delete(listener);
    },
    onRestart(listener) {
      restartListeners.add(listener);
      return () => restartListeners.delete(listener);
    },
  };

  return {
    tap,
    startMs,
    async restartEncoder() {
      await stopEncoder();
      if (closed) return;
      await spawnEncoder();
      for (const l of restartListeners) l();
    },
    async close() {
      closed = true;
      clearInterval(tick);
      await stopEncoder();
      chunkListeners.clear();
      restartListeners.clear();
    },
  };
}

const MP3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

/** Whole MPEG-1 Layer III frames at 48 kHz (what this tap's encoder makes), each emitted alone. */
function mp3Splitter(emit: (data: Buffer, samples: number) => void): (d: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (d) => {
    pending = pending.length ? Buffer.concat([pending, d]) : d;
    let i = 0;
    while (i + 4 <= pending.length) {
      const b1 = pending[i + 1] as number;
      if (pending[i] !== 0xff || (b1 & 0xfe) !== 0xfa) {
        i++;
        continue;
      }
      const kbps = MP3_KBPS[(pending[i + 2] as number) >> 4] ?? 0;
      const padding = ((pending[i + 2] as number) >> 1) & 1;
      const length = Math.floor((144 * kbps * 1000) / RATE) + padding;
      if (length <= 4) {
        i++;
        continue;
      }
      if (i + length > pending.length) break;
      emit(pending.subarray(i, i + length), 1152);
      i += length;
    }
    pending = pending.subarray(i);
  };
}

/** Whole Ogg pages; the first two (OpusHead, OpusTags) become the header, not chunks. */
function oggSplitter(
  emit: (data: Buffer, samples: number) => void,
  setHeader: (h: Buffer) => void,
): (d: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  const headers: Buffer[] = [];
  let lastGranule = 0n;
  return (d) => {
    pending = pending.length ? Buffer.concat([pending, d]) : d;
    for (;;) {
      if (pending.length < 27) break;
      const segments = pending[26] as number;
      if (pending.length < 27 + segments) break;
      let body = 0;
      for (let i = 0; i < segments; i++) body += pending[27 + i] as number;
      const size = 27 + segments + body;
      if (pending.length < size) break;
      const page = Buffer.from(pending.subarray(0, size));
      pending = pending.subarray(size);
      if (headers.length < 2) {
        headers.push(page);
        if (headers.length === 2) setHeader(Buffer.concat(headers));
        continue;
      }
      const granule = page.readBigUInt64LE(6);
      const samples = granule > lastGranule ? Number(granule - lastGranule) : 0;
      lastGranule = granule;
      emit(page, samples);
    }
  };
}
