import type { PeaksResult } from '../../../src-main/contract';

/**
 * Waveform peaks for wavesurfer from what main sends: the preview's coarse peaks of the whole edit,
 * and, when zoomed in, a finer slice around what is on screen (`edit.peaks`). wavesurfer wants one
 * array spread evenly over the whole duration, so the fine slice is laid into an array at its own
 * resolution and the rest is filled from the coarse peaks (it is off screen anyway).
 */
export interface WavePeaks {
  /** `[max, min]`: wavesurfer draws the first above the line and the second below it. */
  channels: [Float32Array, Float32Array];
  bucketsPerSecond: number;
  /** Seconds covered at this resolution (the whole edit for the coarse peaks). */
  fineStart: number;
  fineEnd: number;
}

/** Most buckets we lay out for one edit (a 3-hour edit at 100 buckets a second is 1.08 million). */
const MAX_BUCKETS = 2_000_000;

export function coarsePeaks(p: PeaksResult): WavePeaks {
  return {
    channels: [Float32Array.from(p.max), Float32Array.from(p.min)],
    bucketsPerSecond: p.bucketsPerSecond,
    fineStart: 0,
    fineEnd: p.durationSec,
  };
}

/**
 * The coarse peaks with a finer slice laid in at the slice's resolution. `reuse` hands back the
 * arrays of the last slice at the same resolution: refilled in place instead of allocating
 * megabytes (and collecting them) on every scroll at depth.
 */
export function withFineSlice(
  base: PeaksResult,
  fine: PeaksResult,
  reuse?: WavePeaks | null,
): WavePeaks | null {
  const bps = fine.bucketsPerSecond;
  if (bps <= base.bucketsPerSecond) return null;
  const total = fine.levels.find((l) => l.level === fine.level)?.buckets ?? Math.ceil(fine.durationSec * bps);
  if (total <= 0 || total > MAX_BUCKETS) return null;
  const same = reuse && reuse.bucketsPerSecond === bps && reuse.channels[0].length === total;
  const max = same ? reuse.channels[0] : new Float32Array(total);
  const min = same ? reuse.channels[1] : new Float32Array(total);
  // Off screen: each coarse bucket spread over the fine buckets it covers (native fills: a 3-hour
  // edit at 100 buckets a second takes a millisecond, not a frame).
  const per = bps / base.bucketsPerSecond;
  let filled = 0;
  for (let j = 0; j < base.max.length && filled < total; j++) {
    const to = j === base.max.length - 1 ? total : Math.min(total, Math.round((j + 1) * per));
    max.fill(base.max[j] ?? 0, filled, to);
    min.fill(base.min[j] ?? 0, filled, to);
    filled = Math.max(filled, to);
  }
  const first = Math.min(total, Math.round(fine.startSec * bps));
  const n = Math.min(fine.max.length, total - first);
  max.set(n === fine.max.length ? fine.max : fine.max.slice(0, n), first);
  min.set(n === fine.min.length ? fine.min : fine.min.slice(0, n), first);
  return {
    channels: [max, min],
    bucketsPerSecond: bps,
    fineStart: first / bps,
    fineEnd: (first + n) / bps,
  };
}

/**
 * What to draw for a zoom and a visible range: keep what is drawn, go back to the coarse peaks of
 * the whole edit, or fetch a finer slice (when there is more than one pixel a bucket, or when the
 * fine slice drawn does not cover what is on screen).
 */
export function peaksPlan(
  current: WavePeaks,
  coarseBps: number,
  pxPerSec: number,
  visibleStart: number,
  visibleEnd: number,
  finestBps: number,
): 'keep' | 'coarse' | 'fetch' {
  const isCoarse = current.bucketsPerSecond === coarseBps && current.fineStart === 0;
  if (pxPerSec <= coarseBps) return isCoarse ? 'keep' : 'coarse';
  const wanted = Math.min(pxPerSec, finestBps);
  const sharpEnough = current.bucketsPerSecond >= wanted * 0.99;
  const covers = visibleStart >= current.fineStart - 1e-6 && visibleEnd <= current.fineEnd + 1e-6;
  // Far finer than needed (zoomed out a lot): a coarser slice draws faster and covers more.
  const wasteful = current.bucketsPerSecond > wanted * 16;
  return sharpEnough && covers && !wasteful ? 'keep' : 'fetch';
}
