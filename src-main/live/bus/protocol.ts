/**
 * The messages between LiveBus (main thread) and the bus's worker.
 *
 * Plain TypeScript types, not zod: both ends are this folder's code, built together, in one
 * process; nothing outside the studio writes to the port. Untrusted input (a user's level, a
 * source spec) is checked before it gets here: by LiveBus's methods now, by the router's zod
 * schemas once the live calls exist. Parsing every command and every meter report again on the
 * worker's side would spend the bus's time on proving what the compiler already proved.
 */
import type { InputCommand, LinkReport } from './live-input';
import type { MeterReport, MixerEvent, MixerSettings, PriorityClass } from './mixer';

/** How main gets the programme: a SharedArrayBuffer ring it polls, or a transferred chunk per block. */
export type OutputTransport = 'ring' | 'transfer';

export interface BusWorkerData {
  settings: MixerSettings;
  transport: OutputTransport;
  /** The programme ring (transport `ring`), written by the worker. */
  output: SharedArrayBuffer | null;
  /** Int32[0]: bumped and notified by main after each command, so a sleeping clock wakes to read it. */
  doorbell: SharedArrayBuffer;
}

/**
 * Every source reaches the bus as a ring: main writes it (a stream it reads: `pcm:-`) or the feed
 * thread does (a file's ffmpeg). The bus's thread only reads rings.
 */

export interface AddSourceCommand {
  type: 'add';
  id: string;
  priority: PriorityClass;
  levelDb: number;
  playing: boolean;
  takesAir: boolean;
  prebufferMs: number;
  ring: SharedArrayBuffer;
}

export type BusCommand =
  | AddSourceCommand
  | { type: 'level'; id: string; db: number; fadeMs?: number }
  | { type: 'play' | 'pause' | 'takeAir' | 'releaseAir' | 'remove'; id: string }
  | { type: 'close' };

/** How well the clock kept time since the last report. */
export interface ClockReport {
  /** Milliseconds since the clock started, by the worker's clock. */
  elapsedMs: number;
  /** The latest a block was mixed after its due time (ms). */
  maxLateMs: number;
  /** Blocks mixed back to back to catch up after a late wake-up (since the start). */
  caughtUp: number;
  /** Times the clock was so late (over 500 ms) that it skipped ahead instead (since the start). */
  slips: number;
  /** Programme blocks main's ring had no room for (since the start). */
  outputOverruns: number;
}

export type WorkerMessage =
  /** `t0`: when block 0 was due, in ms since the epoch (performance.timeOrigin + now: threads' clocks differ). */
  | { type: 'ready'; t0: number }
  | { type: 'meters'; report: MeterReport; clock: ClockReport }
  | { type: 'source'; event: MixerEvent | { type: 'error'; id: string; message: string } }
  | { type: 'pcm'; block: number; data: ArrayBuffer }
  | { type: 'closed' };

export interface FeedWorkerData {
  ffmpeg: string | null;
}

/**
 * Main → feed thread: decode a file into a ring, run a live input (a relay's ffmpeg, the
 * microphone's capture program) into a ring, stop a source's feed, close.
 */
export type FeedCommand =
  | { type: 'file'; id: string; path: string; startSec: number; ring: SharedArrayBuffer }
  | { type: 'input'; id: string; command: InputCommand; label: string; ring: SharedArrayBuffer }
  | { type: 'stop'; id: string }
  | { type: 'close' };

export type FeedMessage =
  | { type: 'ready' }
  | { type: 'error'; id: string; message: string }
  | ({ type: 'link'; id: string; pid: number | null } & LinkReport);
