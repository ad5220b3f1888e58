/**
 * One simulated commune receiver: its own HTTP connection to an Icecast-style MP3 or Ogg/Opus
 * stream, a loudspeaker clock fed by the frames it counts, reconnection with jittered backoff when
 * the stream drops, and (for a sample of receivers) a real ffmpeg decoder whose PCM is searched
 * for silence and timing marks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { markDetector, markSourceMs } from '../timing-marks';
import { Playout, PLAYOUT_RATE } from './playout';
import { frameCounter, type StreamCodec } from './stream-frames';

export interface ReceiverOptions {
  id: number;
  url: string;
  /** The ffmpeg that decodes, or null for a receiver that only counts frames. */
  ffmpegPath: string | null;
  /** The wall clock, ms since the epoch (sub-millisecond). */
  now: () => number;
}

export interface ReceiverReport {
  id: number;
  /** The stream's codec, once known. */
  codec: StreamCodec | null;
  /** Connections that were answered 200 (the first and every reconnection). */
  connections: number;
  /** Connections after the first: a dropped stream picked up again. */
  reconnections: number;
  /** Attempts to connect that failed (refused, an HTTP error, no answer). */
  failedAttempts: number;
  /** Bytes of stream received. */
  bytes: number;
  /** Times the loudspeaker ran dry after it had started. */
  dropouts: number;
  stalledMs: number;
  /** The first 20 stalls: when each began (ms after the first attempt) and how long it lasted. */
  stalls: Array<{ atMs: number; ms: number }>;
  /** From the first attempt to the first sample played, ms; null if it never played. */
  startedAfterMs: number | null;
  /** Whether this receiver decoded (silence and marks are known only then). */
  decoded: boolean;
  /** Decoded audio quieter than -60 dBFS, in seconds (null when not decoded). */
  silenceSeconds: number | null;
  /** Latency of each timing mark heard, ms (source emitted → loudspeaker played). */
  latenciesMs: number[];
  lastError: string | null;
}

/** Backoff before reconnecting: full jitter over 250 ms · 2^failures, at most 5 s. */
function backoffMs(failures: number): number {
  const cap = Math.min(5_000, 250 * 2 ** failures);
  return cap / 2 + Math.random() * (cap / 2);
}

/** A stream silent on the wire this long is taken as dropped. */
const IDLE_TIMEOUT_MS = 5_000;
/** Decoded PCM heard per turn of the event loop: 50 ms of mono s16le. */
const HEAR_SLICE_BYTES = 4_800;
/** Below this RMS (about -60 dBFS), a 100 ms block counts as silence. */
const SILENCE_RMS = 32;

export class Receiver {
  private readonly playout = new Playout();
  private readonly report: ReceiverReport;
  private firstAttemptMs: number;
  private stopped = false;
  private request: http.ClientRequest | null = null;
  private readonly decoders = new Set<ChildProcess>();
  private wake: (() => void) | null = null;
  /** Marks heard, by the index of their first sample in everything received. */
  private readonly heard: Array<{ digit: number; sample: number }> = [];
  private silenceBlocks = 0;
  private done: Promise<void> = Promise.resolve();
  /** A decoder started ahead, waiting for its first connection's bytes. */
  private spare: ChildProcess | null = null;

  constructor(private readonly options: ReceiverOptions) {
    this.firstAttemptMs = options.now();
    // Spawning ffmpeg blocks this process for tens of ms: done before any stream flows, so that a
    // receiver's clock never counts that pause as the stream's.
    if (options.ffmpegPath) this.spare = this.spawnDecoder();
    this.report = {
      id: options.id,
      codec: null,
      connections: 0,
      reconnections: 0,
      failedAttempts: 0,
      bytes: 0,
      dropouts: 0,
      stalledMs: 0,
      stalls: [],
      startedAfterMs: null,
      decoded: options.ffmpegPath !== null,
      silenceSeconds: options.ffmpegPath === null ? null : 0,
      latenciesMs: [],
      lastError: null,
    };
  }

  /** Starts pulling (after every receiver is built: see the constructor). */
  start(): void {
    this.firstAttemptMs = this.options.now();
    this.done = this.loop();
  }

