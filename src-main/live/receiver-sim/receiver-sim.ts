/**
 * The receiver simulator (issue 15): N commune receivers pulling one stream for S seconds, and
 * what they measured. Every receiver counts frames and plays them on its loudspeaker clock; only a
 * sample of them decodes with ffmpeg (silence, timing marks), since a thousand ffmpeg processes
 * would measure the simulator, not the stream.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { findOnPath } from '../../platform/find-executable';
import { Receiver, type ReceiverReport } from './receiver';
import type { StreamCodec } from './stream-frames';

export type { ReceiverReport } from './receiver';

/** How many receivers decode: enough for latency percentiles, few enough to be light. */
export const DEFAULT_DECODED = 8;

/** Time given to the decoders' ffmpeg processes to start before the receivers connect. */
const DECODER_SETTLE_MS = 500;

export interface ReceiverSimOptions {
  url: string;
  count: number;
  seconds: number;
  /** Receivers that decode (spread evenly over the N); default min(count, DEFAULT_DECODED). */
  decoded?: number;
  /** The ffmpeg to decode with; default the one on PATH (none: no receiver decodes). */
  ffmpegPath?: string | null;
  signal?: AbortSignal;
}

export interface Percentiles {
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/**
 * What `studio receiver-sim --json` prints (one object; fields may be added, never renamed or
 * removed).
 */
export interface ReceiverSimReport {
  url: string;
  count: number;
  seconds: number;
  /** The stream's codec as the receivers found it (null if none connected). */
  codec: StreamCodec | null;
  /** Receivers that connected at least once. */
  connected: number;
  /** Receivers whose loudspeaker started (100 ms in hand). */
  playing: number;
  /** Totals over all receivers. */
  bytes: number;
  dropouts: number;
  stalledMs: number;
  reconnections: number;
  failedAttempts: number;
  /** Receivers that decoded; silence and marks come from them only. */
  decoded: number;
  /** Decoded audio below -60 dBFS, seconds, summed over the decoding receivers. */
  silenceSeconds: number;
  /** Timing marks heard (and played) by the decoding receivers. */
  marks: number;
  /** Source-to-loudspeaker latency over every mark heard, ms; null when none was heard. */
  latencyMs: Percentiles | null;
  /** From connecting to the first sample played, ms, over the receivers that played. */
  startedAfterMs: Percentiles | null;
  /**
   * How late this process's own event loop ran (ms): stalls seen by every receiver at once while
   * it ran late are the simulator's, not the stream's (a busy machine).
   */
  loopDelayMs: { p50: number; p99: number; max: number };
  receivers: ReceiverReport[];
}

const now = () => performance.timeOrigin + performance.now();

export async function runReceiverSim(options: ReceiverSimOptions): Promise<ReceiverSimReport> {
  const ffmpeg = options.ffmpegPath === undefined ? await findOnPath('ffmpeg') : options.ffmpegPath;
  const decodedCount = ffmpeg ? Math.min(options.count, options.decoded ?? DEFAULT_DECODED) : 0;
  const decodes = new Set<number>();
  for (let k = 0; k < decodedCount; k++) decodes.add(Math.floor((k * options.count) / decodedCount));
  const receivers = Array.from(
    { length: options.count },
    (_, id) => new Receiver({ id, url: options.url, ffmpegPath: decodes.has(id) ? ffmpeg : null, now }),
  );
  // The decoders were spawned with the receivers; ffmpeg's own start (loading, probing setup) takes
  // CPU for a moment, which on a small machine would delay the first bytes every receiver reads
  // and so add to every latency measured. Let them settle before any stream flows.
  if (decodedCount > 0) await new Promise((resolve) => setTimeout(resolve, DECODER_SETTLE_MS));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  for (const r of receivers) r.start();
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, options.seconds * 1000);
    options.signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
  loop.disable();
  const reports = await Promise.all(receivers.map((r) => r.stop()));
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  return summarise(options, reports, {
    p50: ms(loop.percentile(50)),
    p99: ms(loop.percentile(99)),
    max: ms(loop.max),
  });
}

export function summarise(
  options: Pick<ReceiverSimOptions, 'url' | 'count' | 'seconds'>,
  reports: ReceiverReport[],
  loopDelayMs: ReceiverSimReport['loopDelayMs'],
): ReceiverSimReport {
  const sum = (f: (r: ReceiverReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  const latencies = reports.flatMap((r) => r.latenciesMs);
  const starts = reports.flatMap((r) => (r.startedAfterMs === null ? [] : [r.startedAfterMs]));
  return {
    url: options.url,
    count: options.count,
    seconds: options.seconds,
    codec: reports.find((r) => r.codec)?.codec ?? null,
    connected: reports.filter((r) => r.connections > 0).length,
    playing: starts.length,
    bytes: sum((r) => r.bytes),
    dropouts: sum((r) => r.dropouts),
    stalledMs: sum((r) => r.stalledMs),
    reconnections: sum((r) => r.reconnections),
    failedAttempts: sum((r) => r.failedAttempts),
    decoded: reports.filter((r) => r.decoded).length,
    silenceSeconds: Math.round(sum((r) => r.silenceSeconds ?? 0) * 10) / 10,
    marks: latencies.length,
    latencyMs: percentiles(latencies),
    startedAfterMs: percentiles(starts),
    loopDelayMs,
    receivers: reports,
  };
}

/** Nearest-rank percentiles, or null for no values. */
export function percentiles(values: number[]): Percentiles | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
  return { p50: rank(50), p95: rank(95), min: s[0] as number, max: s[s.length - 1] as number };
}
