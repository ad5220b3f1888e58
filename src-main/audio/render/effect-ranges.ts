/**
 * Effects on a stretch of timeline, as pure functions: where an effect starts and ends, the part of
 * it within a range, the same moved. The render engine cuts windows with them (`compile.ts`); the
 * edit model reshapes an edit list with them. Everything is in whole samples; nothing here rounds.
 */
import type { EditDocument, EditEffect, GainPoint } from '../../contract';

/** Length of the timeline in samples. */
export function documentLength(doc: Pick<EditDocument, 'clips'>): number {
  let n = 0;
  for (const c of doc.clips) n += c.sourceEnd - c.sourceStart;
  return n;
}

export function effectStart(e: EditEffect): number {
  return e.kind === 'gain' ? (e.points[0] as GainPoint).at : e.start;
}

export function effectEnd(e: EditEffect): number {
  return e.kind === 'gain' ? (e.points[e.points.length - 1] as GainPoint).at : e.end;
}

/** Gain of an envelope at `x` in dB: the value just after `x` (`side = 1`) or just before it (`-1`). */
export function envelopeDbAt(points: GainPoint[], x: number, side: 1 | -1): number {
  const first = points[0] as GainPoint;
  const last = points[points.length - 1] as GainPoint;
  if (x <= first.at) return first.gainDb;
  if (x >= last.at) return last.gainDb;
  for (let i = 0; i < points.length - 1; i++) {
    const p = points[i] as GainPoint;
    const q = points[i + 1] as GainPoint;
    if (x === p.at && side === 1) {
      // A step at x: the value after it is the last point at x.
      let j = i;
      while (j + 1 < points.length && (points[j + 1] as GainPoint).at === x) j++;
      return (points[j] as GainPoint).gainDb;
    }
    if (x > p.at && x < q.at) return p.gainDb + ((q.gainDb - p.gainDb) * (x - p.at)) / (q.at - p.at);
    if (x === q.at && side === -1) return q.at === p.at ? p.gainDb : q.gainDb;
  }
  return last.gainDb;
}

/** The part of an effect within `[a, b)`, in the same coordinates; `null` when nothing is left. */
export function restrictEffect(e: EditEffect, a: number, b: number): EditEffect | null {
  const s = Math.max(a, effectStart(e));
  const t = Math.min(b, effectEnd(e));
  if (s >= t) return null;
  switch (e.kind) {
    case 'silence':
    case 'declick':
      return { ...e, start: s, end: t };
    case 'fade': {
      const span = e.end - e.start;
      const at = (x: number) => e.from + ((e.to - e.from) * (x - e.start)) / span;
      return { ...e, start: s, end: t, from: s === e.start ? e.from : at(s), to: t === e.end ? e.to : at(t) };
    }
    case 'gain': {
      const inside = e.points.filter((p) => p.at > s && p.at < t);
      const first = e.points[0] as GainPoint;
      const last = e.points[e.points.length - 1] as GainPoint;
      const head =
        s === first.at
          ? e.points.filter((p) => p.at === s)
          : [{ at: s, gainDb: envelopeDbAt(e.points, s, 1) }];
      const tail =
        t === last.at
          ? e.points.filter((p) => p.at === t)
          : [{ at: t, gainDb: envelopeDbAt(e.points, t, -1) }];
      return { ...e, points: [...head, ...inside, ...tail].map((p) => ({ ...p })) };
    }
  }
}

export function shiftEffect(e: EditEffect, d: number): EditEffect {
  if (e.kind === 'gain') return { ...e, points: e.points.map((p) => ({ at: p.at + d, gainDb: p.gainDb })) };
  return { ...e, start: e.start + d, end: e.end + d };
}

/** The effects under `[a, b)`, moved to start at 0 (a copy for the clipboard, or a window to render). */
export function sliceEffects(effects: EditEffect[], a: number, b: number): EditEffect[] {
  const out: EditEffect[] = [];
  for (const e of effects) {
    const r = restrictEffect(e, a, b);
    if (r) out.push(shiftEffect(r, -a));
  }
  return out;
}
