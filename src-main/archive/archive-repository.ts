/**
 * The archive's records in the records database: the only place with SQL about the archive's
 * tables (archive-tables.ts). Writes whole records, each with its facet rows and its entry in the
 * full-text index (archive-search-index.ts) in one transaction, and answers the search: the words
 * and every facet filter in the index, the length on the table, then the facet counts, the sort and
 * the page. With `relevance`, records holding the words exactly as typed (diacritics and all) come
 * before those that only match folded ("Đức" before "Dục" for "Đức"), then bm25.
 */
import type {
  ArchiveFacets,
  ArchiveHit,
  ArchiveRecord,
  ArchiveSearchQuery,
  ArchiveSearchResult,
} from '../contract';
import { preparedOnce, searchWords, type Sql, type SqlStatement, type TextFilter } from '../store';
import { ARCHIVE_RECORDS_SQL } from './archive-tables';
import { archiveSearch, indexRecord, recordDay } from './archive-search-index';

/** Relevance re-ranks (exact diacritics first) this many of bm25's best, or the page's end if further. */
const RERANK_WINDOW = 400;
/** An exactly typed word outweighs any bm25 difference between two hits. */
const EXACT_WORD_SCORE = 100;
/** Words either side of the first match in a hit's snippet. */
const SNIPPET_WORDS = 8;

const FACET_NAMES = ['kind', 'language', 'subject', 'reporter', 'station', 'priority', 'year'] as const;
type FacetName = (typeof FACET_NAMES)[number];

type Query = Required<Pick<ArchiveSearchQuery, 'text' | 'sort' | 'limit' | 'offset'>> & ArchiveSearchQuery;

interface Condition {
  sql: string;
  params: number[];
}

export class ArchiveRepository {
  private readonly prepare: (source: string) => SqlStatement;
  /** The whole archive's facet counts (the empty search asks them on every open): until a write. */
  private allFacets: ArchiveFacets | null = null;

