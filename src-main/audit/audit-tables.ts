/**
 * The audit log's index in the records database (owner `audit`): one row per line of the log
 * files, written once the line is on disk, for the viewer's filters. The files are the record; the
 * index is checked against them by `verify()` (the SHA-256 of each line is kept beside it).
 *
 * Only `audit-repository.ts` writes SQL about this table.
 */
import type { SchemaOwner } from '../store';

export const auditTables: SchemaOwner = {
  owner: 'audit',
  migrations: [
    {
      version: 1,
      name: 'audit log index',
      up: `
        CREATE TABLE audit_entries (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          user_id TEXT,
          host TEXT NOT NULL,
          action TEXT NOT NULL,
          object_kind TEXT,
          object_id TEXT,
          -- Where the line is: the file's name in audit/ and its 1-based line number.
          file TEXT NOT NULL,
          line INTEGER NOT NULL,
          -- SHA-256 (hex) of the line's bytes, without its newline.
          sha256 TEXT NOT NULL
        ) STRICT;
        CREATE INDEX audit_entries_at ON audit_entries (at);
        CREATE INDEX audit_entries_user ON audit_entries (user_id, at);
        CREATE INDEX audit_entries_action ON audit_entries (action, at);
        CREATE INDEX audit_entries_object ON audit_entries (object_id, at) WHERE object_id IS NOT NULL;
      `,
    },
    {
      version: 2,
      name: 'audit entry details',
      // The entry's details as written in its line (JSON, or NULL when it has none), for the viewer
      // and its export without reading the files; verify() checks it like the other columns. Every
      // entry before this step had none (nothing wrote details yet).
      up: `ALTER TABLE audit_entries ADD COLUMN details TEXT CHECK (details IS NULL OR json_valid(details));`,
    },
  ],
};
