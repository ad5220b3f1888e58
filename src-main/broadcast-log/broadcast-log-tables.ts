/**
 * The broadcast log's table in the records database (owner `broadcast-log`): one row per item
 * aired to a set of stations. The stations heard and the interruptions are small JSON lists in
 * the row, written with it in one statement. Only `broadcast-log-repository.ts` writes SQL about it.
 */
import type { SchemaOwner } from '../store';

export const broadcastLogTables: SchemaOwner = {
  owner: 'broadcast-log',
  migrations: [
    {
      version: 1,
      name: 'broadcast log entries',
      up: `
        CREATE TABLE broadcast_log (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('programme', 'file', 'relay', 'live', 'emergency')),
          title TEXT NOT NULL,
          spec TEXT NOT NULL,
          sha256 TEXT,
          slot_id TEXT,
          scheduled_start TEXT,
          scheduled_end TEXT,
          -- Instants in UTC ISO 8601 (…Z), so that text order is time order.
          actual_start TEXT NOT NULL,
          actual_end TEXT,
          started_by TEXT NOT NULL,
          -- [{code, seconds}] and [{at, seconds, reason}].
          stations TEXT NOT NULL DEFAULT '[]',
          interruptions TEXT NOT NULL DEFAULT '[]',
          outcome TEXT CHECK (outcome IN ('aired', 'interrupted', 'skipped', 'failed')),
          note TEXT
        ) STRICT;
        CREATE INDEX broadcast_log_start ON broadcast_log (actual_start);
      `,
    },
  ],
};
