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

/** The coarse peaks with a finer slice laid in at the slice's resolution. */
export function withFineSlice(base: PeaksResult, fine: PeaksResult): WavePeaks | null {
  const bps = fine.bucketsPerSecond;
  if (bps <= base.bucketsPerSecond) return null;
  const total = fine.levels.find((l) => l.level === fine.level)?.buckets ?? Math.ceil(fine.durationSec * bps);
  if (total <= 0 || total > MAX_BUCKETS) return null;
  const max = new Float32Array(total);
  const min = new Float32Array(total);
  const ratio = base.bucketsPerSecond / bps;
  const last = base.max.length - 1;
  for (let i = 0; i < total; i++) {
    const j = Math.min(last, Math.floor(i * ratio));
    max[i] = base.max[j] ?? 0;
    min[i] = base.min[j] ?? 0;
  }
  const first = Math.round(fine.startSec * bps);
  for (let k = 0; k < fine.max.length && first + k < total; k++) {
    max[first + k] = fine.max[k] ?? 0;
    min[first + k] = fine.min[k] ?? 0;
  }
  return {
    channels: [max, min],
    bucketsPerSecond: bps,
    fineStart: first / bps,
    fineEnd: (first + fine.max.length) / bps,
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