  /** Stops (closes the connection, ends the decoder) and answers what it measured. */
  async stop(): Promise<ReceiverReport> {
    this.stopped = true;
    this.request?.destroy();
    this.spare?.stdin?.end();
    this.wake?.();
    await this.done;
    await Promise.all([...this.decoders].map((d) => exited(d)));
    const now = this.options.now();
    const stats = this.playout.stats(now);
    const latencies: number[] = [];
    for (const m of this.heard) {
      const heardMs = this.playout.timeOfSample(m.sample);
      // A mark still in the buffer when the run stopped was never played.
      if (heardMs === null || heardMs > now) continue;
      latencies.push(heardMs - markSourceMs(m.digit, heardMs));
    }
    return {
      ...this.report,
      dropouts: stats.dropouts,
      stalledMs: Math.round(stats.stalledMs),
      stalls: stats.stalls.map((st) => ({
        atMs: Math.round(st.fromMs - this.firstAttemptMs),
        ms: Math.round(st.ms),
      })),
      startedAfterMs: stats.startedAtMs === null ? null : Math.round(stats.startedAtMs - this.firstAttemptMs),
      silenceSeconds: this.report.decoded ? this.silenceBlocks / 10 : null,
      latenciesMs: latencies.map((l) => Math.round(l * 10) / 10),
    };
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const gotData = await this.connectOnce().catch((err: Error) => {
        this.report.lastError = err.message;
        return false;
      });
      if (this.stopped) break;
      if (gotData) failures = 0;
      else {
        this.report.failedAttempts++;
        failures++;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoffMs(failures));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** One connection, until it drops; answers whether any audio came. */
  private connectOnce(): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const url = new URL(this.options.url);
      const get = url.protocol === 'https:' ? https.get : http.get;
      const req = get(url, { agent: false, headers: { 'Icy-MetaData': '0' }, timeout: IDLE_TIMEOUT_MS });
      this.request = req;
      req.on('timeout', () => req.destroy(new Error('Luồng im lặng quá 5 giây')));
      req.on('error', reject);
      req.on('response', (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`HTTP ${res.statusCode}`));
          return;
        }
        this.report.connections++;
        if (this.report.connections > 1) this.report.reconnections++;
        let counter: ReturnType<typeof frameCounter> | null = null;
        let decoder: ChildProcess | null = null;
        let gotData = false;
        // The decoder is given the stream from its first whole frame: Icecast starts a listener
        // anywhere in an MP3 frame, and ffmpeg, probing a few KB from there, then decodes nothing.
        // Bytes wait here until the counter has found that frame (Ogg is sent from byte 0).
        let held: Buffer[] | null = [];
        res.on('data', (chunk: Buffer) => {
          const now = this.options.now();
          if (!counter) {
            const codec = codecOf(res.headers['content-type'], chunk);
            this.report.codec = codec;
            counter = frameCounter(codec);
            if (this.options.ffmpegPath) decoder = this.startDecoder();
          }
          gotData = true;
          this.report.bytes += chunk.length;
          const samples = counter.push(chunk);
          this.playout.add(samples, now);
          if (held) {
            held.push(chunk);
            if (this.report.codec !== 'mp3' || samples > 0) {
              const start = this.report.codec === 'mp3' ? counter.skippedBytes : 0;
              chunk = Buffer.concat(held).subarray(start);
              held = null;
            }
          }
          if (!held && decoder?.stdin?.writable) decoder.stdin.write(chunk);
        });
        const end = () => {
          (decoder as ChildProcess | null)?.stdin?.end();
          resolve(gotData);
        };
        res.on('end', end);
        res.on('close', end);
        res.on('error', end);
      });
    }).finally(() => {
      this.request = null;
    });
  }

  /** A decoder for this connection: its sample 0 is the next sample the loudspeaker receives. */
  private startDecoder(): ChildProcess {
    const base = this.playout.receivedSamples;
    const child = this.spare ?? this.spawnDecoder();
    this.spare = null;
    const detector = markDetector({ channels: 1, timeOfFrame: (f) => base + f });
    let blockSquares = 0;
    let blockLength = 0;
    const hear = (pcm: Buffer) => {
      for (const m of detector.push(pcm)) this.heard.push({ digit: m.digit, sample: m.frame + base });
      for (let i = 0; i + 1 < pcm.length; i += 2) {
        const v = pcm.readInt16LE(i);
        blockSquares += v * v;
        if (++blockLength === PLAYOUT_RATE / 10) {
          if (Math.sqrt(blockSquares / blockLength) < SILENCE_RMS) this.silenceBlocks++;
          blockSquares = 0;
          blockLength = 0;
        }
      }
    };
    // PCM is heard a slice at a time, yielding between slices: a decoder that delivers a second
    // at once (Opus's first probe) must not hold up the sockets every receiver's clock reads.
    const queue: Buffer[] = [];
    let draining = false;
    const drain = () => {
      const next = queue.shift();
      if (!next) {
        draining = false;
        return;
      }
      hear(next);
      setImmediate(drain);
    };
    child.stdout?.on('data', (pcm: Buffer) => {
      for (let i = 0; i < pcm.length; i += HEAR_SLICE_BYTES)
        queue.push(pcm.subarray(i, i + HEAR_SLICE_BYTES));
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
    });
    return child;
  }

  /** An ffmpeg decoding stdin (MP3 or Ogg/Opus, found by probing a few KB) to mono s16le. */
  private spawnDecoder(): ChildProcess {
    const child = spawn(
      this.options.ffmpegPath as string,
      [
        ...['-hide_banner', '-loglevel', 'error', '-probesize', '4096', '-analyzeduration', '0'],
        ...['-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(PLAYOUT_RATE), 'pipe:1'],
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    this.decoders.add(child);
    child.on('exit', () => this.decoders.delete(child));
    child.stdin?.on('error', () => {
      // The decoder gave up on a cut stream: the frame counter still counts.
    });
    return child;
  }
}

function codecOf(contentType: string | undefined, first: Buffer): StreamCodec {
  if (/ogg|opus/i.test(contentType ?? '') || first.toString('latin1', 0, 4) === 'OggS') return 'opus';
  return 'mp3';
}

/** Waits for a child to end, ending it if it lingers (a decoder with a closed input ends itself). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.stdin?.end();
  });
}
