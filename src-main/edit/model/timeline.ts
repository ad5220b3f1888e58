/**
 * The edit list's structural transforms, as pure functions on plain data: delete a timeline range,
 * insert clips, restrict effects to a range. Everything is in whole samples; nothing here rounds.
 *
 * The rules (see `EditEffect` and `EditSegment` in the contract):
 * - clips: a delete removes the audio under the range, splitting the clips at its ends; an insert
 *   splits the clip under the insertion point and puts the new clips between the halves;
 * - effects belong to the audio under them: after a delete or an insert every remaining sample has
 *   exactly the gain it had; an effect the edit goes through becomes two effects (the range
 *   arithmetic of effects is the render engine's, `audio/render/effect-ranges.ts`);
 * - segments are labels: a delete before one shifts it, inside shortens it, over all of it removes
 *   it; an insert inside lengthens it;
 * - markers are points: removed with the audio under them.
 */
import type {
  EditClip,
  EditClipSpec,
  EditDocument,
  EditEffect,
  EditMarker,
  EditSegment,
} from '../../contract';
import { effectEnd, effectStart, restrictEffect, shiftEffect } from '../../audio/render/effect-ranges';

export {
  documentLength,
  effectEnd,
  effectStart,
  envelopeDbAt,
  restrictEffect,
  shiftEffect,
  sliceEffects,
} from '../../audio/render/effect-ranges';

/** Gives out the next id of the document (`c12`, `e3`…); mutates `doc.nextId`. */
export function takeId(doc: EditDocument, prefix: 'c' | 'e' | 's' | 'm'): string {
  const id = `${prefix}${doc.nextId}`;
  doc.nextId += 1;
  return id;
}

export function emptyDocument(): EditDocument {
  return { clips: [], effects: [], segments: [], markers: [], loudness: null, nextId: 1 };
}

/** A new edit list: the whole of one asset. */
export function initialDocument(assetId: string, frames: number): EditDocument {
  const doc = emptyDocument();
  if (frames > 0) doc.clips.push({ id: takeId(doc, 'c'), assetId, sourceStart: 0, sourceEnd: frames });
  return doc;
}

// ---- Clips ----------------------------------------------------------------------------------------

/** Ensures a clip boundary at timeline position `t` (0 < t < length), splitting the clip under it. */
export function splitClipsAt(doc: EditDocument, t: number): void {
  let pos = 0;
  for (let i = 0; i < doc.clips.length; i++) {
    const c = doc.clips[i] as EditClip;
    const len = c.sourceEnd - c.sourceStart;
    if (t > pos && t < pos + len) {
      const cut = c.sourceStart + (t - pos);
      const right: EditClip = {
        id: takeId(doc, 'c'),
        assetId: c.assetId,
        sourceStart: cut,
        sourceEnd: c.sourceEnd,
      };
      doc.clips.splice(i, 1, { ...c, sourceEnd: cut }, right);
      return;
    }
    pos += len;
  }
}

/** Index of the first clip starting at or after `t`; `t` must be a clip boundary. */
function clipIndexAt(clips: EditClip[], t: number): number {
  let pos = 0;
  for (let i = 0; i < clips.length; i++) {
    if (pos >= t) return i;
    pos += (clips[i] as EditClip).sourceEnd - (clips[i] as EditClip).sourceStart;
  }
  return clips.length;
}

/** The clips under `[a, b)`, cut to it (copies; ids kept). */
export function clipsInRange(doc: EditDocument, a: number, b: number): EditClipSpec[] {
  const out: EditClipSpec[] = [];
  let pos = 0;
  for (const c of doc.clips) {
    const len = c.sourceEnd - c.sourceStart;
    const s = Math.max(a, pos);
    const e = Math.min(b, pos + len);
    if (s < e) {
      out.push({
        assetId: c.assetId,
        sourceStart: c.sourceStart + (s - pos),
        sourceEnd: c.sourceStart + (e - pos),
      });
    }
    pos += len;
    if (pos >= b) break;
  }
  return out;
}

// ---- Effects --------------------------------------------------------------------------------------

const FAR = Number.MAX_SAFE_INTEGER;

/**
 * Cuts the timeline at `t` and opens a gap of `gap` samples (negative: closes `[t, t − gap)`).
 * Effects before and after keep their ids; a part after the cut of an effect that had a part before
 * it gets a new id.
 */
