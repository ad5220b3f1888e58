/**
 * The render engine's public face, for the editor and for the programme mixer (issue 5).
 *
 * A render is ONE ffmpeg filter graph. Build a `RenderTimeline` per track (runs of 48 kHz WAV
 * sources or silence, one after another, plus effects on timeline ranges), add each to a
 * `FilterGraph` with `addTimeline`, mix the tracks' labels as you need (amix, sidechaincompress…),
 * then `addNormalize` with a stage from `planNormalization`, and run it with `runFfmpeg` and
 * `outputArgs`. `EditSources` (in `../sources`) turns any library asset into a 48 kHz WAV source.
 */
export { compileDocument, documentChannels, documentRuns, type TimelineWindow } from './compile';
export { escapeValue, FilterGraph, num } from './filter-graph';
export {
  ffmpegNotFound,
  lowerPriority,
  runFfmpeg,
  type FfmpegRunOptions,
  type FfmpegRunResult,
} from './ffmpeg-run';
export {
  buildRenderGraph,
  detectSilences,
  LIMITER_MARGIN_DB,
  measureLoudness,
  normalizeStage,
  outputArgs,
  planNormalization,
  renderToFile,
  type GraphInput,
  type LoudnessMeasure,
  type NormalizePlan,
  type OutputFormat,
  type RenderEnv,
  type RenderInput,
  type RunControl,
  type SilenceRange,
} from './renderer';
export {
  addNormalize,
  addTimeline,
  curveExpr,
  curveGain,
  runLength,
  SILENCE_RAMP,
  type NormalizeStage,
  type RenderRun,
  type RenderSource,
  type RenderTimeline,
} from './timeline-graph';
export { parseWavHeader, readWavHeader, type WavInfo } from './wav-header';
