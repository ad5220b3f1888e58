/**
 * Turns a timeline (pieces of 48 kHz sources one after another, and effects on timeline ranges) into
 * ONE ffmpeg filter graph, sample-exact. This is the render engine's core; the programme mixer builds
 * one timeline per track with it and mixes them.
 *
 *   amovie=library/ab/ab….wav:f=wav:sp=12.3,atrim=start_pts=S:end_pts=E,asetpts=N/SR/TB,…[r0];
 *   …;
 *   [r0][r1]…concat=n=K:v=0:a=1[j];                      the timeline, before effects
 *   [j]asegment=samples=p1|p2|…[s0][s1]…;                 cut at every effect boundary
 *   [s1]aeval='val(0)*(gain(n))|…',asetpts=PTS-STARTPTS[e1]; …   each piece's gain, per sample
 *   [e0][e1]…concat=n=M:v=0:a=1[fx]
 *
 * Why it is exact: every source is a 48 kHz WAV (the asset itself, or its 48 kHz copy), whose
 * demuxer gives each packet its exact sample position as pts. `amovie` seeks a little before the
 * clip (never after: WAV seeks are exact to the sample, and we seek 50 ms early), and `atrim` cuts
 * by those pts (`start_pts`/`end_pts`, not `start_sample`, which counts samples seen since the seek).
 * `concat` lays the clips end to end by sample count; `asegment` cuts by sample count. Gains that
 * change within a piece (fades, ramps) are computed per sample by `aeval` from the sample index, so
 * they do not depend on how ffmpeg frames the audio (the `volume` filter evaluates once per frame).
 */
import type { EditEffect, FadeCurve, GainPoint } from '../../contract';
import { EDIT_SAMPLE_RATE } from '../../contract';
import { escapeValue, num, type FilterGraph } from './filter-graph';

/** A 48 kHz WAV the renderer reads. */
export interface RenderSource {
  /** What the audio is (an asset id); part of the render's identity, unlike `file`. */
  id: string;
  /** Path ffmpeg opens: relative to the render's working folder, or absolute. */
  file: string;
  /** Samples in the file. */
  frames: number;
  channels: 1 | 2;
}

export type RenderRun =
  | {
      kind: 'audio';
      source: RenderSource;
      sourceStart: number;
      sourceEnd: number;
      /** Samples of junction fade at the run's start and end (0: none). Half-cosine shape. */
      fadeIn: number;
      fadeOut: number;
    }
  | { kind: 'silence'; length: number };

export interface RenderTimeline {
  channels: 1 | 2;
  /** Sum of the runs' lengths. */
  length: number;
  runs: RenderRun[];
  /** Effects in timeline positions of this timeline (0 = its first sample). */
  effects: EditEffect[];
}

export function runLength(run: RenderRun): number {
  return run.kind === 'audio' ? run.sourceEnd - run.sourceStart : run.length;
}

/** Samples before a clip where `amovie` seeks to: 50 ms, so that a seek can never land after it. */
const SEEK_MARGIN = 2400;
/** Ramps inside each end of a silence. */
export const SILENCE_RAMP = 120;

const layout = (channels: 1 | 2) => (channels === 1 ? 'mono' : 'stereo');

function runChain(g: FilterGraph, run: RenderRun, channels: 1 | 2): string {
  if (run.kind === 'silence') {
    return g.source(
      [
        `anullsrc=r=${EDIT_SAMPLE_RATE}:cl=${layout(channels)}`,
        `atrim=end_sample=${run.length}`,
        'aformat=sample_fmts=fltp',
      ],
      'r',
    );
  }
  const { source, sourceStart: s, sourceEnd: e } = run;
  const len = e - s;
  const seekMs = Math.floor(Math.max(0, s - SEEK_MARGIN) / (EDIT_SAMPLE_RATE / 1000));
  const filters = [
    `amovie=filename=${escapeValue(source.file)}:f=wav${seekMs > 0 ? `:sp=${num(seekMs / 1000)}` : ''}`,
    `atrim=start_pts=${s}:end_pts=${e}`,
    'asetpts=N/SR/TB',
    `aformat=sample_fmts=fltp:channel_layouts=${layout(source.channels)}`,
  ];
  // Mono into a stereo timeline: the same signal at full level on both sides (ffmpeg's own upmix is −3 dB).
  if (source.channels === 1 && channels === 2) filters.push('pan=stereo|c0=c0|c1=c0');
  if (run.fadeIn > 0) filters.push(`afade=t=in:ns=${Math.min(run.fadeIn, len)}:curve=hsin`);
  if (run.fadeOut > 0) {
    const n = Math.min(run.fadeOut, len);
    filters.push(`afade=t=out:ss=${len - n}:ns=${n}:curve=hsin`);
  }
  return g.source(filters, 'r');
}

