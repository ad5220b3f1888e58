/**
 * The audio engine's public face: what edit/, programme/ and media/ use of it.
 *
 * - `render/`: a timeline (runs of 48 kHz WAV sources or silence, and effects) as ONE ffmpeg filter
 *   graph, rendered to a file, measured (ebur128) or searched for silences;
 * - `ffmpeg/`: the one ffmpeg runner (spawn, progress, log, cancel, priority, stall limit) and the
 *   reading of what ffmpeg prints;
 * - `sources.ts`: any library asset as a 48 kHz WAV the renderer reads (decoded once, cached);
 * - `peaks.ts`: waveform peaks (built from PCM, stored in a file, read by zoom level);
 * - `preview-cache.ts`: rendered previews (the editor's and the mixer's), shared while they render.
 *
 * A render is ONE ffmpeg filter graph. Build a `RenderTimeline` per track (`compileDocument` makes
 * one of an edit list), add each to a `FilterGraph` with `addTimeline`, mix the tracks' labels as
 * you need (amix, sidechaincompress…), then `addNormalize` with a stage from `planNormalization`,
 * and run it with `runFfmpeg` and `outputArgs` (or `renderToFile`, `measureLoudness`).
 */
export { compileDocument, documentChannels, documentRuns, type TimelineWindow } from './render/compile';
export { escapeValue, FilterGraph, num } from './render/filter-graph';
export {
  ffmpegNotFound,
  renderEnv,
  runFfmpeg,
  type FfmpegRunOptions,
  type FfmpegRunResult,
} from './render/run-graph';
export { RENDER_VERSION, sha256, timelineKey } from './render/timeline-key';
export {
  documentLength,
  effectEnd,
  effectStart,
  restrictEffect,
  shiftEffect,
  sliceEffects,
} from './render/effect-ranges';
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
} from './render/renderer';
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
} from './render/timeline-graph';
export { parseWavHeader, readWavHeader, type WavInfo } from './render/wav-header';
export {
  FfmpegLog,
  FfmpegProcess,
  isMissingProgram,
  lowerPriority,
  type FfmpegExit,
  type FfmpegProcessOptions,
} from './ffmpeg/ffmpeg-process';
export * from './ffmpeg/ffmpeg-output';
export {
  assetDeleted,
  AudioSources,
  sourceMissing,
  type AssetFiles,
  type AudioSourcesDeps,
  type ResolvedSource,
} from './sources';
export {
  formatDb,
  formatNumberVi,
  formatRange,
  formatTimecode,
  msToSamples,
  SAMPLES_PER_MS,
  samplesToSec,
} from './time';
export * from './peaks';
export { PreviewCache, type PreviewCacheDeps } from './preview-cache';
export { openAudioServices, type AudioServices, type AudioServicesDeps } from './services';
