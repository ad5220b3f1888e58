/**
 * The programmes' tables in the records database (owner `programme`): the index of programmes,
 * one row per programme, for listing them (newest first, in use or in the trash). The summary is
 * kept whole as JSON beside the columns the list filters and sorts on. Each programme's document
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
  ],
};
