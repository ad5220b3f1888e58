/**
 * Recording types as they cross the boundary (Record workspace, CLI, library).
 * Plain JSON: no classes, no Dates (times are ISO 8601 strings), no Infinity (silence is
 * reported as `LEVEL_FLOOR_DBFS`).
 */

/** Every take is 48 kHz, 16-bit signed PCM in a WAV file. */
export const RECORDING_SAMPLE_RATE = 48_000;
export const RECORDING_BITS = 16;

/** What the meter reports for digital silence (JSON has no −∞). */
export const LEVEL_FLOOR_DBFS = -100;

export type RecordingChannels = 1 | 2;

/** How the studio talks to the sound card on this machine. */
export type RecordingBackend =
  /** Linux with PulseAudio (or PipeWire's PulseAudio server): sox `-t pulseaudio <source>`. */
  | 'pulseaudio'
  /** Linux without a sound server: sox `-t alsa <device>`. */
  | 'alsa'
  /** Linux without sox: `arecord -D <device>`. */
  | 'arecord'
  /** Windows: sox `-t waveaudio <device>`. */
  | 'waveaudio'
  /** macOS: sox `-t coreaudio <device>`. */
  | 'coreaudio';

export interface RecordingDevice {
  /** What to pass as `device` to `recording.start`. */
  id: string;
  /** The name the sound system gives it, for the device picker. */
  label: string;
  isDefault: boolean;
  /** `monitor`: what this computer is playing (PulseAudio monitor), rarely what a reporter wants. */
  kind: 'input' | 'monitor';
}

export interface RecordingDeviceList {
  /** `null` when this machine has no program to record with (no sox, no arecord). */
  backend: RecordingBackend | null;
  devices: RecordingDevice[];
  defaultDeviceId: string | null;
  /** Vietnamese: why recording is not possible right now and what to do; empty when all is well. */
  problem: string;
}

/**
 * `recording.checkInput` (and the doctor's microphone check): the studio opened the input it would
 * record from, through the same path as a take, and listened briefly.
 * - `ok`: audio arrived and it is not digital silence;
 * - `silent`: audio arrived but every sample was zero (a muted input, or nothing plugged into it);
 * - `unavailable`: nothing can be recorded: no recording program, no input, or the input did not
 *   open or sent nothing.
 */
export type RecordingInputStatus = 'ok' | 'silent' | 'unavailable';

export interface RecordingInputCheck {
  status: RecordingInputStatus;
  backend: RecordingBackend | null;
  /** The input tried (`default`: the system's default input); `null` when none could be tried. */
  device: string | null;
  /** Its name as the sound system gives it, for people. */
  label: string | null;
  /** Vietnamese, in staff words: what is wrong and what to do. Empty when `ok`. */
  problem: string;
  /** For a technician: what the recording program or the sound system said (see StudioErrorShape). */
  technical: string;
  checkedAt: string;
}

export interface RecordingMarker {
  /** 1, 2, 3… in the order they were added to the take. */
  id: number;
  /** Position in the take (paused time excluded), seconds. */
  atSec: number;
  /** Free text; empty when the marker was added with the M key. */
  label: string;
  createdAt: string;
}

export type RecordingState = 'idle' | 'starting' | 'recording' | 'paused' | 'stopping';

/** Why a take ended. `crash`: the studio or the machine died and the take was repaired at the next start. */
export type RecordingStopReason =
  'user' | 'time-limit' | 'disk-full' | 'size-limit' | 'device-error' | 'write-error' | 'crash';

/** A saved take: a finished recording, or one repaired after a crash. */
export interface RecordingTake {
  id: string;
  title: string;
  /** Absolute path of the WAV file: in `recordings/`, then the library's copy once it is there. */
  file: string;
  /** Absolute path of the JSON sidecar (device, times, markers). */
  sidecar: string;
  device: string;
  backend: RecordingBackend;
  startedAt: string;
  endedAt: string;
  durationSec: number;
  sampleRate: number;
  channels: RecordingChannels;
  markers: RecordingMarker[];
  /** True for a take repaired after a crash. */
  recovered: boolean;
  stopReason: RecordingStopReason;
  /** The library asset made from this take, once it has been added to the library. */
  assetId: string | null;
}

/** `recording.status` and the `recording.state` event. */
export interface RecordingStatus {
  state: RecordingState;
  takeId: string | null;
  title: string;
  device: string | null;
  backend: RecordingBackend | null;
  channels: RecordingChannels | null;
  sampleRate: number;
  /** Seconds of audio in the take so far (paused time excluded). */
  elapsedSec: number;
  startedAt: string | null;
  markers: RecordingMarker[];
  /** How many meter updates saw clipping since the take started. */
  clipCount: number;
  /** Seconds of audio that still fit on the disk (last measured); `null` when not recording. */
  remainingSec: number | null;
  /** The take saved last in this session (also after an automatic stop), or `null`. */
  lastTake: RecordingTake | null;
}

export interface ChannelLevel {
  peakDbfs: number;
  rmsDbfs: number;
}

/**
 * Event `recording.level`: sent for every 40 ms of audio (25 a second) while a take is open,
 * also while paused so the reporter can check the microphone. Values are in dBFS,
 * `LEVEL_FLOOR_DBFS` for silence.
 */
export interface RecordingLevelEvent {
  takeId: string;
  /** The highest of the channels. */
  peakDbfs: number;
  rmsDbfs: number;
  /** Per channel (1 or 2 entries). */
  channels: ChannelLevel[];
  /** A sample at or near full scale (≥ −0.1 dBFS) in this window: turn the input down. */
  clipping: boolean;
  elapsedSec: number;
  paused: boolean;
}

/**
 * `disk-low`: a few minutes of room left (the take goes on); `disk-full`, `size-limit` (the 4 GiB
 * limit of a WAV file, about 6 hours of stereo), `device-error` (the input vanished), `write-error`:
 * the take was stopped and saved with everything recorded so far.
 */
export type RecordingWarningCode = 'disk-low' | 'disk-full' | 'size-limit' | 'device-error' | 'write-error';

/** Event `recording.warning`: something the reporter must know now. */
export interface RecordingWarningEvent {
  takeId: string;
  code: RecordingWarningCode;
  /** Vietnamese, for the user. */
  message: string;
  /** What the sound system said, for a technician ("Chi tiết kỹ thuật"). */
  technical?: string;
}

/** Event `recording.saved`: a take was saved (by `recording.stop` or an automatic stop). */
export interface RecordingSavedEvent {
  take: RecordingTake;
}
