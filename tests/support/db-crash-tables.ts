import type { SchemaOwner } from '../../src-main/store';

/** The one table of the crash test: records the writer promised, each with a body of some size. */
export const CRASH_TABLES: SchemaOwner = {
  owner: 'crash',
  migrations: [
    {
      version: 1,
      name: 'records',
      up: 'CREATE TABLE record (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT',
    },
  ],
};
