/**
 * The editor's tables in the records database (owner `edit`): the index of edit projects, one row
 * per project, for listing them (newest first, or those of one asset). Each project's history stays
 * in its own document (`db/edit-project-<id>.json`, project-store.ts).
 *
 * Only `project-index.ts` writes SQL about these tables.
 */
import type { SchemaOwner } from '../store';

export const editTables: SchemaOwner = {
  owner: 'edit',
  migrations: [
    {
      version: 1,
      name: 'edit project index',
      up: `
        CREATE TABLE edit_projects (
          id TEXT PRIMARY KEY,
          asset_id TEXT NOT NULL,
          title TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          duration_samples INTEGER NOT NULL CHECK (duration_samples >= 0),
          history_length INTEGER NOT NULL CHECK (history_length >= 0)
        ) STRICT;
        CREATE INDEX edit_projects_updated ON edit_projects (updated_at, id);
        CREATE INDEX edit_projects_asset ON edit_projects (asset_id, updated_at);
      `,
    },
  ],
};