// ---- Effects as gain functions ----------------------------------------------------------------------

type GainFn =
  | { type: 'const'; value: number }
  /** A fade's shape between progress `p0` and `p1` (0 = start of the whole fade, 1 = its end). */
  | { type: 'fade'; direction: 'in' | 'out'; curve: FadeCurve; p0: number; p1: number }
  /** Linear in dB from `d0` to `d1`. */
  | { type: 'db'; d0: number; d1: number };

interface Primitive {
  start: number;
  end: number;
  gain: GainFn;
}

/** Effects as primitives: each a gain function over one range, or a declick range. */
function primitives(effects: readonly EditEffect[]): {
  gains: Primitive[];
  declicks: Array<[number, number]>;
} {
  const gains: Primitive[] = [];
  const declicks: Array<[number, number]> = [];
  for (const e of effects) {
    switch (e.kind) {
      case 'declick':
        declicks.push([e.start, e.end]);
        break;
      case 'fade':
        gains.push({
          start: e.start,
          end: e.end,
          gain: { type: 'fade', direction: e.direction, curve: e.curve, p0: e.from, p1: e.to },
        });
        break;
      case 'silence': {
        const r = Math.min(SILENCE_RAMP, Math.floor((e.end - e.start) / 2));
        if (r > 0) {
          gains.push({
            start: e.start,
            end: e.start + r,
            gain: { type: 'fade', direction: 'out', curve: 'scurve', p0: 0, p1: 1 },
          });
          gains.push({
            start: e.end - r,
            end: e.end,
            gain: { type: 'fade', direction: 'in', curve: 'scurve', p0: 0, p1: 1 },
          });
        }
        if (e.end - r > e.start + r)
          gains.push({ start: e.start + r, end: e.end - r, gain: { type: 'const', value: 0 } });
        break;
      }
      case 'gain':
        for (let i = 0; i + 1 < e.points.length; i++) {
          const p = e.points[i] as GainPoint;
          const q = e.points[i + 1] as GainPoint;
          if (q.at <= p.at) continue;
          if (p.gainDb === q.gainDb) {
            if (p.gainDb !== 0)
              gains.push({ start: p.at, end: q.at, gain: { type: 'const', value: 10 ** (p.gainDb / 20) } });
          } else {
            gains.push({ start: p.at, end: q.at, gain: { type: 'db', d0: p.gainDb, d1: q.gainDb } });
          }
        }
        break;
    }
  }
  return { gains, declicks };
}

/**
 * Fade curves, the same formulas as ffmpeg's `afade` (tri, exp, log, hsin) so that a fade sounds the
 * same whichever filter draws it. `x` is the expression of the progress, already within 0..1.
 */
export function curveExpr(curve: FadeCurve, x: string): string {
  switch (curve) {
    case 'lin':
      return x;
    case 'exp':
      return `exp(-11.512925464970227*(1-${x}))`;
    case 'log':
      return `clip(1+0.08685889638065035*log(${x}),0,1)`;
    case 'scurve':
      return `(1-cos(PI*${x}))/2`;
  }
}

/** The same curves in JavaScript (tests, and anything that needs a gain at a point). */
export function curveGain(curve: FadeCurve, x: number): number {
  const c = Math.min(1, Math.max(0, x));
  switch (curve) {
    case 'lin':
      return c;
    case 'exp':
      return Math.exp(-11.512925464970227 * (1 - c));
    case 'log':
      return Math.min(1, Math.max(0, 1 + 0.2 * Math.log10(c)));
    case 'scurve':
      return (1 - Math.cos(Math.PI * c)) / 2;
  }
}

/** `a + b·n` as an expression; `n` is aeval's sample index within the piece. */
function affine(a: number, b: number): string {
  return b === 0 ? `(${num(a)})` : `(${num(a)}+${num(b)}*n)`;
}

