/**
 * The programme mixer: the whole programme as ONE ffmpeg filter graph, built from the model with the
 * edit engine's pieces.
 *
 * Each track is laid out as lanes: an edit-engine `RenderTimeline` as long as the programme, its
 * items' audio one after another with silence between (items that crossfade take turns on two
 * lanes, A/B, so that the overlap plays both). Each item brings its gain (item + track), fades,
 * crossfade fades and, where it starts or ends inside its source, the editor's 2.5 ms junction fade;
 * the bed's lanes carry the ducking envelope. `addTimeline` builds each lane (sources, cuts and
 * every gain sample-exact); `amix` sums them (`normalize=0`: a plain sum, every lane exactly as long
 * as the programme). The loudness stage and the outputs follow in the edit engine's renderer.
 */
import {
  EDIT_JUNCTION_FADE_SAMPLES,
  type EditEffect,
  type FadeCurve,
  type GainPoint,
  type ProgrammeItem,
} from '../../contract';
import { shiftEffect } from '../../edit/model';
import { addTimeline, type GraphInput, type RenderRun, type RenderTimeline } from '../../edit/render';
import { itemEnd, itemLength } from '../model';
import type { PreparedItem } from '../sources';

function fade(direction: 'in' | 'out', curve: FadeCurve, start: number, end: number): EditEffect {
  return { id: `f${direction}`, kind: 'fade', direction, curve, start, end, from: 0, to: 1 };
}

/** An item's own effects, in its own positions (0 = its first sample). */
export function itemEffects(p: PreparedItem, crossfadeIn: number, crossfadeOut: number): EditEffect[] {
  const { item, track } = p;
  const len = itemLength(item);
  const effects: EditEffect[] = [];
  const gainDb = item.gainDb + track.gainDb;
  if (gainDb !== 0) {
    effects.push({
      id: 'g',
      kind: 'gain',
      points: [
        { at: 0, gainDb },
        { at: len, gainDb },
      ],
    });
  }
  const junction = Math.min(EDIT_JUNCTION_FADE_SAMPLES, Math.floor(len / 2));
  if (item.fadeIn > 0) effects.push(fade('in', item.fadeCurve, 0, item.fadeIn));
  else if (p.cutStart && junction > 0) effects.push(fade('in', 'scurve', 0, junction));
  if (item.fadeOut > 0) effects.push(fade('out', item.fadeCurve, len - item.fadeOut, len));
  else if (p.cutEnd && junction > 0) effects.push(fade('out', 'scurve', len - junction, len));
  if (crossfadeIn > 0) effects.push(fade('in', 'scurve', 0, crossfadeIn));
  if (crossfadeOut > 0) effects.push(fade('out', 'scurve', len - crossfadeOut, len));
  return effects;
}

interface Lane {
  runs: RenderRun[];
  effects: EditEffect[];
  /** End of the last item on the lane. */
  end: number;
}

/**
 * The lanes of the programme: per track in track order, as long as the programme (`length`), in
 * `channels`. `bedEnvelope` (gain points in programme samples) goes on every lane of the bed.
 */
export function buildLanes(
  prepared: readonly PreparedItem[],
  trackOrder: readonly string[],
  length: number,
  channels: 1 | 2,
  bedEnvelope: readonly GainPoint[],
): RenderTimeline[] {
  const lanes: RenderTimeline[] = [];
  for (const trackId of trackOrder) {
    const items = prepared
      .filter((p) => p.item.trackId === trackId)
      .sort((a, b) => a.item.start - b.item.start || Number(a.item.id.slice(1)) - Number(b.item.id.slice(1)));
    if (items.length === 0) continue;
    // Crossfades with the neighbour on the same track (the overlap that plays).
    const xIn = new Map<string, number>();
    const xOut = new Map<string, number>();
    items.forEach((p, k) => {
      const prev = items[k - 1];
      if (!prev) return;
      const overlap = Math.max(0, itemEnd(prev.item) - p.item.start);
      xIn.set(p.item.id, overlap);
      xOut.set(prev.item.id, overlap);
    });
    const trackLanes: Lane[] = [];
    for (const p of items) {
      const item: ProgrammeItem = p.item;
      let lane = trackLanes.find((l) => l.end <= item.start);
      if (!lane) trackLanes.push((lane = { runs: [], effects: [], end: 0 }));
      if (item.start > lane.end) lane.runs.push({ kind: 'silence', length: item.start - lane.end });
      lane.runs.push(...p.timeline.runs);
      const own = itemEffects(p, xIn.get(item.id) ?? 0, xOut.get(item.id) ?? 0);
      for (const e of [...p.timeline.effects, ...own]) lane.effects.push(shiftEffect(e, item.start));
      lane.end = itemEnd(item);
    }
    const bed = items[0]?.track.kind === 'bed';
    for (const lane of trackLanes) {
      if (lane.end < length) lane.runs.push({ kind: 'silence', length: length - lane.end });
      if (bed && bedEnvelope.length >= 2) {
        lane.effects.push({ id: 'duck', kind: 'gain', points: bedEnvelope.map((pt) => ({ ...pt })) });
      }
      lanes.push({ channels, length, runs: lane.runs, effects: lane.effects });
    }
  }
  return lanes;
}

/** The lanes summed: what the loudness stage and the outputs read. */
export function mixInput(lanes: readonly RenderTimeline[], length: number): GraphInput {
  if (lanes.length === 0) throw new Error('nothing to mix');
  return {
    length,
    build(graph) {
      const labels = lanes.map((lane) => addTimeline(graph, lane));
      if (labels.length === 1) return labels[0] as string;
      const out = graph.label('mix');
      graph.add(
        labels,
        [`amix=inputs=${labels.length}:duration=longest:dropout_transition=0:normalize=0`],
        [out],
      );
      return out;
    },
  };
}
