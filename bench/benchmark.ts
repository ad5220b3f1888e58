/**
 * A benchmark measures one of our figures beside an anchor measured in the same run on the same
 * machine (for example ffmpeg decoding the same file), so the ratio means something on any PC.
 */
export interface BenchResult {
  /** Our figure and the anchor's, in `unit`. */
  ours: number;
  anchor: number;
  unit: 'ms' | 's' | 'files/s' | 'x realtime' | 'MB/s' | 'receivers';
  /** Whether a bigger figure is better (throughput) or smaller (time). */
  higherIsBetter?: boolean;
  /** The target as the issue states it, for example "≤ 1.25×". */
  target?: string;
  /** Anything a reader needs to interpret the figures. */
  note?: string;
}

export interface Benchmark {
  name: string;
  /** What the anchor is, in a few words. */
  anchor: string;
  run(): Promise<BenchResult>;
}
