/**
 * The archive's tables in the records database (owner `archive`). Every record is one row: the
 * whole ArchiveRecord as JSON, beside columns for what the search sorts on (the hit's day, the
 * length) and the owner's `updatedAt` it was built from (a record older than its owner is stale).
 * `archive_facets` has a row per facet value of a record, which the facet counts group.
 *
 * All of it is derived from the owners' records (library, programmes, as-aired, broadcast log):
 * the service rebuilds it when it is missing, stale or damaged. Only archive-repository.ts writes
 * SQL about these tables.
 */
import type { SchemaOwner } from '../store';
import { archiveSearch } from './archive-search-index';

export const ARCHIVE_RECORDS_SQL = `
  CREATE TABLE IF NOT EXISTS archive_records (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    -- The hit's date (first aired, else made), YYYY-MM-DD: the newest/oldest sort.
    day TEXT NOT NULL,
    length_sec REAL NOT NULL,
    -- The owner's updatedAt when this record was built.
    source_updated TEXT NOT NULL,
    record TEXT NOT NULL CHECK (json_valid(record))
  ) STRICT;
  CREATE INDEX IF NOT EXISTS archive_records_source ON archive_records (source_id);
  CREATE INDEX IF NOT EXISTS archive_records_day ON archive_records (day, id);
  CREATE INDEX IF NOT EXISTS archive_records_length ON archive_records (length_sec, id);
  CREATE TABLE IF NOT EXISTS archive_facets (
    record_id TEXT NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (record_id, facet, value)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS archive_facets_value ON archive_facets (facet, value);
`;

export const archiveTables: SchemaOwner = {
  owner: 'archive',
  migrations: [
    { version: 1, name: 'archive records and facets', up: ARCHIVE_RECORDS_SQL },
    archiveSearch.migration(2, 'archive text index'),
  ],
};
