/**
 * The messages between LiveBus (main thread) and the bus's worker.
 *
 * Plain TypeScript types, not zod: both ends are this folder's code, built together, in one
 * process; nothing outside the studio writes to the port. Untrusted input (a user's level, a
 * source spec) is checked before it gets here: by LiveBus's methods now, by the router's zod
 * schemas once the live calls exist. Parsing every command and every meter report again on the
 * worker's side would spend the bus's time on proving what the compiler already proved.
 */
import type { MeterReport, MixerEvent, MixerSettings, PriorityClass } from './mixer';

/** How main gets the programme: a SharedArrayBuffer ring it polls, or a transferred chunk per block. */
export type OutputTransport = 'ring' | 'transfer';

export interface BusWorkerData {
  settings: MixerSettings;
  ffmpeg: string | null;
  transport: OutputTransport;
  /** The programme ring (transport `ring`), written by the worker. */
  output: SharedArrayBuffer | null;
  /** Int32[0]: bumped and notified by main after each command, so a sleeping clock wakes to read it. */
  doorbell: SharedArrayBuffer;
}

/** Where a source's PCM comes from, as the worker sees it. */
export type WorkerFeed =
  /** Main writes the ring (a stream it reads: `pcm:-`). */
  | { kind: 'ring'; ring: SharedArrayBuffer }
  /** The worker decodes the file with ffmpeg into a ring of this size, paced by the ring. */
  | { kind: 'file'; path: string; ringBytes: number };

export interface AddSourceCommand {
  type: 'add';
  id: string;
  priority: PriorityClass;
  levelDb: number;
  playing: boolean;
  takesAir: boolean;
  prebufferMs: number;
  feed: WorkerFeed;
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
  | { type: 'ready' }
  | { type: 'meters'; report: MeterReport; clock: ClockReport }
  | { type: 'source'; event: MixerEvent | { type: 'error'; id: string; message: string } }
  | { type: 'pcm'; block: number; data: ArrayBuffer }
  | { type: 'closed' };
