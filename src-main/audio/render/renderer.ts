/**
 * What the render engine does with a timeline: render it to WAV, MP3 or Opus, measure its loudness
 * (ffmpeg `ebur128`, integrated loudness and true peak), find its silences (`silencedetect`).
 * Each is one ffmpeg run over one filter graph built by `addTimeline`, or by a `GraphInput` (the
 * programme mixer's tracks, each built by `addTimeline`, mixed).
 */
import type { LoudnessTarget } from '../../contract';
import { EDIT_SAMPLE_RATE } from '../../contract';
import { parseEbur128Summary } from '../ffmpeg/ffmpeg-output';
import { FilterGraph, num } from './filter-graph';
import { runFfmpeg } from './run-graph';
import { addNormalize, addTimeline, type NormalizeStage, type RenderTimeline } from './timeline-graph';

export interface RenderEnv {
  ffmpeg: string;
  /** Relative source paths are resolved from here (the data folder). */
  cwd: string;
}

export interface RunControl {
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** A check beside other work: run at a lower CPU priority (see FfmpegRunOptions.background). */
  background?: boolean;
}

export type OutputFormat =
  | { format: 'wav'; bitDepth: 16 | 24 }
  | { format: 'mp3'; bitrateKbps: 128 | 192 }
  | { format: 'opus'; bitrateKbps: number };

/** Audio that someone else builds into the graph (for example several timelines mixed). */
export interface GraphInput {
  /** Length of the audio `build` makes, in samples (48 kHz). */
  length: number;
  /** Adds the audio to `graph` and returns its label. */
  build(graph: FilterGraph): string;
}

/** What a render reads: one timeline, or a graph input. */
export type RenderInput = RenderTimeline | GraphInput;

/** The graph of a timeline (or graph input) with its loudness stage; returns the graph and its output label. */
export function buildRenderGraph(
  input: RenderInput,
  normalize: NormalizeStage | null,
): { graph: FilterGraph; out: string } {
  const graph = new FilterGraph();
  let out = 'build' in input ? input.build(graph) : addTimeline(graph, input);
  if (normalize) out = addNormalize(graph, out, normalize);
  return { graph, out };
}

/** Output options that make the same graph give the same bytes every time. */
export function outputArgs(out: string, format: OutputFormat, file: string): string[] {
  const common = ['-fflags', '+bitexact', '-flags:a', '+bitexact', '-map_metadata', '-1'];
  if (format.format === 'wav') {
    const codec = format.bitDepth === 24 ? 'pcm_s24le' : 'pcm_s16le';
    return ['-map', `[${out}]`, '-c:a', codec, ...common, '-rf64', 'auto', '-f', 'wav', '-y', file];
  }
  if (format.format === 'opus') {
    // Ogg Opus; with +bitexact the Ogg stream serial is fixed, so the same audio gives the same bytes.
    return [
      ...['-map', `[${out}]`, '-c:a', 'libopus', '-b:a', `${format.bitrateKbps}k`],
      ...common,
      ...['-f', 'opus', '-y', file],
    ];
  }
  return [
    ...['-map', `[${out}]`, '-c:a', 'libmp3lame', '-b:a', `${format.bitrateKbps}k`],
    ...common,
    ...['-f', 'mp3', '-y', file],
  ];
}

export async function renderToFile(
  env: RenderEnv,
  input: RenderInput,
  normalize: NormalizeStage | null,
  format: OutputFormat,
  file: string,
  control: RunControl = {},
): Promise<void> {
  const { graph, out } = buildRenderGraph(input, normalize);
  await runFfmpeg({
    ...env,
    graph: graph.toScript(),
    outputArgs: outputArgs(out, format, file),
    expectedSamples: input.length,
    signal: control.signal,
    onProgress: control.onProgress,
  });
}

export interface LoudnessMeasure {
  /** `null` when nothing is loud enough to measure (below ebur128's −70 LUFS gate). */
  integratedLufs: number | null;
  /** True peak (4× oversampled, as ebur128 measures it); `null` for digital silence. */
  truePeakDbtp: number | null;
}

/**
 * Loudness of a timeline (or graph input), after the loudness stage when one is given. With
 * `peak: 'sample'` the peak is the sample peak (in `truePeakDbtp`): about twice as fast, since
 * ebur128 then does not oversample 4×.
 */
export async function measureLoudness(
  env: RenderEnv,
  input: RenderInput,
  control: RunControl = {},
  normalize: NormalizeStage | null = null,
  peak: 'true' | 'sample' = 'true',
): Promise<LoudnessMeasure> {
  const { graph, out: rendered } = buildRenderGraph(input, normalize);
  const out = graph.chain(rendered, [`ebur128=peak=${peak}:framelog=verbose`], 'm');
  const { logTail } = await runFfmpeg({
    ...env,
    graph: graph.toScript(),
    outputArgs: ['-map', `[${out}]`, '-f', 'null', '-'],
    logLevel: 'info',
    expectedSamples: input.length,
    signal: control.signal,
    onProgress: control.onProgress,
    background: control.background,
  });
  const summary = parseEbur128Summary(logTail);
  return { integratedLufs: summary?.integratedLufs ?? null, truePeakDbtp: summary?.peakDbfs ?? null };
}

