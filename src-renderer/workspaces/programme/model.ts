/**
 * What the programme workspace works out for itself from a `ProgrammeState`: pixel ↔ sample
 * conversions, snapping, the rundown's reorder targets and the bed's ducking curve as drawn.
 * Everything that decides audio comes from main; these only decide where things are drawn and
 * which operation a gesture sends.
 */
import type {
  DuckingSettings,
  FadeCurve,
  LoudnessPresetId,
  ProgrammeItemView,
  ProgrammePriority,
  ProgrammeState,
  ProgrammeTrackKind,
} from '../../../src-main/contract';
import { SAMPLE_RATE } from '../editor/samples';

/** Re-declared from the contract (the renderer imports its types only). */
export const PRIORITIES: ProgrammePriority[] = ['normal', 'priority', 'emergency'];
export const LOUDNESS_PRESET_LIST: Array<{ id: LoudnessPresetId; targetLufs: number }> = [
  { id: 'broadcast', targetLufs: -23 },
  { id: 'outdoor', targetLufs: -16 },
];
export const FADE_CURVES: FadeCurve[] = ['scurve', 'lin', 'exp', 'log'];
/** `PROGRAMME_MAX_SAMPLES`: 3 hours. */
export const MAX_SAMPLES = 3 * 3600 * SAMPLE_RATE;
/** `DEFAULT_DUCKING` in the contract. */
export const DEFAULT_DUCKING: DuckingSettings = { depthDb: 12, attackMs: 300, releaseMs: 700 };

export const sec = (samples: number) => samples / SAMPLE_RATE;
export const samplesOf = (seconds: number) => Math.round(seconds * SAMPLE_RATE);

export function trackKindOf(state: ProgrammeState, trackId: string): ProgrammeTrackKind | undefined {
  return state.tracks.find((t) => t.id === trackId)?.kind;
}

/** Items of the rundown a drag can reorder: voice and jingle, in rundown order (the bed stays). */
export function sequence(state: ProgrammeState): ProgrammeItemView[] {
  return state.items.filter((i) => i.trackKind !== 'bed');
}

/** The `reorder` target that moves an item one place up (-1) or down (+1) in the sequence. */
export function reorderTarget(
  state: ProgrammeState,
  itemId: string,
  direction: -1 | 1,
): { beforeItemId: string | null } | null {
  const seq = sequence(state);
  const k = seq.findIndex((i) => i.id === itemId);
  if (k < 0) return null;
  if (direction === -1) {
    const prev = seq[k - 1];
    return prev ? { beforeItemId: prev.id } : null;
  }
  if (k >= seq.length - 1) return null;
  return { beforeItemId: seq[k + 2]?.id ?? null };
}

/** Where a new voice or jingle item goes by default: after the selected item, or at the end. */
export function appendPosition(
  state: ProgrammeState,
  trackId: string,
  selected: ProgrammeItemView | null,
): { start: number; ripple: boolean } {
  const kind = trackKindOf(state, trackId);
  if (kind === 'bed') {
    if (selected) return { start: selected.start, ripple: false };
    const bedEnd = Math.max(0, ...state.items.filter((i) => i.trackId === trackId).map((i) => i.end));
    return { start: bedEnd, ripple: false };
  }
  if (selected && selected.trackKind !== 'bed') return { start: selected.end, ripple: true };
  const end = Math.max(0, ...sequence(state).map((i) => i.end));
  return { start: end, ripple: false };
}

/** Positions a dragged item may snap to: every item's start and end, 0, and the target. */
export function snapPoints(state: ProgrammeState, exclude: string): number[] {
  const points = new Set<number>([0]);
  for (const i of state.items) {
    if (i.id === exclude) continue;
    points.add(i.start);
    points.add(i.end);
  }
  if (state.metadata.targetSamples) points.add(state.metadata.targetSamples);
  return [...points];
}

/**
 * Snaps a moved item: its start or its end (whichever lands closer) onto the nearest point within
 * `threshold` samples. Returns the new start.
 */