  constructor(private readonly sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  get(id: string): ArchiveRecord | undefined {
    const row = this.prepare('SELECT record FROM archive_records WHERE id = ?').get(id) as
      { record: string } | undefined;
    return row ? (JSON.parse(row.record) as ArchiveRecord) : undefined;
  }

  count(): number {
    return (this.prepare('SELECT COUNT(*) AS n FROM archive_records').get() as { n: number }).n;
  }

  /** Each record of these kinds and the owner's `updatedAt` it was built from. */
  stamps(kinds: readonly string[]): Map<string, string> {
    const rows = this.prepare(
      'SELECT id, source_updated AS s FROM archive_records WHERE kind IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(kinds)) as Array<{ id: string; s: string }>;
    return new Map(rows.map((r) => [r.id, r.s]));
  }

  /** The ids of the records built from one owner's record (a programme and its segments). */
  idsOfSource(sourceId: string): string[] {
    const rows = this.prepare('SELECT id FROM archive_records WHERE source_id = ?').all(sourceId) as Array<{
      id: string;
    }>;
    return rows.map((r) => r.id);
  }

  /** Writes records whole (new ones, or new states of them), with their facets and index entries. */
  put(
    records: readonly ArchiveRecord[],
    sourceUpdated: (r: ArchiveRecord) => string = (r) => r.updatedAt,
  ): void {
    if (records.length === 0) return;
    this.sql.transaction(() => {
      const upsert = this.prepare(
        `INSERT INTO archive_records (id, kind, source_id, day, length_sec, source_updated, record)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, source_id = excluded.source_id,
           day = excluded.day, length_sec = excluded.length_sec,
           source_updated = excluded.source_updated, record = excluded.record`,
      );
      const clearFacets = this.prepare('DELETE FROM archive_facets WHERE record_id = ?');
      const addFacet = this.prepare(
        'INSERT OR IGNORE INTO archive_facets (record_id, facet, value) VALUES (?, ?, ?)',
      );
      for (const r of records) {
        const day = recordDay(r);
        upsert.run(r.id, r.kind, r.sourceId, day, r.lengthSec, sourceUpdated(r), JSON.stringify(r));
        clearFacets.run(r.id);
        for (const [facet, value] of facetValues(r, day)) addFacet.run(r.id, facet, value);
        indexRecord(this.sql, r);
      }
    })();
    this.allFacets = null;
  }

  remove(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.sql.transaction(() => {
      for (const id of ids) {
        this.prepare('DELETE FROM archive_records WHERE id = ?').run(id);
        this.prepare('DELETE FROM archive_facets WHERE record_id = ?').run(id);
        archiveSearch.remove(this.sql, id);
      }
    })();
    this.allFacets = null;
  }

  /**
   * Makes the index again from the records (their tables as they are): after the index was found
   * missing or damaged. Records that are themselves unreadable are the service's to rebuild.
   */
  rebuildIndex(): void {
    this.sql.transaction(() => {
      this.sql.exec(`
        DROP TABLE IF EXISTS ${archiveSearch.fts};
        DROP TABLE IF EXISTS ${archiveSearch.docs};
        DROP TABLE IF EXISTS ${archiveSearch.terms};`);
      this.sql.exec(archiveSearch.createSql);
      const rows = this.sql
        .prepare('SELECT record FROM archive_records ORDER BY rowid')
        .iterate() as Iterable<{
        record: string;
      }>;
      for (const row of rows) indexRecord(this.sql, JSON.parse(row.record) as ArchiveRecord);
    })();
    this.allFacets = null;
  }

  /** Drops every archive table and makes them again, empty: their owners' records fill them. */
  recreate(): void {
    this.sql.transaction(() => {
      this.sql.exec(`
        DROP TABLE IF EXISTS ${archiveSearch.fts};
        DROP TABLE IF EXISTS ${archiveSearch.docs};
        DROP TABLE IF EXISTS ${archiveSearch.terms};
        DROP TABLE IF EXISTS archive_facets;
        DROP TABLE IF EXISTS archive_records;`);
      this.sql.exec(ARCHIVE_RECORDS_SQL);
      this.sql.exec(archiveSearch.createSql);
    })();
    this.allFacets = null;
  }

  search(q: Query): ArchiveSearchResult {
    const started = performance.now();
    const text = archiveSearch.query(this.sql, textFilter(q));
    const conditions = lengthConditions(q);
    const typed = typedWords(q.text);
    const result = !text
      ? this.searchWhere(q, conditions, null, typed)
      : archiveSearch.search(
          text,
          (match) => this.searchWhere(q, conditions, match, text.words.length > 0 ? typed : []),
          (r) => r.total > 0,
        );
    return { ...result, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  private searchWhere(
    q: Query,
    conditions: Condition[],
    match: string | null,
    typed: string[],
  ): Omit<ArchiveSearchResult, 'tookMs'> {
    const where = conditions.length ? `WHERE ${conditions.map((c) => c.sql).join(' AND ')}` : '';
    const condParams = conditions.flatMap((c) => c.params);
    const matchParams = match === null ? [] : [match];
    const hitJoin = match === null ? '' : `JOIN (${archiveSearch.matching}) hit ON hit.key = r.id`;

    const total =
      match !== null && conditions.length === 0
        ? archiveSearch.count(this.sql, match)
        : (
            this.prepare(`SELECT COUNT(*) AS n FROM archive_records r ${hitJoin} ${where}`).get(
              ...matchParams,
              ...condParams,
            ) as { n: number }
          ).n;
    const facets =
      total === 0 ? emptyFacets() : this.facets(match, hitJoin, where, [...matchParams, ...condParams]);
    if (total === 0) return { hits: [], total, facets };

    const words = match === null ? [] : searchWords(q.text);
    let hits: ArchiveHit[];
    if (match !== null && words.length > 0) {
      const ranked = `JOIN (${archiveSearch.matchingRanked}) hit ON hit.key = r.id`;
      if (q.sort === 'relevance') {
        const window = Math.max(RERANK_WINDOW, q.offset + q.limit);
        const rows = this.prepare(
          `SELECT r.record AS record, hit.rank AS rank FROM archive_records r ${ranked} ${where}
           ORDER BY hit.rank LIMIT ?`,
        ).all(match, ...condParams, window) as Array<{ record: string; rank: number }>;
        hits = rows
          .map((row) => scored(JSON.parse(row.record) as ArchiveRecord, row.rank, typed, words))
          .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
          .slice(q.offset, q.offset + q.limit);
      } else {
        const rows = this.prepare(
          `SELECT r.record AS record, hit.rank AS rank FROM archive_records r ${ranked} ${where}
           ORDER BY ${ORDER[q.sort]} LIMIT ? OFFSET ?`,
        ).all(match, ...condParams, q.limit, q.offset) as Array<{ record: string; rank: number }>;
        hits = rows.map((row) => scored(JSON.parse(row.record) as ArchiveRecord, row.rank, typed, words));
      }
    } else {
      // No words: the filters alone, newest first unless asked otherwise.
      const sort = q.sort === 'relevance' ? 'newest' : q.sort;
      const rows = this.prepare(
        `SELECT r.record AS record FROM archive_records r ${hitJoin} ${where}
         ORDER BY ${ORDER[sort]} LIMIT ? OFFSET ?`,
      ).all(...matchParams, ...condParams, q.limit, q.offset) as Array<{ record: string }>;
      hits = rows.map((row) => scored(JSON.parse(row.record) as ArchiveRecord, 0, [], []));
    }
    return { hits, total, facets };
  }

  private facets(match: string | null, hitJoin: string, where: string, params: unknown[]): ArchiveFacets {
    const whole = match === null && where === '';
    if (whole && this.allFacets) return this.allFacets;
    const rows = this.prepare(
      `SELECT f.facet AS facet, f.value AS value, COUNT(*) AS n
       FROM archive_records r ${hitJoin} JOIN archive_facets f ON f.record_id = r.id ${where}
       GROUP BY f.facet, f.value`,
    ).all(...params) as Array<{ facet: FacetName; value: string; n: number }>;
    const out = emptyFacets();
    for (const row of rows) {
      if ((FACET_NAMES as readonly string[]).includes(row.facet)) out[row.facet][row.value] = row.n;
    }
    if (whole) this.allFacets = out;
    return out;
  }
}

const ORDER = {
  newest: 'r.day DESC, r.id ASC',
  oldest: 'r.day ASC, r.id ASC',
  longest: 'r.length_sec DESC, r.id ASC',
  shortest: 'r.length_sec ASC, r.id ASC',
} as const;

function emptyFacets(): ArchiveFacets {
  return { kind: {}, language: {}, subject: {}, reporter: {}, station: {}, priority: {}, year: {} };
}

function facetValues(r: ArchiveRecord, day: string): Array<[FacetName, string]> {
  const out: Array<[FacetName, string]> = [
    ['kind', r.kind],
    ['year', day.slice(0, 4)],
  ];
  for (const v of r.languages) out.push(['language', v]);
  for (const v of r.subjects) out.push(['subject', v]);
  for (const v of r.reporters) out.push(['reporter', v]);
  for (const v of r.stations) out.push(['station', v]);
  if (r.priority) out.push(['priority', r.priority]);
  return out;
}

/** The query's filters, all answered by the index (a list left empty filters nothing). */
function textFilter(q: ArchiveSearchQuery): TextFilter {
  const facets: Record<string, readonly string[]> = {};
  const add = (name: string, list: readonly string[] | undefined) => {
    if (list && list.length > 0) facets[name] = list;
  };
  add('kind', q.kind);
  add('language', q.language);
  add('subject', q.subject);
  add('reporter', q.reporter);
  add('station', q.station);
  add('priority', q.priority);
  return {
    text: q.text,
    facets,
    ...(q.from || q.to
      ? { days: { facet: 'day', ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) } }
      : {}),
  };
}

function lengthConditions(q: ArchiveSearchQuery): Condition[] {
  const out: Condition[] = [];
  if (q.minLengthSec !== undefined) out.push({ sql: 'r.length_sec >= ?', params: [q.minLengthSec] });
  if (q.maxLengthSec !== undefined) out.push({ sql: 'r.length_sec <= ?', params: [q.maxLengthSec] });
  return out;
}

/** The words as typed, diacritics kept (NFC, lower case): what an exact match is held against. */
function typedWords(text: string): string[] {
  return (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function recordWordsAsWritten(r: ArchiveRecord): string[] {
  return typedWords([r.title, ...r.reporters, ...r.subjects, r.summary, ...(r.tags ?? []), r.text].join(' '));
}

/**
 * How many of the typed words the record has exactly as typed (the last one also as the start of
 * a word, as the user is still typing it).
 */
function exactWords(r: ArchiveRecord, typed: readonly string[]): number {
  if (typed.length === 0) return 0;
  const words = recordWordsAsWritten(r);
  const set = new Set(words);
  let n = 0;
  typed.forEach((w, i) => {
    if (set.has(w) || (i === typed.length - 1 && words.some((x) => x.startsWith(w)))) n++;
  });
  return n;
}

function scored(
  r: ArchiveRecord,
  rank: number,
  typed: readonly string[],
  folded: readonly string[],
): ArchiveHit {
  const score = exactWords(r, typed) * EXACT_WORD_SCORE - rank;
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    date: recordDay(r),
    language: r.languages[0] ?? null,
    score: Math.round(score * 1000) / 1000,
    startSec: r.startSec,
    endSec: r.endSec,
    sourceId: r.sourceId,
    snippet: snippet(r, folded),
    languages: r.languages,
    reporters: r.reporters,
    subjects: r.subjects,
    stations: r.stations,
    lengthSec: r.lengthSec,
  };
}

/**
 * A few words around the first match, from the text, else the summary, else the title; the
 * summary's start when nothing matches (a search by filters only).
 */
function snippet(r: ArchiveRecord, folded: readonly string[]): string {
  const fields = [r.text, r.summary, (r.tags ?? []).join(', '), r.title].filter((f) => f.trim() !== '');
  for (const field of fields) {
    const words = field.split(/\s+/).filter((w) => w !== '');
    const at = words.findIndex((w) => searchWords(w).some((x) => folded.some((f) => x.startsWith(f))));
    if (at < 0) continue;
    const from = Math.max(0, at - SNIPPET_WORDS);
    const to = Math.min(words.length, at + SNIPPET_WORDS + 1);
    return `${from > 0 ? '… ' : ''}${words.slice(from, to).join(' ')}${to < words.length ? ' …' : ''}`;
  }
  const first = (r.summary || r.text).split(/\s+/).filter((w) => w !== '');
  return first.slice(0, SNIPPET_WORDS * 2).join(' ') + (first.length > SNIPPET_WORDS * 2 ? ' …' : '');
}
