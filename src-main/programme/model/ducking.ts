/**
 * Ducking as a gain envelope, computed from the model rather than from the signal.
 *
 * Why not ffmpeg's `sidechaincompress`: its gain depends on the voice signal (pauses between
 * sentences let the bed swell, a quiet voice ducks less), so it cannot be set to "12 dB under
 * voice" and checked to ±1 dB, and what the workspace draws would not be what renders. Here the
 * voice items' positions are known exactly, so the bed's gain is a piecewise-linear envelope (in dB)
 * in samples: for each voice item `[s, e)`, 0 dB until `s − attack`, down linearly to `−depth` at
 * `s`, `−depth` until `e`, back up to 0 dB at `e + release`. Where several items' dips meet, the bed
 * follows the deepest (the minimum). The render applies it with the edit engine's gain envelope
 * (computed per sample by `aeval` on the ramps, `volume` where it is flat): sample-exact, and the
 * same every time.
 */
import type { DuckingSettings, GainPoint, ProgrammeItem } from '../../contract';
import { msToSamples } from '../../edit/model';
import { itemEnd } from './document';

/** One item's dip: 0 dB outside `[s − attack, e + release]`, `−depth` over `[s, e)`. */
export interface Dip {
  start: number;
  end: number;
  attack: number;
  release: number;
  depthDb: number;
}

export function dipsOf(items: readonly ProgrammeItem[], ducking: DuckingSettings): Dip[] {
  const dips: Dip[] = [];
  for (const item of items) {
    const depthDb = item.duck?.depthDb ?? ducking.depthDb;
    if (!(depthDb > 0)) continue;
    dips.push({
      start: item.start,
      end: itemEnd(item),
      attack: msToSamples(item.duck?.attackMs ?? ducking.attackMs),
      release: msToSamples(item.duck?.releaseMs ?? ducking.releaseMs),
      depthDb,
    });
  }
  return dips;
}

/** A dip's gain (dB) at `x`: from the left of `x` (`side = -1`) or at `x` and after (`side = 1`). */
export function dipDbAt(d: Dip, x: number, side: 1 | -1 = 1): number {
  const a0 = d.start - d.attack;
  const r1 = d.end + d.release;
  // With a step (no attack or no release), the value AT the step is the value after it.
  if (side === 1 ? x < a0 || x >= r1 : x <= a0 || x > r1) return 0;
  if (side === 1 ? x < d.start : x <= d.start) return (-d.depthDb * (x - a0)) / d.attack;
  if (side === 1 ? x < d.end : x <= d.end) return -d.depthDb;
  return -d.depthDb * (1 - (x - d.end) / d.release);
}

/** The envelope's gain (dB) at `x`: the deepest dip there. */
export function envelopeDb(dips: readonly Dip[], x: number, side: 1 | -1 = 1): number {
  let db = 0;
  for (const d of dips) db = Math.min(db, dipDbAt(d, x, side));
  return db;
}

/**
 * The envelope as gain points (linear in dB between points, a step where two points share a
 * position), within `[0, length]`; empty when nothing ducks. Between the dips' corners the minimum
 * of straight lines bends only where two of them cross: those crossings (rounded to the sample) are
 * added as points too.
 */
export function duckingEnvelope(dips: readonly Dip[], length: number): GainPoint[] {
  if (dips.length === 0 || length <= 0) return [];
  const corners = new Set<number>([0, length]);
  for (const d of dips) {
    for (const x of [d.start - d.attack, d.start, d.end, d.end + d.release])
      if (x > 0 && x < length) corners.add(x);
  }
  const xs = [...corners].sort((a, b) => a - b);
  // Crossings of two dips' straight pieces between consecutive corners.
  const extra: number[] = [];
  for (let k = 0; k + 1 < xs.length; k++) {
    const x0 = xs[k] as number;
    const x1 = xs[k + 1] as number;
    if (x1 - x0 < 2) continue;
    const lines = dips.map((d) => [dipDbAt(d, x0, 1), dipDbAt(d, x1, -1)] as const);
    for (let i = 0; i < lines.length; i++) {
      for (let j = i + 1; j < lines.length; j++) {
        const [a0, a1] = lines[i] as readonly [number, number];
        const [b0, b1] = lines[j] as readonly [number, number];
        const d0 = a0 - b0;
        const d1 = a1 - b1;
        if (d0 * d1 < 0) {
          const x = Math.round(x0 + ((x1 - x0) * d0) / (d0 - d1));
          if (x > x0 && x < x1) extra.push(x);
        }
      }
    }
  }
  const all = [...new Set([...xs, ...extra])].sort((a, b) => a - b);
  const points: GainPoint[] = [];
  for (const x of all) {
    // `+ 0` turns −0 into 0.
    const before = (x > 0 ? envelopeDb(dips, x, -1) : envelopeDb(dips, x, 1)) + 0;
    const after = envelopeDb(dips, x, 1) + 0;
    points.push({ at: x, gainDb: before });
    if (after !== before) points.push({ at: x, gainDb: after });
  }
  return simplify(points);
}

/** Drops points in the middle of a straight run (and runs of 0 dB at either end). */
function simplify(points: GainPoint[]): GainPoint[] {
  const out: GainPoint[] = [];
  for (const p of points) {
    const a = out[out.length - 2];
    const b = out[out.length - 1];
    if (a && b && a.at !== b.at && b.at !== p.at) {
      const expected = a.gainDb + ((p.gainDb - a.gainDb) * (b.at - a.at)) / (p.at - a.at);
      if (Math.abs(expected - b.gainDb) < 1e-9) out.pop();
    }
    out.push({ ...p });
  }
  while (out.length >= 2 && (out[0] as GainPoint).gainDb === 0 && (out[1] as GainPoint).gainDb === 0)
    out.shift();
  while (
    out.length >= 2 &&
    (out[out.length - 1] as GainPoint).gainDb === 0 &&
    (out[out.length - 2] as GainPoint).gainDb === 0
  )
    out.pop();
  return out.length >= 2 && out.some((p) => p.gainDb !== 0) ? out : [];
}
