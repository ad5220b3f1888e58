/**
 * The library's records in the records database: the only place with SQL about the library's
 * tables (library-tables.ts). Reads and writes whole assets, each with its entry in the full-text
 * index (asset-search.ts) in the same transaction; the list's filters and sorts run in SQLite on
 * the tables' columns and indexes, the free text and the date range in the full-text index.
 */
import type { z } from 'zod';
import type { Asset, LibraryListResult, libraryListSchema } from '../contract';
import { preparedOnce, type Sql, type SqlStatement, type TextFilter } from '../store';
import { foldVietnamese } from '../platform/vietnamese-fold';
import { assetSearch, indexAsset, TRASH } from './asset-search';

export type LibraryQuery = z.output<typeof libraryListSchema>;

/** One condition of a list query and the values for its placeholders. */
interface Condition {
  sql: string;
  params: Array<string | number>;
  /** Whether the full-text index answers it too, when it is used (a facet: trash, language, tag). */
  inIndex: boolean;
}

/** Import-order numbers per millisecond of import time (library.put: `importOrder`). */
const PER_MILLISECOND = 1024;
/** Import times up to this far from 1970 (about 280 years) keep their numbers within ±2^53. */
const MAX_MILLISECOND = Math.floor(Number.MAX_SAFE_INTEGER / PER_MILLISECOND) - 1;

const SORT_COLUMNS = {
  importedAt: 'import_order',
  recordedAt: "COALESCE(recorded_at, '')",
  durationSec: 'duration_sec',
} as const;