function reshapeEffects(doc: EditDocument, cutFrom: number, cutTo: number, shift: number): EditEffect[] {
  const out: EditEffect[] = [];
  for (const e of doc.effects) {
    const left = restrictEffect(e, 0, cutFrom);
    const right = restrictEffect(e, cutTo, FAR);
    if (left) out.push(left);
    if (right) out.push(shiftEffect(left ? { ...right, id: takeId(doc, 'e') } : right, shift));
  }
  return out;
}

/**
 * Sorts effects and merges silences (and declick ranges) that touch or overlap, so that a silence
 * cut through and joined again plays as one silence (its ramps only at its outer ends).
 */
export function normaliseEffects(effects: EditEffect[]): EditEffect[] {
  const sorted = [...effects].sort(
    (x, y) => effectStart(x) - effectStart(y) || effectEnd(x) - effectEnd(y) || x.id.localeCompare(y.id),
  );
  const out: EditEffect[] = [];
  const open: Partial<Record<'silence' | 'declick', EditEffect & { start: number; end: number }>> = {};
  for (const e of sorted) {
    if (e.kind === 'silence' || e.kind === 'declick') {
      const prev = open[e.kind];
      if (prev && e.start <= prev.end) {
        prev.end = Math.max(prev.end, e.end);
        continue;
      }
      const copy = { ...e };
      open[e.kind] = copy;
      out.push(copy);
    } else {
      out.push(e);
    }
  }
  return out;
}

// ---- Segments and markers -------------------------------------------------------------------------

function mapDelete(x: number, a: number, b: number): number {
  return x <= a ? x : x >= b ? x - (b - a) : a;
}

function deleteFromLabels(doc: EditDocument, a: number, b: number): void {
  const segments: EditSegment[] = [];
  for (const s of doc.segments) {
    const start = mapDelete(s.start, a, b);
    const end = mapDelete(s.end, a, b);
    if (end > start) segments.push({ ...s, start, end });
  }
  doc.segments = segments;
  doc.markers = doc.markers
    .filter((m) => m.at < a || m.at >= b)
    .map((m): EditMarker => (m.at >= b ? { ...m, at: m.at - (b - a) } : m));
}

function insertIntoLabels(doc: EditDocument, t: number, n: number): void {
  doc.segments = doc.segments.map((s) => ({
    ...s,
    start: s.start >= t ? s.start + n : s.start,
    end: s.end > t || s.start >= t ? s.end + n : s.end,
  }));
  doc.markers = doc.markers.map((m) => (m.at >= t ? { ...m, at: m.at + n } : m));
}

export function sortLabels(doc: EditDocument): void {
  doc.segments.sort((x, y) => x.start - y.start || x.end - y.end || x.id.localeCompare(y.id));
  doc.markers.sort((x, y) => x.at - y.at || x.id.localeCompare(y.id));
}

// ---- The two structural edits ---------------------------------------------------------------------

/** Removes `[a, b)` from the timeline (0 ≤ a < b ≤ length; checked by the caller). Mutates `doc`. */
export function deleteRange(doc: EditDocument, a: number, b: number): void {
  splitClipsAt(doc, a);
  splitClipsAt(doc, b);
  const i = clipIndexAt(doc.clips, a);
  const j = clipIndexAt(doc.clips, b);
  doc.clips.splice(i, j - i);
  doc.effects = normaliseEffects(reshapeEffects(doc, a, b, -(b - a)));
  deleteFromLabels(doc, a, b);
}

/**
 * Inserts clips (with their own effects, positioned from 0) at timeline position `t` (0 ≤ t ≤ length;
 * checked by the caller). Mutates `doc`.
 */
export function insertClips(
  doc: EditDocument,
  t: number,
  clips: EditClipSpec[],
  effects: EditEffect[],
): number {
  let n = 0;
  for (const c of clips) n += c.sourceEnd - c.sourceStart;
  if (n === 0) return 0;
  splitClipsAt(doc, t);
  const i = clipIndexAt(doc.clips, t);
  const fresh = clips.map((c): EditClip => ({ id: takeId(doc, 'c'), ...c }));
  doc.clips.splice(i, 0, ...fresh);
  const moved = reshapeEffects(doc, t, t, n);
  for (const e of effects) {
    const r = restrictEffect(e, 0, n);
    if (r) moved.push(shiftEffect({ ...r, id: takeId(doc, 'e') }, t));
  }
  doc.effects = normaliseEffects(moved);
  insertIntoLabels(doc, t, n);
  return n;
}
