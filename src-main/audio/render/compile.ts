/**
 * From an edit list to a render timeline: clips that follow each other in their source are merged
 * (a split, or a cut undone by a paste of the same audio, plays as it was: no fade), and every other
 * edge of a clip gets a 2.5 ms junction fade inside the clip, so that no edit point clicks and no
 * sample moves. A window renders part of the timeline exactly as the whole render plays it there.
 */
import { EDIT_JUNCTION_FADE_SAMPLES, StudioError, type EditDocument, type EditEffect } from '../../contract';
import { documentLength, restrictEffect, shiftEffect, sliceEffects } from './effect-ranges';
import type { RenderRun, RenderSource, RenderTimeline } from './timeline-graph';

export interface TimelineWindow {
  start: number;
  end: number;
}

type AudioRun = Extract<RenderRun, { kind: 'audio' }>;

/** Channels the edit renders with: stereo when any of its sources is. */
export function documentChannels(doc: EditDocument, sources: ReadonlyMap<string, RenderSource>): 1 | 2 {
  return doc.clips.some((c) => sources.get(c.assetId)?.channels === 2) ? 2 : 1;
}

/** Merged runs of the whole document, with their junction fades. */
export function documentRuns(doc: EditDocument, sources: ReadonlyMap<string, RenderSource>): RenderRun[] {
  const runs: RenderRun[] = [];
  let last: AudioRun | null = null;
  for (const c of doc.clips) {
    const source = sources.get(c.assetId);
    if (!source)
      throw new StudioError('INTERNAL', `Thiếu nguồn âm thanh ${c.assetId} khi dựng bản biên tập.`);
    if (last && last.source.id === c.assetId && last.sourceEnd === c.sourceStart) {
      last.sourceEnd = c.sourceEnd;
      continue;
    }
    last = {
      kind: 'audio',
      source,
      sourceStart: c.sourceStart,
      sourceEnd: c.sourceEnd,
      fadeIn: 0,
      fadeOut: 0,
    };
    runs.push(last);
  }
  const out: RenderRun[] = [];
  for (const r of runs) {
    if (r.kind !== 'audio') continue;
    // A source shorter than the edit list says (a damaged cache): pad with silence, so nothing moves.
    const available = Math.max(r.sourceStart, Math.min(r.sourceEnd, r.source.frames));
    const len = available - r.sourceStart;
    const half = Math.floor(len / 2);
    if (len > 0) {
      out.push({
        ...r,
        sourceEnd: available,
        fadeIn: r.sourceStart > 0 ? Math.min(EDIT_JUNCTION_FADE_SAMPLES, half) : 0,
        fadeOut: r.sourceEnd < r.source.frames ? Math.min(EDIT_JUNCTION_FADE_SAMPLES, half) : 0,
      });
    }
    if (available < r.sourceEnd) out.push({ kind: 'silence', length: r.sourceEnd - available });
  }
  return out;
}

/** The render timeline of a document, or of the window `[start, end)` of it. */
export function compileDocument(
  doc: EditDocument,
  sources: ReadonlyMap<string, RenderSource>,
  window?: TimelineWindow,
): RenderTimeline {
  const length = documentLength(doc);
  const ws = window?.start ?? 0;
  const we = window?.end ?? length;
  if (ws < 0 || we > length || ws >= we) throw new Error(`bad window ${ws}..${we} of ${length}`);
  const channels = documentChannels(doc, sources);
  const all = documentRuns(doc, sources);
  if (ws === 0 && we === length) return { channels, length, runs: all, effects: doc.effects };

  const runs: RenderRun[] = [];
  const effects: EditEffect[] = sliceEffects(doc.effects, ws, we);
  let pos = 0;
  for (const run of all) {
    const len = run.kind === 'audio' ? run.sourceEnd - run.sourceStart : run.length;
    const k0 = Math.max(0, ws - pos);
    const k1 = Math.min(len, we - pos);
    const at = pos;
    pos += len;
    if (k0 >= k1) continue;
    if (run.kind === 'silence') {
      runs.push({ kind: 'silence', length: k1 - k0 });
      continue;
    }
    if (k0 === 0 && k1 === len) {
      runs.push(run);
      continue;
    }
    // A run the window cuts: its junction fades become timeline fades, cut exactly where the window cuts.
    const fades: EditEffect[] = [];
    if (run.fadeIn > 0) {
      fades.push({
        id: 'jin',
        kind: 'fade',
        direction: 'in',
        curve: 'scurve',
        start: 0,
        end: run.fadeIn,
        from: 0,
        to: 1,
      });
    }
    if (run.fadeOut > 0) {
      fades.push({
        id: 'jout',
        kind: 'fade',
        direction: 'out',
        curve: 'scurve',
        start: len - run.fadeOut,
        end: len,
        from: 0,
        to: 1,
      });
    }
    for (const f of fades) {
      const part = restrictEffect(f, k0, k1);
      if (part) effects.push(shiftEffect(part, at - ws));
    }
    runs.push({
      ...run,
      sourceStart: run.sourceStart + k0,
      sourceEnd: run.sourceStart + k1,
      fadeIn: 0,
      fadeOut: 0,
    });
  }
  return { channels, length: we - ws, runs, effects };
}
