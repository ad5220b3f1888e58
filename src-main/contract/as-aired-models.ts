/**
 * As-aired recording (issue 16): what actually went out, kept per output channel in MP3 segments
 * exactly as the encoder sent them (no re-encode), so that a broadcast log entry and the archive
 * (issue 17) can point at the audio a loudspeaker played.
 */

/** One recorded segment: a file of whole MP3 frames, continuous on the bus's clock from `start` to `end`. */
export interface AsAiredSegment {
  /** The air's channel: `main`, or an emergency's own channel (`emergency-…`). */
  channel: string;
  /** Relative to the as-aired folder: `main/2026-12-07/153000.mp3` (the PC's local date and time). */
  file: string;
  /** The file on this PC. */
  path: string;
  /** When its first sample was mixed (ISO). */
  start: string;
  /** When its last sample was mixed, so far while it is still being recorded (ISO). */
  end: string;
  seconds: number;
  bytes: number;
  /** Still being written (the air is on). */
  recording: boolean;
}
