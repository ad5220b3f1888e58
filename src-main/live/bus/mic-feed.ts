/**
 * The microphone on the bus: the recorder's capture program (sox or arecord, as `studio record`
 * runs it) as a LiveInput on the feed thread. Live may not import media, so the composition gives
 * the bus a function that builds the command (`LiveBusOptions.micCommand`); the bus only runs it.
 */
import type { InputCommand } from './live-input';

/** The capture program for one microphone: raw s16le at 48 kHz on stdout, mono or stereo. */
export interface MicCapture extends InputCommand {
  /** What the operator reads: the device's name as the sound system gives it. */
  label: string;
}

/**
 * Builds the capture for `device` (null: the system's default input). Rejects with the reason in
 * Vietnamese when there is no microphone or no capture program.
 */
export type MicCommandSource = (device: string | null) => Promise<MicCapture>;
