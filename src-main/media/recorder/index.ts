export {
  lpcm16Capture,
  STUDIO_RECORDER_MODULE,
  type Capture,
  type CaptureExit,
  type CaptureFactory,
} from './capture';
export { buildCaptureCommand, type CaptureCommand } from './capture-command';
export { findRecorderTools, listRecordingDevices, type RecorderTools } from './devices';
export {
  checkRecordingInput,
  DEFAULT_INPUT_CHECK_TIMING,
  type InputCheckOptions,
  type InputCheckTiming,
} from './input-check';
export { LevelMeter, CLIP_THRESHOLD, type LevelWindow } from './level-meter';
export {
  DEFAULT_TUNING,
  startRecorder,
  type Recorder,
  type RecorderListener,
  type RecorderStatus,
  type RecorderTuning,
} from './recorder';
export { RecordingService, type RecordingServiceDeps, type StartRequest } from './recording-service';
export { recoverInterruptedTakes, repairWavFile, type RecoveryReport } from './recovery';
export { takeFolders, type TakeFolders } from './takes';
