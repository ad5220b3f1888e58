/**
 * The library's tables in the records database (owner `library`). Every asset is one row: the whole
 * asset as JSON (what the library returns, so a new field needs no new column), beside real columns
 * for what the library's list filters and sorts on, folded for Vietnamese where it matches text.
 * A tag is a row of `asset_tags`, so that the tag filter is an index lookup. The free text and the
 * date range are answered by the full-text index (asset-search.ts, step 2), which numbers the assets
 * in import order (`import_order`, step 3) so that a search's newest-first page comes from it alone.
 *
 * Only `library-repository.ts` writes SQL about these tables (and the steps below, once).
 */
import type { Asset } from '../contract';
import type { SchemaOwner, Sql } from '../store';
import { assetSearch, indexAsset } from './asset-search';
import { LibraryRepository } from './library-repository';

export const libraryTables: SchemaOwner = {
  owner: 'library',
  migrations: [
    {
      version: 1,
      name: 'assets and their tags',
      up: `
        CREATE TABLE assets (
          id TEXT PRIMARY KEY,
          sha256 TEXT NOT NULL,
          title TEXT NOT NULL,
          language TEXT NOT NULL,
          recorded_at TEXT,
          imported_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          duration_sec REAL NOT NULL,
          deleted_at TEXT,
          file TEXT NOT NULL,
          -- foldVietnamese() of the reporter and the subject (their filters match a part of them).
          reporter_folded TEXT NOT NULL,
          subject_folded TEXT NOT NULL,
          -- Folded title, reporter, subject, tags, notes and original name: the free-text filter.
          search_text TEXT NOT NULL,
          -- The whole asset (contract type Asset), as the library returns it.
          asset TEXT NOT NULL CHECK (json_valid(asset))
        ) STRICT;
        CREATE INDEX assets_imported ON assets (imported_at, id);
        CREATE INDEX assets_recorded ON assets (COALESCE(recorded_at, ''), id);
        CREATE INDEX assets_duration ON assets (duration_sec, id);
        CREATE INDEX assets_language ON assets (language);
        CREATE INDEX assets_deleted ON assets (deleted_at) WHERE deleted_at IS NOT NULL;
        CREATE TABLE asset_tags (
          asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
          tag_folded TEXT NOT NULL,
          PRIMARY KEY (asset_id, tag_folded)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX asset_tags_tag ON asset_tags (tag_folded);
      `,
    },
    {
      version: 2,
      name: 'assets text index',
      up: indexEveryAsset,
    },
    {
      version: 3,
      name: 'assets numbered in import order',
      up: numberEveryAsset,
    },
  ],
};

/**
 * Step 2: the full-text index, filled with the assets already there in the order they were
 * imported (the index numbers records in that order), and without `search_text`, the folded copy
 * the free-text filter scanned before. `assets_hit` holds what the list filters and sorts on by
 * id, so that joining the index's hits reads that index and not each hit's whole row.
 */
function indexEveryAsset(sql: Sql): void {
  sql.exec(assetSearch.createSql);
  sql.exec(
    'CREATE INDEX assets_hit ON assets (id, deleted_at, language, imported_at, recorded_at, duration_sec)',
  );
  forEachAsset(sql, (asset) => indexAsset(sql, asset));
  sql.exec('ALTER TABLE assets DROP COLUMN search_text');
}

/**
 * Every asset, oldest import first. In batches: a connection writes nothing while a query
 * iterates, and 100,000 assets whole would be a lot of memory at once.
 */
function forEachAsset(sql: Sql, each: (asset: Asset) => void): void {
  const batch = sql.prepare(
    `SELECT asset, imported_at AS importedAt, id FROM assets
     WHERE (imported_at, id) > (?, ?) ORDER BY imported_at, id LIMIT 500`,
  );
  let after = ['', ''];
  for (;;) {
    const rows = batch.all(...after) as Array<{ asset: string; importedAt: string; id: string }>;
    const last = rows[rows.length - 1];
    if (!last) break;
    for (const row of rows) each(JSON.parse(row.asset) as Asset);
    after = [last.importedAt, last.id];
  }
}

/**
 * Step 3: every asset gets `import_order`, its place in import order (its import time, then the
 * order it was written: library-repository.ts), the newest-first sort's column, and the text index
 * numbers the assets by it. The index is contentless, so it cannot be renumbered in place: it is
 * made again and every asset written again, oldest first, through the repository.
 */
function numberEveryAsset(sql: Sql): void {
  sql.exec(`
    ALTER TABLE assets ADD COLUMN import_order INTEGER;
    CREATE UNIQUE INDEX assets_import_order ON assets (import_order);
    DROP INDEX assets_hit;
    CREATE INDEX assets_hit ON assets (id, deleted_at, language, import_order, recorded_at, duration_sec);
    DROP TABLE ${assetSearch.fts};
    DROP TABLE ${assetSearch.docs};
    DROP TABLE ${assetSearch.terms};`);
  sql.exec(assetSearch.createSql);
  const records = new LibraryRepository(sql);
  forEachAsset(sql, (asset) => records.put(asset));
  // Read in import time order above; the list sorts on import_order from now on.
  sql.exec('DROP INDEX assets_imported');
}
