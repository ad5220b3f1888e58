import type { BroadcastInterruption, BroadcastLogEntry, BroadcastReception } from '../contract';

/**
 * Where whatever airs writes its broadcast log entries (the schedule's runner, the desk's
 * watcher in the composition). BroadcastLog implements it; a writer needs nothing else of it.
 */
export interface BroadcastLogSink {
  /** An item went on air; returns the entry's id. */
  begin(entry: Omit<BroadcastLogEntry, 'id' | 'actualEnd' | 'outcome' | 'note' | 'interruptions'>): string;
  interrupt(id: string, interruption: BroadcastInterruption): void;
  /** Seconds of air each station heard, replacing what was recorded. */
  received(id: string, stations: BroadcastReception[]): void;
  end(id: string, at: string, outcome: NonNullable<BroadcastLogEntry['outcome']>, note?: string | null): void;
  /** Writes a `skipped`/`failed` entry that never aired. */
  skipped(entry: Omit<BroadcastLogEntry, 'id'>): string;
}