export class LibraryRepository {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(private readonly sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  find(id: string): Asset | undefined {
    const row = this.prepare('SELECT asset FROM assets WHERE id = ?').get(id) as
      { asset: string } | undefined;
    return row ? (JSON.parse(row.asset) as Asset) : undefined;
  }

  count(): number {
    return (this.prepare('SELECT COUNT(*) AS n FROM assets').get() as { n: number }).n;
  }

  /** Writes an asset whole (a new one, or a new state of one), with its tags and its index entry. */
  put(asset: Asset): void {
    this.sql.transaction(() => {
      const importOrder = this.importOrder(asset);
      this.prepare(
        `INSERT INTO assets (id, sha256, title, language, recorded_at, imported_at, import_order, updated_at,
           duration_sec, deleted_at, file, reporter_folded, subject_folded, asset)
         VALUES (@id, @sha256, @title, @language, @recordedAt, @importedAt, @importOrder, @updatedAt,
           @durationSec, @deletedAt, @file, @reporterFolded, @subjectFolded, @asset)
         ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256, title = excluded.title,
           language = excluded.language, recorded_at = excluded.recorded_at,
           imported_at = excluded.imported_at, import_order = excluded.import_order,
           updated_at = excluded.updated_at, duration_sec = excluded.duration_sec,
           deleted_at = excluded.deleted_at, file = excluded.file,
           reporter_folded = excluded.reporter_folded, subject_folded = excluded.subject_folded,
           asset = excluded.asset`,
      ).run({
        id: asset.id,
        importOrder,
        sha256: asset.sha256,
        title: asset.title,
        language: asset.language,
        recordedAt: asset.recordedAt,
        importedAt: asset.importedAt,
        updatedAt: asset.updatedAt,
        durationSec: asset.durationSec,
        deletedAt: asset.deletedAt,
        file: asset.file,
        reporterFolded: foldVietnamese(asset.reporter),
        subjectFolded: foldVietnamese(asset.subject),
        asset: JSON.stringify(asset),
      });
      this.prepare('DELETE FROM asset_tags WHERE asset_id = ?').run(asset.id);
      const addTag = this.prepare('INSERT OR IGNORE INTO asset_tags (asset_id, tag_folded) VALUES (?, ?)');
      for (const tag of asset.tags) addTag.run(asset.id, foldVietnamese(tag));
      indexAsset(this.sql, asset, importOrder);
    })();
  }

  /**
   * An asset's place in import order, the number the list's newest-first sort and the text index
   * share: its import time in milliseconds × `PER_MILLISECOND`, then the next free number (assets
   * imported in the same millisecond follow in the order they were written). An asset keeps its
   * number while its import time stays the same.
   */
  private importOrder(asset: Asset): number {
    const had = this.prepare('SELECT import_order AS n, imported_at AS at FROM assets WHERE id = ?').get(
      asset.id,
    ) as { n: number | null; at: string } | undefined;
    if (had && had.n !== null && had.at === asset.importedAt) return had.n;
    const ms = Date.parse(asset.importedAt);
    let n =
      (Number.isFinite(ms) ? Math.max(-MAX_MILLISECOND, Math.min(MAX_MILLISECOND, ms)) : 0) * PER_MILLISECOND;
    const taken = this.prepare(
      'SELECT import_order AS n FROM assets WHERE import_order >= ? ORDER BY import_order',
    );
    for (const row of taken.iterate(n) as Iterable<{ n: number }>) {
      if (row.n !== n) break;
      n++;
    }
    return n;
  }

  /** Deletes an asset's record (its tags and its index entry go with it). */
  remove(id: string): void {
    this.sql.transaction(() => {
      this.prepare('DELETE FROM assets WHERE id = ?').run(id);
      assetSearch.remove(this.sql, id);
    })();
  }

  /**
   * The library's list: filters, then the sort with the id as the tie-break, then the page. Titles
   * sort in Vietnamese order (`localeCompare(…, 'vi')`), which SQLite has no collation for: that sort
   * is done here on the matching ids and titles, and only the page's assets are read.
   *
   * Free text or a date range goes through the full-text index, joined with the table, with the
   * other filters as facets of the index too (fewer hits to join); when the words as typed find
   * nothing with those filters, the search runs again tolerating a typo per word.
   */
  list(q: LibraryQuery): LibraryListResult {
    const conditions = listConditions(q);
    const text = assetSearch.query(this.sql, textFilter(q));
    if (!text) return this.listWhere(q, conditions, null);
    return assetSearch.search(
      text,
      (match) => this.listWhere(q, conditions, match),
      (r) => r.total > 0,
    );
  }

  /**
   * The list with these conditions, joined with the index's hits for `match` when there is one.
   * Newest (or oldest) first with every filter in the index, the index alone counts and pages,
   * since it numbers the assets in import order: a common word's 40,000 hits are never joined.
   */
  private listWhere(q: LibraryQuery, conditions: Condition[], match: string | null): LibraryListResult {
    if (match !== null && q.sort === 'importedAt' && conditions.every((c) => c.inIndex)) {
      const total = assetSearch.count(this.sql, match);
      if (total === 0) return { total, items: [] };
      const order = q.order === 'asc' ? 'oldest' : 'newest';
      return { total, items: this.read(assetSearch.page(this.sql, match, q.limit, q.offset, order)) };
    }
    const where = conditions.length ? `WHERE ${conditions.map((c) => c.sql).join(' AND ')}` : '';
    const join = match === null ? '' : `JOIN (${assetSearch.matching}) hit ON hit.key = assets.id`;
    const from = `FROM assets ${join} ${where}`;
    const params = [...(match === null ? [] : [match]), ...conditions.flatMap((c) => c.params)];
    // When the index answers every filter, it counts alone, without visiting the hits.
    const total =
      match !== null && conditions.every((c) => c.inIndex)
        ? assetSearch.count(this.sql, match)
        : match === null && conditions.length === 1 && conditions[0] === LIVE
          ? this.liveCount()
          : (this.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
    if (total === 0) return { total, items: [] };
    let ids: string[];
    if (q.sort === 'title') {
      const rows = this.prepare(`SELECT assets.id AS id, title ${from}`).all(...params) as Array<{
        id: string;
        title: string;
      }>;
      const sign = q.order === 'asc' ? 1 : -1;
      rows.sort((a, b) => a.title.localeCompare(b.title, 'vi') * sign || (a.id < b.id ? -1 : 1));
      ids = rows.slice(q.offset, q.offset + q.limit).map((r) => r.id);
    } else {
      // The page's ids first (sorted on the indexes), then only their assets are read.
      const dir = q.order === 'asc' ? 'ASC' : 'DESC';
      // Import order has no ties (its column is unique): the id would only cost a sort.
      const tieBreak = q.sort === 'importedAt' ? '' : ', assets.id ASC';
      const rows = this.prepare(
        `SELECT assets.id AS id ${from} ORDER BY ${SORT_COLUMNS[q.sort]} ${dir}${tieBreak} LIMIT ? OFFSET ?`,
      ).all(...params, q.limit, q.offset) as Array<{ id: string }>;
      ids = rows.map((r) => r.id);
    }
    return { total, items: this.read(ids) };
  }

  /**
   * How many assets are outside the trash: all of them less the trash (the short list of its
   * partial index), where a count of the live ones would read every asset's row in an index.
   */
  private liveCount(): number {
    const row = this.prepare(
      `SELECT (SELECT COUNT(*) FROM assets) - (SELECT COUNT(*) FROM assets WHERE deleted_at IS NOT NULL) AS n`,
    ).get() as { n: number };
    return row.n;
  }

  /** The assets with these ids, in this order. */
  private read(ids: readonly string[]): Asset[] {
    const byId = this.prepare('SELECT asset FROM assets WHERE id = ?');
    return ids.map((id) => JSON.parse((byId.get(id) as { asset: string }).asset) as Asset);
  }
}

/** Outside the trash: what the list shows unless it is asked for the trash too. */
const LIVE: Condition = { sql: 'deleted_at IS NULL', params: [], inIndex: true };

function listConditions(q: LibraryQuery): Condition[] {
  const out: Condition[] = [];
  if (q.onlyDeleted) out.push({ sql: 'deleted_at IS NOT NULL', params: [], inIndex: true });
  else if (!q.includeDeleted) out.push(LIVE);
  if (q.language) out.push({ sql: 'language = ?', params: [q.language], inIndex: true });
  const reporter = q.reporter ? foldVietnamese(q.reporter) : '';
  if (reporter) out.push({ sql: 'instr(reporter_folded, ?) > 0', params: [reporter], inIndex: false });
  const subject = q.subject ? foldVietnamese(q.subject) : '';
  if (subject) out.push({ sql: 'instr(subject_folded, ?) > 0', params: [subject], inIndex: false });
  const tag = q.tag ? foldVietnamese(q.tag) : '';
  if (tag) {
    out.push({
      sql: 'EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_id = assets.id AND t.tag_folded = ?)',
      params: [tag],
      inIndex: true,
    });
  }
  return out;
}

/**
 * What the full-text index answers: the free text and the date range, and with them the filters
 * it also has (language, trash, tag), so that it hands fewer hits to the join. Nothing when there
 * is neither text nor a date (the table's indexes answer the rest).
 */
function textFilter(q: LibraryQuery): TextFilter {
  if (!q.text?.trim() && !q.from && !q.to) return {};
  const facets: Record<string, string> = {};
  if (q.language) facets.language = q.language;
  const tag = q.tag ? foldVietnamese(q.tag) : '';
  if (tag) facets.tag = tag;
  if (q.onlyDeleted) facets.state = TRASH;
  return {
    text: q.text,
    facets,
    ...(!q.onlyDeleted && !q.includeDeleted ? { without: { state: TRASH } } : {}),
    ...(q.from || q.to ? { days: { facet: 'day', from: q.from, to: q.to } } : {}),
  };
}

export { calendarDay } from './asset-search';