/** Sample-peak ceiling of the limiter below the true-peak ceiling: room for peaks between samples. */
export const LIMITER_MARGIN_DB = 1;

/**
 * The gain that brings the measured loudness to the target, rounded to 0.01 dB so that the same
 * measurement gives the same render; a limiter only when that gain would push the true peak over
 * the ceiling (so a quiet recording is corrected by gain alone, exactly).
 */
export function normalizeStage(m: LoudnessMeasure, target: LoudnessTarget): NormalizeStage {
  if (m.integratedLufs === null) return { gainDb: 0, limiterLimit: null };
  const gainDb = Math.round((target.targetLufs - m.integratedLufs) * 100) / 100;
  const peakAfter = m.truePeakDbtp === null ? -Infinity : m.truePeakDbtp + gainDb;
  const limiterLimit =
    peakAfter > target.truePeakDbtp
      ? Math.round(10 ** ((target.truePeakDbtp - LIMITER_MARGIN_DB) / 20) * 1e6) / 1e6
      : null;
  return { gainDb, limiterLimit };
}

export interface NormalizePlan {
  stage: NormalizeStage;
  /** Before the stage. */
  measured: LoudnessMeasure;
  /** After the stage, when it was measured (only when the limiter works: gain alone is exact). */
  result: LoudnessMeasure | null;
}

/**
 * Plans the loudness stage of a timeline. Gain alone meets the target exactly; when a limiter is
 * needed it takes some loudness away with the peaks, so the limited result is measured and the gain
 * corrected, and its ceiling lowered when true peaks still pass it (at most three more passes, until
 * within 0.1 LU and under the true-peak ceiling). `measured`, when given, stands for the
 * first measurement (a caller that measured already).
 */
export async function planNormalization(
  env: RenderEnv,
  input: RenderInput,
  target: LoudnessTarget,
  control: RunControl = {},
  measured: LoudnessMeasure | null = null,
): Promise<NormalizePlan> {
  measured ??= await measureLoudness(env, input, control);
  let stage = normalizeStage(measured, target);
  let result: LoudnessMeasure | null = null;
  for (let pass = 0; pass < 3 && stage.limiterLimit !== null; pass++) {
    result = await measureLoudness(env, input, control, stage);
    if (result.integratedLufs === null) break;
    const miss = target.targetLufs - result.integratedLufs;
    // alimiter lets the first milliseconds of a sudden peak through: lower its ceiling by what passed.
    const over = (result.truePeakDbtp ?? -Infinity) - target.truePeakDbtp;
    if (Math.abs(miss) <= 0.1 && over <= 0) break;
    stage = {
      gainDb: Math.round((stage.gainDb + miss) * 100) / 100,
      limiterLimit:
        over > 0
          ? Math.round(stage.limiterLimit * 10 ** (-(over + 0.1) / 20) * 1e6) / 1e6
          : stage.limiterLimit,
    };
    result = null;
  }
  return { stage, measured, result };
}

export interface SilenceRange {
  start: number;
  end: number;
}

/** Silences of a timeline: below `thresholdDb` on every channel for at least `minSec`. */
export async function detectSilences(
  env: RenderEnv,
  tl: RenderTimeline,
  thresholdDb: number,
  minSec: number,
  control: RunControl = {},
): Promise<SilenceRange[]> {
  const graph = new FilterGraph();
  const out = graph.chain(
    addTimeline(graph, tl),
    [`silencedetect=n=${num(thresholdDb)}dB:d=${num(minSec)}`],
    'd',
  );
  const found: SilenceRange[] = [];
  let open: number | null = null;
  const toSamples = (sec: string) =>
    Math.max(0, Math.min(tl.length, Math.round(Number(sec) * EDIT_SAMPLE_RATE)));
  await runFfmpeg({
    ...env,
    graph: graph.toScript(),
    outputArgs: ['-map', `[${out}]`, '-f', 'null', '-'],
    logLevel: 'info',
    expectedSamples: tl.length,
    signal: control.signal,
    onProgress: control.onProgress,
    onLogLine: (line) => {
      const start = /silence_start: (-?[\d.]+)/.exec(line);
      if (start?.[1]) open = toSamples(start[1]);
      const end = /silence_end: (-?[\d.]+)/.exec(line);
      if (end?.[1] && open !== null) {
        found.push({ start: open, end: toSamples(end[1]) });
        open = null;
      }
    },
  });
  if (open !== null) found.push({ start: open, end: tl.length });
  return found.filter((r) => r.end > r.start);
}