export function snapStart(start: number, length: number, points: number[], threshold: number): number {
  let best = start;
  let bestDistance = threshold + 1;
  for (const p of points) {
    const dStart = Math.abs(p - start);
    if (dStart < bestDistance) {
      bestDistance = dStart;
      best = p;
    }
    const dEnd = Math.abs(p - (start + length));
    if (dEnd < bestDistance) {
      bestDistance = dEnd;
      best = p - length;
    }
  }
  return Math.max(0, best);
}

/** Snaps one edge (trim) onto the nearest point within `threshold`. */
export function snapEdge(x: number, points: number[], threshold: number): number {
  let best = x;
  let bestDistance = threshold + 1;
  for (const p of points) {
    const d = Math.abs(p - x);
    if (d < bestDistance) {
      bestDistance = d;
      best = p;
    }
  }
  return best;
}

/** The item before `item` on its own track (what a crossfade overlaps). */
export function previousOnTrack(state: ProgrammeState, item: ProgrammeItemView): ProgrammeItemView | null {
  let prev: ProgrammeItemView | null = null;
  for (const i of state.items) {
    if (i.trackId !== item.trackId || i.id === item.id) continue;
    if (i.start <= item.start && (!prev || i.start >= prev.start)) prev = i;
  }
  return prev;
}

/**
 * The bed's gain as the render applies it (ducking.ts in main): for each audible voice item a dip
 * of `depth` dB from `attack` before it starts until `release` after it ends, the deepest wins.
 * Sampled at `points` positions over `[from, to]` for drawing.
 */
export function duckingCurve(
  state: ProgrammeState,
  from: number,
  to: number,
  points: number,
): Array<{ at: number; db: number }> {
  const audible = new Set(state.tracks.filter((t) => t.kind === 'voice' && !t.muted).map((t) => t.id));
  const dips = state.items
    .filter((i) => audible.has(i.trackId))
    .map((i) => ({
      start: i.start,
      end: i.end,
      attack: samplesOf((i.duck?.attackMs ?? state.ducking.attackMs) / 1000),
      release: samplesOf((i.duck?.releaseMs ?? state.ducking.releaseMs) / 1000),
      depth: i.duck?.depthDb ?? state.ducking.depthDb,
    }))
    .filter((d) => d.depth > 0 && d.end + d.release > from && d.start - d.attack < to);
  const out: Array<{ at: number; db: number }> = [];
  const n = Math.max(1, points);
  for (let k = 0; k <= n; k++) {
    const x = from + ((to - from) * k) / n;
    let db = 0;
    for (const d of dips) {
      let v = 0;
      if (x >= d.start && x < d.end) v = -d.depth;
      else if (x < d.start && x >= d.start - d.attack)
        v = d.attack > 0 ? (-d.depth * (x - (d.start - d.attack))) / d.attack : 0;
      else if (x >= d.end && x < d.end + d.release)
        v = d.release > 0 ? -d.depth * (1 - (x - d.end) / d.release) : 0;
      db = Math.min(db, v);
    }
    out.push({ at: x, db });
  }
  return out;
}

/** "vie" codes the programme carries, each with its airtime (0 when it has none yet). */
export function airtimeByLanguage(state: ProgrammeState): Array<{ code: string; seconds: number }> {
  const seen = new Set<string>();
  const out: Array<{ code: string; seconds: number }> = [];
  for (const code of state.metadata.languages) {
    seen.add(code);
    out.push({ code, seconds: state.analysis.secondsByLanguage[code] ?? 0 });
  }
  for (const [code, seconds] of Object.entries(state.analysis.secondsByLanguage)) {
    if (!seen.has(code)) out.push({ code, seconds });
  }
  return out;
}

/** "06:00, 17:30" → ["06:00", "17:30"]; separators are commas, semicolons, spaces or new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** "6:00" → "06:00" (the contract wants two digits). */
export function normaliseSlot(slot: string): string {
  const m = /^(\d{1,2})[:h.](\d{2})$/.exec(slot.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : slot.trim();
}
