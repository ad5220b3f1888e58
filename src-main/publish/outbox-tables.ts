/**
 * The outbox's table in the records database (owner `outbox`): one row per programme on its way to
 * the province, with everything a restart (or a SIGKILL) needs to go on where it was: the upload's
 * URL and how much the province held, the bulletin's idempotency key (made when queued, so no retry
 * ever makes a second bulletin) and the body published under it. Only `outbox-repository.ts`
 * writes SQL about it.
 */
import type { SchemaOwner } from '../store';

export const outboxTables: SchemaOwner = {
  owner: 'outbox',
  migrations: [
    {
      version: 1,
      name: 'outbox items',
      up: `
        CREATE TABLE outbox_items (
          id TEXT PRIMARY KEY,
          programme_id TEXT NOT NULL,
          title TEXT NOT NULL,
          -- The approved master: its SHA-256 when queued, checked again before each attempt.
          sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
          file TEXT NOT NULL,
          bytes INTEGER NOT NULL CHECK (bytes >= 0),
          idempotency_key TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL
            CHECK (state IN ('queued', 'uploading', 'publishing', 'sent', 'failed', 'cancelled')),
          -- 2 emergency, 1 priority, 0 normal: the highest goes first, then the oldest.
          priority INTEGER NOT NULL CHECK (priority IN (0, 1, 2)),
          upload_url TEXT,
          bytes_sent INTEGER NOT NULL DEFAULT 0,
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          next_attempt_at TEXT,
          -- The bulletin's JSON as first published: a retry sends the same body under the same key.
          submission TEXT CHECK (submission IS NULL OR json_valid(submission)),
          bulletin_id TEXT,
          queued_at TEXT NOT NULL,
          queued_by_user_id TEXT,
          queued_by_name TEXT,
          sent_at TEXT
        ) STRICT;
        CREATE INDEX outbox_items_due ON outbox_items (state, priority DESC, queued_at);
        CREATE INDEX outbox_items_programme ON outbox_items (programme_id);
      `,
    },
  ],
};
