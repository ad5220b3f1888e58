/**
 * The live PCM bus (issue 15): 48 kHz s16le stereo, mixed in 10 ms blocks on a worker thread.
 * `LiveBus` is main's handle; `Mixer` and `mix-math` are the arithmetic (tests, benchmarks).
 */
export {
  LiveBus,
  type AddSourceOptions,
  type LiveBusOptions,
  type Meters,
  type SourceEvent,
} from './live-bus';
export {
  DEFAULT_MIXER,
  Mixer,
  PRIORITY_CLASSES,
  type MeterReport,
  type MixerSettings,
  type PriorityClass,
  type SourceMeter,
} from './mixer';
export { DEFAULT_DUCK, DuckEnvelope, GainRamp, clipToS16, type DuckSettings } from './mix-math';
export * from './format';
export { PcmRing } from './pcm-ring';
export { formatSourceSpec, parseSourceSpec, type SourceSpec } from './source-spec';
export type { ClockReport, OutputTransport } from './protocol';