/** The gain of `p` over the piece starting at timeline position `at`, as an expression of `n`. */
function gainExpr(p: Primitive, at: number): string {
  const span = p.end - p.start;
  const g = p.gain;
  if (g.type === 'const') return num(g.value);
  const off = at - p.start;
  if (g.type === 'db') {
    const slope = (g.d1 - g.d0) / span;
    // 10^(dB/20) = exp(dB · ln10/20)
    return `exp(0.11512925464970229*${affine(g.d0 + slope * off, slope)})`;
  }
  const slope = (g.p1 - g.p0) / span;
  let a = g.p0 + slope * off;
  let b = slope;
  if (g.direction === 'out') {
    a = 1 - a;
    b = -b;
  }
  return curveExpr(g.curve, `clip(${affine(a, b)},0,1)`);
}

/** The chain of filters for one piece `[at, end)` of the timeline. */
function pieceFilters(
  at: number,
  end: number,
  gains: Primitive[],
  declicks: Array<[number, number]>,
  channels: 1 | 2,
): string[] {
  const filters: string[] = [];
  if (declicks.some(([s, e]) => s <= at && e >= end)) filters.push('adeclick');
  let constant = 1;
  const varying: string[] = [];
  for (const p of gains) {
    if (p.start > at || p.end < end) continue;
    if (p.gain.type === 'const') constant *= p.gain.value;
    else varying.push(gainExpr(p, at));
  }
  if (constant === 0) {
    filters.push('volume=0');
  } else if (varying.length > 0) {
    const factors = constant === 1 ? varying : [num(constant), ...varying];
    const g = factors.join('*');
    const exprs = Array.from({ length: channels }, (_, c) => `val(${c})*${g}`).join('|');
    filters.push(`aeval=exprs=${escapeValue(exprs)}:c=same`, 'aformat=sample_fmts=fltp');
  } else if (constant !== 1) {
    filters.push(`volume=${num(constant)}`);
  }
  return filters;
}

/** Builds the timeline into `g`; returns the label of its audio (48 kHz float, `channels`). */
export function addTimeline(g: FilterGraph, tl: RenderTimeline): string {
  if (tl.runs.length === 0 || tl.length <= 0) throw new Error('empty timeline');
  const joined = g.concat(
    tl.runs.map((r) => runChain(g, r, tl.channels)),
    'j',
  );
  const { gains, declicks } = primitives(tl.effects);
  const cuts = new Set<number>();
  for (const p of gains) cuts.add(p.start).add(p.end);
  for (const [s, e] of declicks) cuts.add(s).add(e);
  const points = [...cuts].filter((x) => x > 0 && x < tl.length).sort((a, b) => a - b);
  if (gains.length === 0 && declicks.length === 0) return joined;

  const bounds = [0, ...points, tl.length];
  const pieceLabels = bounds.slice(1).map(() => g.label('s'));
  if (points.length > 0) g.add([joined], [`asegment=samples=${points.join('|')}`], pieceLabels);
  const out: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const at = bounds[i] as number;
    const end = bounds[i + 1] as number;
    const input = points.length > 0 ? (pieceLabels[i] as string) : joined;
    const filters = pieceFilters(at, end, gains, declicks, tl.channels);
    // `asegment` keeps each piece's timeline pts; `concat` wants each input to start at 0.
    if (points.length > 0) filters.push('asetpts=PTS-STARTPTS');
    out.push(g.chain(input, filters, 'e'));
  }
  return g.concat(out, 'x');
}

/** Loudness correction: a gain, then (only when the gain would push peaks over the ceiling) a limiter. */
export interface NormalizeStage {
  gainDb: number;
  /** Sample-peak ceiling of the limiter as a linear factor; `null`: no limiter. */
  limiterLimit: number | null;
}

export function addNormalize(g: FilterGraph, input: string, stage: NormalizeStage): string {
  const filters: string[] = [];
  if (stage.gainDb !== 0) filters.push(`volume=${num(10 ** (stage.gainDb / 20))}`);
  if (stage.limiterLimit !== null) {
    // `latency=1` takes back the limiter's look-ahead delay: no sample moves, none is lost at the end.
    filters.push(`alimiter=limit=${num(stage.limiterLimit)}:level=0:latency=1:attack=5:release=50`);
  }
  return g.chain(input, filters, 'n');
}
