/**
 * What the schedule's runner has done with each occurrence (`slotId@date`), kept across restarts:
 * `done` (aired, skipped, failed or cut off for good: never played again), else how far the file
 * lags the slot's clock (`lagMs`: the time it was held or waited for its turn) and when the
 * studio stopped under it. A restart mid-slot plays the file from `now − start − lag`, the place
 * it would have reached had the studio not stopped. The broadcast log says what aired; these say
 * only what the runner needs to go on, and are forgotten a day after the occurrence's end.
 */
import { preparedOnce, type Sql } from '../store';

export interface ScheduleRunMark {
  /** The occurrence's end (epoch ms on the schedule's clock): forgotten a day after. */
  endMs: number;
  done: boolean;
  /** How far the file's place lags the time since the slot's start, in ms. */
  lagMs: number;
  /** When the studio stopped while it was on air or held (null: it did not, or it crashed). */
  stoppedAtMs: number | null;
}

export interface ScheduleRunMarks {
  recall(key: string): ScheduleRunMark | null;
  mark(key: string, mark: ScheduleRunMark): void;
  /** Forgets occurrences that ended before `beforeMs`. */
  forget(beforeMs: number): void;
}

/** Marks kept in memory only (a runner that no restart needs to find again: tests, benchmarks). */
export function memoryRunMarks(): ScheduleRunMarks {
  const marks = new Map<string, ScheduleRunMark>();
  return {
    recall: (key) => marks.get(key) ?? null,
    mark: (key, mark) => void marks.set(key, { ...mark }),
    forget: (beforeMs) => {
      for (const [key, m] of marks) if (m.endMs < beforeMs) marks.delete(key);
    },
  };
}

interface Row {
  end_ms: number;
  done: number;
  lag_ms: number;
  stopped_at_ms: number | null;
}

/** Marks in the records database (`schedule_runs`, a migration of the schedule's tables). */
export function sqlRunMarks(sql: Sql): ScheduleRunMarks {
  const prepare = preparedOnce(sql);
  return {
    recall(key) {
      const row = prepare('SELECT end_ms, done, lag_ms, stopped_at_ms FROM schedule_runs WHERE key = ?').get(
        key,
      ) as Row | undefined;
      return row
        ? { endMs: row.end_ms, done: row.done === 1, lagMs: row.lag_ms, stoppedAtMs: row.stopped_at_ms }
        : null;
    },
    mark(key, m) {
      prepare(
        `INSERT INTO schedule_runs (key, end_ms, done, lag_ms, stopped_at_ms) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET end_ms = excluded.end_ms, done = excluded.done,
           lag_ms = excluded.lag_ms, stopped_at_ms = excluded.stopped_at_ms`,
      ).run(
        key,
        Math.round(m.endMs),
        m.done ? 1 : 0,
        Math.round(m.lagMs),
        m.stoppedAtMs === null ? null : Math.round(m.stoppedAtMs),
      );
    },
    forget(beforeMs) {
      prepare('DELETE FROM schedule_runs WHERE end_ms < ?').run(Math.round(beforeMs));
    },
  };
}
