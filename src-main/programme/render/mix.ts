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
 *
 * An item made of a normalised edit (the editor's "Chuẩn hoá độ to" of the whole edit) brings the
 * edit's loudness stage along: its gain is one more constant gain of the item (exact, like the
 * editor's). When that stage also needs its limiter, the item gets a lane of its own, and the
 * lane goes through the stage (gain, then the limiter) and then through the item's own gain in the
 * programme; its fades (and, on the bed, the ducking) stay before the limiter, which only matters
 * where the limiter works. For a segment the limiter starts afresh at the segment's first sample
 * (the editor's runs on the whole edit), which can differ only within its release (50 ms).
 */
import {
  EDIT_JUNCTION_FADE_SAMPLES,
  type EditEffect,
  type FadeCurve,
  type GainPoint,
  type ProgrammeItem,
} from '../../contract';
import { shiftEffect } from '../../edit/model';
import {
  addNormalize,
  addTimeline,
  num,
  type GraphInput,
  type NormalizeStage,
  type RenderRun,
  type RenderTimeline,
} from '../../audio';
import { itemEnd, itemLength } from '../model';
import type { PreparedItem } from '../sources';

function fade(direction: 'in' | 'out', curve: FadeCurve, start: number, end: number): EditEffect {
  return { id: `f${direction}`, kind: 'fade', direction, curve, start, end, from: 0, to: 1 };
}

/** Whether an item needs a lane of its own: its edit's loudness stage has a limiter. */
const limited = (p: PreparedItem) => p.stage !== null && p.stage.limiterLimit !== null;

/**
 * An item's own effects, in its own positions (0 = its first sample): its gain (the item's and its
 * track's, and its edit's loudness gain; not when a limiter follows, see above), fades and crossfades.
 */
export function itemEffects(p: PreparedItem, crossfadeIn: number, crossfadeOut: number): EditEffect[] {
  const { item, track } = p;
  const len = itemLength(item);
  const effects: EditEffect[] = [];
  const gainDb = limited(p) ? 0 : item.gainDb + track.gainDb + (p.stage?.gainDb ?? 0);
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
  post: LanePost | null;
}

/** After a lane's timeline: an edit item's loudness stage (with its limiter), then the item's gain. */
export interface LanePost {
  stage: NormalizeStage;
  gainDb: number;
}

/** A lane as long as the programme, and what follows it before the mix (an edit item's limiter). */
export interface ProgrammeLane extends RenderTimeline {
  post: LanePost | null;
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
): ProgrammeLane[] {
  const lanes: ProgrammeLane[] = [];
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
      const post = limited(p)
        ? { stage: p.stage as NormalizeStage, gainDb: item.gainDb + p.track.gainDb }
        : null;
      let lane = post ? undefined : trackLanes.find((l) => l.post === null && l.end <= item.start);
      if (!lane) trackLanes.push((lane = { runs: [], effects: [], end: 0, post }));
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
      lanes.push({ channels, length, runs: lane.runs, effects: lane.effects, post: lane.post });
    }
  }
  return lanes;
}

/** The lanes summed: what the loudness stage and the outputs read. */
export function mixInput(lanes: readonly ProgrammeLane[], length: number): GraphInput {
  if (lanes.length === 0) throw new Error('nothing to mix');
  return {
    length,
    build(graph) {
      const labels = lanes.map((lane) => {
        const label = addTimeline(graph, lane);
        if (!lane.post) return label;
        const { stage, gainDb } = lane.post;
        const gain = gainDb === 0 ? [] : [`volume=${num(10 ** (gainDb / 20))}`];
        return graph.chain(addNormalize(graph, label, stage), gain, 'p');
      });
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
