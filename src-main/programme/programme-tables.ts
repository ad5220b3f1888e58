/**
 * The programmes' tables in the records database (owner `programme`): the index of programmes,
 * one row per programme, for listing them (newest first, in use or in the trash, by approval state:
 * "Chờ duyệt"). The summary is kept whole as JSON beside the columns the list filters and sorts on. Each programme's document
 * stays in its own file (`db/programme-<id>.json`), the templates in theirs.
 *
 * Only `programme-index.ts` writes SQL about these tables.
 */
import type { SchemaOwner } from '../store';

export const programmeTables: SchemaOwner = {
  owner: 'programme',
  migrations: [
    {
      version: 1,
      name: 'programme index',
      up: `
        CREATE TABLE programmes (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          date TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          deleted_at TEXT,
          -- The whole summary (contract type ProgrammeSummary), as the list returns it.
          summary TEXT NOT NULL CHECK (json_valid(summary))
        ) STRICT;
        CREATE INDEX programmes_updated ON programmes (updated_at, id);
        CREATE INDEX programmes_deleted ON programmes (deleted_at) WHERE deleted_at IS NOT NULL;
      `,
    },
    {
      version: 2,
      name: 'who made each programme and its approval state',
      // Programmes made before accounts and approval: the local admin's (null), drafts.
      up: `
        ALTER TABLE programmes ADD COLUMN created_by TEXT;
        ALTER TABLE programmes ADD COLUMN approval_state TEXT NOT NULL DEFAULT 'draft'
          CHECK (approval_state IN ('draft', 'submitted', 'approved', 'returned', 'sent', 'aired'));
        UPDATE programmes SET summary = json_set(summary,
          '$.createdBy', json('null'),
          '$.approval', json('{"state":"draft","masterSha256":null,"comment":null,"emergency":false}'));
        CREATE INDEX programmes_approval ON programmes (approval_state, updated_at);
      `,
    },
  ],
};
