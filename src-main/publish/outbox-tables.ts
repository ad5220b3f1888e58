/**
 * The outbox's table in the records database (owner `outbox`): one row per programme on its way to
 * the province, with everything a restart (or a SIGKILL) needs to go on where it was: the upload's
 * URL and how much the province held, the bulletin's idempotency key (made when queued, so no retry
 * ever makes a second bulletin) and the body published under it; then (v2) the bulletin's status at
the province as last read, so the studio shows it without asking. Only `outbox-repository.ts`
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
    {
      version: 2,
      name: 'the bulletin as the province holds it',
      // Items sent before status sync have not been read yet: null, and the next sync reads them.
      up: `
        ALTER TABLE outbox_items ADD COLUMN bulletin_status TEXT
          CHECK (bulletin_status IS NULL OR bulletin_status IN
            ('received', 'accepted', 'rejected', 'scheduled', 'aired', 'withdrawn'));
        -- The province's rejection reason, or the station's withdrawal reason.
        ALTER TABLE outbox_items ADD COLUMN bulletin_reason TEXT;
        ALTER TABLE outbox_items ADD COLUMN scheduled_at TEXT;
        -- One {unitCode, airedAt} per commune that reported it aired.
        ALTER TABLE outbox_items ADD COLUMN airings TEXT NOT NULL DEFAULT '[]'
          CHECK (json_valid(airings) AND json_type(airings) = 'array');
        ALTER TABLE outbox_items ADD COLUMN status_checked_at TEXT;
        -- Set when the programme goes back to draft after its bulletin was published.
        ALTER TABLE outbox_items ADD COLUMN programme_changed_at TEXT;
        CREATE INDEX outbox_items_status ON outbox_items (state, bulletin_status);
        CREATE INDEX outbox_items_bulletin ON outbox_items (bulletin_id) WHERE bulletin_id IS NOT NULL;
      `,
    },
    {
      version: 3,
      name: 'the body as first sent',
      // The bytes the adapter made of the submission (its layout, the field mapping then): every
      // retry under the item's key sends exactly these. Items from before it get theirs at their next attempt.
      up: `ALTER TABLE outbox_items ADD COLUMN body TEXT;`,
    },
  ],
};
