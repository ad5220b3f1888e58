/**
 * The schedule's tables in the records database (owner `schedule`): one row per slot. The repeat,
 * target and skip dates are small JSON values read whole with their slot, never queried inside.
 * Only `schedule-store.ts` writes SQL about the slots, only `schedule-runner-marks.ts` about the runs.
 */
import type { SchemaOwner } from '../store';

export const scheduleTables: SchemaOwner = {
  owner: 'schedule',
  migrations: [
    {
      version: 1,
      name: 'schedule slots',
      up: `
        CREATE TABLE schedule_slots (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          at TEXT NOT NULL,
          repeat_json TEXT NOT NULL,
          play TEXT NOT NULL,
          length_seconds REAL NOT NULL CHECK (length_seconds > 0),
          target_json TEXT NOT NULL,
          priority TEXT NOT NULL CHECK (priority IN ('normal', 'priority', 'emergency')),
          sha256 TEXT,
          skip_dates_json TEXT NOT NULL DEFAULT '[]',
          enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL
        ) STRICT;
      `,
    },
    {
      version: 2,
      name: 'schedule runs',
      // What the runner has done with each occurrence (schedule-runner-marks.ts), so that a
      // restart neither plays a finished slot again nor starts one under way from the top.
      up: `
        CREATE TABLE schedule_runs (
          key TEXT PRIMARY KEY,
          end_ms INTEGER NOT NULL,
          done INTEGER NOT NULL CHECK (done IN (0, 1)),
          lag_ms INTEGER NOT NULL,
          stopped_at_ms INTEGER
        ) STRICT;
      `,
    },
  ],
};
