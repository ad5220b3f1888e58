/**
 * The library's records in the records database: the only place with SQL about the library's
 * tables (library-tables.ts). Reads and writes whole assets; the list's filters and sorts run in
 * SQLite on the tables' columns and indexes, with the same results as the scan they replace.
 */
import type { z } from 'zod';
import type { Asset, LibraryListResult, libraryListSchema } from '../contract';
import type { Sql, SqlStatement } from '../store';
import { foldedWords, foldVietnamese } from '../platform/vietnamese-fold';

export type LibraryQuery = z.output<typeof libraryListSchema>;

/** One condition of a list query and the values for its placeholders. */
interface Condition {
  sql: string;
  params: Array<string | number>;
}

const SORT_COLUMNS = {
  importedAt: 'imported_at',
  recordedAt: "COALESCE(recorded_at, '')",
  durationSec: 'duration_sec',
} as const;

export class LibraryRepository {
  private readonly statements = new Map<string, SqlStatement>();

  constructor(private readonly sql: Sql) {
    // The date filter is on the day the UI shows (this machine's clock), as calendarDay() says.
    sql.function('library_calendar_day', { deterministic: false }, (iso: unknown) =>
      calendarDay(String(iso)),
    );
  }

  find(id: string): Asset | undefined {
    const row = this.prepare('SELECT asset FROM assets WHERE id = ?').get(id) as
      { asset: string } | undefined;
    return row ? (JSON.parse(row.asset) as Asset) : undefined;
  }

  count(): number {
    return (this.prepare('SELECT COUNT(*) AS n FROM assets').get() as { n: number }).n;
  }

  /** Writes an asset whole (a new one, or a new state of one), with its tags. */
  put(asset: Asset): void {
    this.sql.transaction(() => {
      this.prepare(
        `INSERT INTO assets (id, sha256, title, language, recorded_at, imported_at, updated_at,
           duration_sec, deleted_at, file, reporter_folded, subject_folded, search_text, asset)
         VALUES (@id, @sha256, @title, @language, @recordedAt, @importedAt, @updatedAt,
           @durationSec, @deletedAt, @file, @reporterFolded, @subjectFolded, @searchText, @asset)
         ON CONFLICT (id) DO UPDATE SET sha256 = excluded.sha256, title = excluded.title,
           language = excluded.language, recorded_at = excluded.recorded_at,
           imported_at = excluded.imported_at, updated_at = excluded.updated_at,
           duration_sec = excluded.duration_sec, deleted_at = excluded.deleted_at, file = excluded.file,
           reporter_folded = excluded.reporter_folded, subject_folded = excluded.subject_folded,
           search_text = excluded.search_text, asset = excluded.asset`,
      ).run({
        id: asset.id,
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
        searchText: searchText(asset),
        asset: JSON.stringify(asset),
      });
      this.prepare('DELETE FROM asset_tags WHERE asset_id = ?').run(asset.id);
      const addTag = this.prepare('INSERT OR IGNORE INTO asset_tags (asset_id, tag_folded) VALUES (?, ?)');
      for (const tag of asset.tags) addTag.run(asset.id, foldVietnamese(tag));
    })();
  }

  /** Deletes an asset's record (its tags go with it). */
  remove(id: string): void {
    this.prepare('DELETE FROM assets WHERE id = ?').run(id);
  }

  /**
   * The library's list: filters, then the sort with the id as the tie-break, then the page. Titles
   * sort in Vietnamese order (`localeCompare(…, 'vi')`), which SQLite has no collation for: that sort
   * is done here on the matching ids and titles, and only the page's assets are read.
   */
  list(q: LibraryQuery): LibraryListResult {
    const conditions = listConditions(q);
    const where = conditions.length ? `WHERE ${conditions.map((c) => c.sql).join(' AND ')}` : '';
    const params = conditions.flatMap((c) => c.params);
    const total = (this.prepare(`SELECT COUNT(*) AS n FROM assets ${where}`).get(...params) as { n: number })
      .n;
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    let json: string[];
    if (q.sort === 'title') {
      const rows = this.prepare(`SELECT id, title FROM assets ${where}`).all(...params) as Array<{
        id: string;
        title: string;
      }>;
      const sign = q.order === 'asc' ? 1 : -1;
      rows.sort((a, b) => a.title.localeCompare(b.title, 'vi') * sign || (a.id < b.id ? -1 : 1));
      const byId = this.prepare('SELECT asset FROM assets WHERE id = ?');
      json = rows.slice(q.offset, q.offset + q.limit).map((r) => (byId.get(r.id) as { asset: string }).asset);
    } else {
      const rows = this.prepare(
        `SELECT asset FROM assets ${where} ORDER BY ${SORT_COLUMNS[q.sort]} ${dir}, id ASC LIMIT ? OFFSET ?`,
      ).all(...params, q.limit, q.offset) as Array<{ asset: string }>;
      json = rows.map((r) => r.asset);
    }
    return { total, items: json.map((j) => JSON.parse(j) as Asset) };
  }

  private prepare(source: string): SqlStatement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.sql.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }
}

function listConditions(q: LibraryQuery): Condition[] {
  const out: Condition[] = [];
  if (q.onlyDeleted) out.push({ sql: 'deleted_at IS NOT NULL', params: [] });
  else if (!q.includeDeleted) out.push({ sql: 'deleted_at IS NULL', params: [] });
  if (q.language) out.push({ sql: 'language = ?', params: [q.language] });
  const reporter = q.reporter ? foldVietnamese(q.reporter) : '';
  if (reporter) out.push({ sql: 'instr(reporter_folded, ?) > 0', params: [reporter] });
  const subject = q.subject ? foldVietnamese(q.subject) : '';
  if (subject) out.push({ sql: 'instr(subject_folded, ?) > 0', params: [subject] });
  const tag = q.tag ? foldVietnamese(q.tag) : '';
  if (tag) {
    out.push({
      sql: 'EXISTS (SELECT 1 FROM asset_tags t WHERE t.asset_id = assets.id AND t.tag_folded = ?)',
      params: [tag],
    });
  }
  const day = 'library_calendar_day(COALESCE(recorded_at, imported_at))';
  if (q.from) out.push({ sql: `${day} >= ?`, params: [q.from] });
  if (q.to) out.push({ sql: `${day} <= ?`, params: [q.to] });
  out.push(...textConditions(q.text));
  return out;
}

/**
 * The free-text filter: every folded word of the query is in the asset's folded text. The one
 * place the search is decided, to be replaced by the full-text index.
 */
function textConditions(text: string | undefined): Condition[] {
  const words = text ? foldedWords(text) : [];
  return words.map((w) => ({ sql: 'instr(search_text, ?) > 0', params: [w] }));
}

/** Folded text of every searchable field. */
function searchText(asset: Asset): string {
  return foldVietnamese(
    [asset.title, asset.reporter, asset.subject, asset.tags.join(' '), asset.notes, asset.originalName].join(
      ' ',
    ),
  );
}

/**
 * The day a moment was on this machine's clock (`YYYY-MM-DD`), as the UI shows it: a take started
 * at 06:30 in Hà Nội (23:30 UTC the day before) is filtered under the day the table shows. A date
 * without a time is that day.
 */
export function calendarDay(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso.slice(0, 10);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}
