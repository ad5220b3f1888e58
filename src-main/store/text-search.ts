/**
 * Full-text search over a service's records, in the records database: insensitive to Vietnamese
 * diacritics and đ, tolerant of one typo in a word, ranked, and joined with the owner's own SQL
 * filters. The library uses it now; the archive will.
 *
 * SQLite's `unicode61 remove_diacritics` does not fold đ, so the text is folded here (NFD, marks
 * stripped, đ → d, lower case: platform/vietnamese-fold.ts) before FTS5 sees it, and a query is
 * folded the same way. The owner's columns keep the original text; the index keeps only folded
 * words (a contentless FTS5 table), so it costs no second copy of the text.
 *
 * The words of a query must all be in a record (in any of its fields); the last word also matches
 * as the start of a word ("ban ti" finds "Bản tin"), from two letters on, since the user types it
 * as we search. When the words as typed find nothing (with the owner's filters), the search is run
 * once more with each word of three letters or more also matching the indexed words one edit away
 * (a letter added, dropped, changed, or two neighbours swapped): "bản tim" finds "Bản tin", "dak
 * lek" finds "Đắk Lắk". Only then, because most one-letter changes of a Vietnamese syllable are
 * another real syllable (tin, tim, tìm, tiên): tolerating typos always would bury what the user typed
 * under near-misses. Words with a digit never take a typo (2025 is not 2026).
 *
 * The index also answers the owner's filters, so that a search over 100,000 records stays in the
 * index's word lists and never visits the records it does not show: facets are exact values (a
 * language, whether a record is in the trash, a folded tag) or days (matched by a range: whole
 * years, whole months, then days at the edges); phrases ask for words in one field in order
 * ("hoang van s" in the reporter). Records are numbered in the order they were first indexed, or
 * by the owner (`put`'s `number`, e.g. a record's import time): `page` lists in that order from
 * the index alone (reading only as far as the page), and `count` counts from it; an owner sorting
 * otherwise joins `matching` (or `matchingRanked`, bm25) with its table.
 *
 * Tables, for an index named `n`: `n_fts` (FTS5, contentless, rowid = the record's number, a
 * column per field and one for facets), `n_docs` (the owner's key ↔ that number) and `n_terms`
 * (every word and facet ever indexed, for typos and day ranges: it only grows; a word no record
 * has any more costs a wasted candidate, never a wrong result).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { foldVietnamese } from '../platform/vietnamese-fold';
import type { Sql, TableMigration } from './database';

export interface TextField {
  /** Column name in the index (letters, digits, `_`). */
  name: string;
  /** Its weight in the ranking (bm25), 1 by default: a title counts more than notes. */
  weight?: number;
}

export interface TextFacet {
  /** Lower-case letters only. */
  name: string;
  /** `value`: exact values (a language, a state, a folded tag); `day`: a `YYYY-MM-DD`, matched by ranges. */
  kind: 'value' | 'day';
}

export interface TextIndexSpec {
  /** Prefix of the index's tables (`<name>_fts`, `<name>_docs`, `<name>_terms`). */
  name: string;
  fields: readonly TextField[];
  facets?: readonly TextFacet[];
}

/** A field's text: one string, or several (tags), or nothing. */
export type FieldText = string | readonly string[] | null | undefined;

/** A record's facet values: one, several (tags), or none. */
export type FacetValues = Readonly<Record<string, string | readonly string[] | null | undefined>>;

/** What to look for: the user's words, and the owner's filters the index answers. */
export interface TextFilter {
  /** What the user typed: every word must be in the record, in any field. */
  text?: string;
  /** Each named facet must have one of these values. */
  facets?: Readonly<Record<string, string | readonly string[]>>;
  /**
   * Each named facet must have none of these values: "not in the trash" reads the short list of
   * what is in it, where "state is live" would read nearly every record's. Needs something else
   * to look for (FTS5 has no query that is only NOT).
   */
  without?: Readonly<Record<string, string | readonly string[]>>;
  /** A day facet within `from`…`to` (`YYYY-MM-DD`, inclusive; either may be missing). */
  days?: { facet: string; from?: string; to?: string };
  /** Words that must be in that field, in that order, the last one as a prefix ("hoang van s"). */
  phrases?: Readonly<Record<string, string>>;
}

/** A filter as FTS5 MATCH expressions, for `count`, `page`, `keys` or the owner's join with `matching`. */
export interface TextQuery {
  /** The words of the text, folded as the index folds them. */
  words: string[];
  /** Every word as typed (the last also as the start of a word), and the filters. */
  exact: string;
  /** As `exact`, each word of 3+ letters also matching indexed words one edit away; null when none has any. */
  tolerant: string | null;
}

/** Words shorter than this take no typo: one edit of a two-letter word is any word. */
export const TYPO_MIN_LENGTH = 3;
/** The last word matches as a prefix from this many letters on: "t*" would match most of the library. */
export const PREFIX_MIN_LENGTH = 2;
/** At most this many words one edit away stand for a query word. */
export const TYPO_CANDIDATES_MAX = 24;

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const FACET_NAME = /^[a-z]+$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const FACETS_COLUMN = 'facets';
/** A facet word no record has: facet words start with their facet's name. */
const NO_RECORD = `{${FACETS_COLUMN}} : "0"`;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The words FTS5's unicode61 tokenizer makes of folded text: runs of letters and digits (and
 * private-use characters, which it also keeps); everything else separates words.
 */
export function searchWords(text: string): string[] {
  return foldVietnamese(text).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

type BetterStatement = BetterSqlite3.Statement<unknown[]>;

interface Statements {
  upsertDoc: BetterStatement;
  docOf: BetterStatement;
  numberDoc: BetterStatement;
  putText: BetterStatement;
  addTerms: BetterStatement;
  removeDoc: BetterStatement;
  removeText: BetterStatement;
  knownTerms: BetterStatement;
  termsFrom: BetterStatement;
  ranked: BetterStatement;
  newest: BetterStatement;
  oldest: BetterStatement;
  count: BetterStatement;
}

export class TextIndex {
  readonly fts: string;
  readonly docs: string;
  readonly terms: string;
  private readonly facets: ReadonlyMap<string, TextFacet['kind']>;
  private readonly statements = new WeakMap<Sql, Statements>();

  constructor(readonly spec: TextIndexSpec) {
    for (const id of [spec.name, ...spec.fields.map((f) => f.name)]) {
      if (!IDENTIFIER.test(id)) throw new Error(`Text index ${spec.name}: "${id}" is not a plain name`);
    }
    if (spec.fields.length === 0) throw new Error(`Text index ${spec.name}: no fields`);
    if (spec.fields.some((f) => [FACETS_COLUMN, 'rank', 'rowid'].includes(f.name))) {
      throw new Error(`Text index ${spec.name}: a field may not be named facets, rank or rowid`);
    }
    for (const f of spec.facets ?? []) {
      if (!FACET_NAME.test(f.name)) throw new Error(`Text index ${spec.name}: facet "${f.name}" must be a-z`);
    }
    this.facets = new Map((spec.facets ?? []).map((f) => [f.name, f.kind]));
    this.fts = `${spec.name}_fts`;
    this.docs = `${spec.name}_docs`;
    this.terms = `${spec.name}_terms`;
  }

  private get textColumns(): string {
    return this.spec.fields.map((f) => f.name).join(' ');
  }

  /**
   * The SQL that creates the index's tables: a step of the owner's migrations. Prefixes of two and
   * three letters have lists of their own (`prefix`), so "ch" as the user types reads one list, not
   * every word's that starts with it. Once a database has the index, changing its fields or facets
   * is a new step of the owner's: drop the tables, create them, put every record again.
   */
  get createSql(): string {
    const columns = [...this.spec.fields.map((f) => f.name), FACETS_COLUMN].join(', ');
    return `
      CREATE TABLE ${this.docs} (docid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE) STRICT;
      CREATE VIRTUAL TABLE ${this.fts} USING fts5(${columns},
        content = '', contentless_delete = 1, prefix = '2 3', tokenize = 'unicode61 remove_diacritics 0');
      CREATE TABLE ${this.terms} (term TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;`;
  }

  /** The owner's migration step that creates the index. */
  migration(version: number, name = `${this.spec.name} text index`): TableMigration {
    return { version, name, up: this.createSql };
  }

  /**
   * A subquery of the keys matching the MATCH expression bound to its one parameter: the owner
   * joins it with its table, `JOIN (${index.matching}) hit ON hit.key = a.id`, and adds its
   * filters and order.
   */
  get matching(): string {
    return `SELECT d.key AS key FROM ${this.fts} JOIN ${this.docs} d ON d.docid = ${this.fts}.rowid WHERE ${this.fts} MATCH ?`;
  }

  /** As `matching`, with each key's `rank` (bm25 weighted by field; smaller is better). */
  get matchingRanked(): string {
    const weights = [...this.spec.fields.map((f) => f.weight ?? 1), 0].join(', ');
    return (
      `SELECT d.key AS key, bm25(${this.fts}, ${weights}) AS rank FROM ${this.fts} ` +
      `JOIN ${this.docs} d ON d.docid = ${this.fts}.rowid WHERE ${this.fts} MATCH ?`
    );
  }

  /**
   * Indexes (or re-indexes) one record's text and facets. Call it in the transaction that writes
   * the record. Without `number`, a record keeps the number it was first given (the next after the
   * highest); with it, the record has that number (an integer no other record of the index has,
   * within ±2^53), so that `page` lists in the owner's order.
   */
  put(
    sql: Sql,
    key: string,
    fields: Readonly<Record<string, FieldText>>,
    facets: FacetValues = {},
    number?: number,
  ): void {
    const s = this.prepared(sql);
    const docid = number === undefined ? (s.upsertDoc.get(key) as { docid: number }).docid : number;
    if (number !== undefined) {
      const had = s.docOf.get(key) as { docid: number } | undefined;
      if (had && had.docid !== number) s.removeText.run(had.docid);
      if (!had || had.docid !== number) s.numberDoc.run(number, key);
    }
    const texts = this.spec.fields.map((f) => fold(fields[f.name]));
    const facetWords = this.facetWords(facets);
    s.putText.run(docid, ...texts, facetWords.join(' '));
    const words = new Set([...texts.flatMap((t) => t.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []), ...facetWords]);
    s.addTerms.run(JSON.stringify([...words]));
  }

  /** Drops a record from the index (nothing happens if it was not there). */
  remove(sql: Sql, key: string): void {
    const s = this.prepared(sql);
    const row = s.removeDoc.get(key) as { docid: number } | undefined;
    if (row) s.removeText.run(row.docid);
  }

  /**
   * The MATCH expressions for a filter; null when it asks for nothing (no words, no filters): the
   * owner then lists its records without the index.
   */
  query(sql: Sql, filter: TextFilter | string): TextQuery | null {
    const f = typeof filter === 'string' ? { text: filter } : filter;
    const parts = [...this.phraseParts(f.phrases ?? {}), ...this.facetParts(f.facets ?? {})];
    if (f.days) parts.push(this.dayPart(sql, f.days));
    const excluded = this.facetParts(f.without ?? {}).filter((p) => p !== NO_RECORD);
    const expression = (positive: string[]) =>
      excluded.length === 0
        ? positive.join(' AND ')
        : `(${positive.join(' AND ')}) NOT (${excluded.join(' OR ')})`;
    const words = searchWords(f.text ?? '');
    if (words.length === 0) {
      return parts.length === 0 ? null : { words, exact: expression(parts), tolerant: null };
    }
    const last = words.length - 1;
    const exactTerms = words.map((w, i) =>
      i === last && w.length >= PREFIX_MIN_LENGTH ? `${quote(w)}*` : quote(w),
    );
    const variants = words.map((w) => typoCandidates(w));
    const known = this.known(sql, variants.flat());
    let widened = false;
    const tolerantTerms = words.map((w, i) => {
      const near = variants[i]?.filter((v) => known.has(v)).slice(0, TYPO_CANDIDATES_MAX) ?? [];
      if (near.length === 0) return exactTerms[i] as string;
      widened = true;
      return `(${[exactTerms[i], ...near.map(quote)].join(' OR ')})`;
    });
    const scoped = (terms: string[]) =>
      expression([`{${this.textColumns}} : (${terms.join(' AND ')})`, ...parts]);
    return { words, exact: scoped(exactTerms), tolerant: widened ? scoped(tolerantTerms) : null };
  }

  /**
   * Runs the owner's query with the words as typed and, when that finds nothing, once more
   * tolerating a typo per word. `run` gets the MATCH expression.
   */
  search<T>(q: TextQuery, run: (match: string) => T, found: (result: T) => boolean): T {
    const exact = run(q.exact);
    if (found(exact) || q.tolerant === null) return exact;
    return run(q.tolerant);
  }

  /** How many records match. */
  count(sql: Sql, match: string): number {
    return (this.prepared(sql).count.get(match) as { n: number }).n;
  }

  /**
   * The keys of the matching records, the highest number first (`newest`: the most recently
   * indexed, or the owner's order) or last, from the index alone.
   */
  page(sql: Sql, match: string, limit: number, offset = 0, order: 'newest' | 'oldest' = 'newest'): string[] {
    const s = this.prepared(sql);
    const rows = (order === 'newest' ? s.newest : s.oldest).all(match, limit, offset) as { key: string }[];
    return rows.map((r) => r.key);
  }

  /** The keys matching a filter, best first (typos tolerated when nothing matches as typed). */
  keys(sql: Sql, filter: TextFilter | string, limit = 100): string[] {
    const q = this.query(sql, filter);
    if (!q) return [];
    const ranked = this.prepared(sql).ranked;
    const run = (match: string) => (ranked.all(match, limit) as { key: string }[]).map((r) => r.key);
    return this.search(q, run, (keys) => keys.length > 0);
  }

  private facetWords(values: FacetValues): string[] {
    const out: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      const kind = this.facets.get(name);
      if (!kind) throw new Error(`Text index ${this.spec.name}: no facet "${name}"`);
      const list = value === null || value === undefined ? [] : typeof value === 'string' ? [value] : value;
      for (const v of list) {
        if (kind === 'value') out.push(valueWord(name, v));
        else {
          const [, y, m, d] = dayParts(v);
          out.push(`${name}0y${y}`, `${name}0m${y}${m}`, `${name}0d${y}${m}${d}`);
        }
      }
    }
    return out;
  }

  private facetParts(facets: Readonly<Record<string, string | readonly string[]>>): string[] {
    return Object.entries(facets).map(([name, value]) => {
      if (this.facets.get(name) !== 'value')
        throw new Error(`Text index ${this.spec.name}: no value facet "${name}"`);
      const list = typeof value === 'string' ? [value] : value;
      if (list.length === 0) return NO_RECORD;
      return `{${FACETS_COLUMN}} : (${list.map((v) => quote(valueWord(name, v))).join(' OR ')})`;
    });
  }

  private phraseParts(phrases: Readonly<Record<string, string>>): string[] {
    const out: string[] = [];
    for (const [field, text] of Object.entries(phrases)) {
      if (!this.spec.fields.some((f) => f.name === field)) {
        throw new Error(`Text index ${this.spec.name}: no field "${field}"`);
      }
      const words = searchWords(text);
      const lastWord = words[words.length - 1];
      if (lastWord === undefined) continue;
      const star = lastWord.length >= PREFIX_MIN_LENGTH ? ' *' : '';
      out.push(`{${field}} : "${words.join(' ')}"${star}`);
    }
    return out;
  }

  /**
   * A day range as facet words: whole years inside it, whole months inside it in the years at its
   * ends, and the days of the months at its ends; only words some record has.
   */
  private dayPart(sql: Sql, range: { facet: string; from?: string; to?: string }): string {
    const name = range.facet;
    if (this.facets.get(name) !== 'day')
      throw new Error(`Text index ${this.spec.name}: no day facet "${name}"`);
    const from = range.from ?? '0000-01-01';
    const to = range.to ?? '9999-12-31';
    dayParts(from);
    dayParts(to);
    const yearPrefix = `${name}0y`;
    const years = (this.prepared(sql).termsFrom.all(yearPrefix, `${yearPrefix}~`) as { term: string }[]).map(
      (r) => r.term.slice(yearPrefix.length),
    );
    const words: string[] = [];
    const pad = (n: number) => String(n).padStart(2, '0');
    for (const y of years) {
      if (`${y}-01-01` >= from && `${y}-12-31` <= to) words.push(`${yearPrefix}${y}`);
      else if (`${y}-12-31` < from || `${y}-01-01` > to) continue;
      else {
        for (let m = 1; m <= 12; m++) {
          const days = new Date(Date.UTC(Number(y), m, 0)).getUTCDate();
          const first = `${y}-${pad(m)}-01`;
          const lastDay = `${y}-${pad(m)}-${pad(days)}`;
          if (first >= from && lastDay <= to) words.push(`${name}0m${y}${pad(m)}`);
          else if (lastDay < from || first > to) continue;
          else {
            for (let d = 1; d <= days; d++) {
              const day = `${y}-${pad(m)}-${pad(d)}`;
              if (day >= from && day <= to) words.push(`${name}0d${y}${pad(m)}${pad(d)}`);
            }
          }
        }
      }
    }
    const known = this.known(sql, words);
    const present = words.filter((w) => known.has(w));
    if (present.length === 0) return NO_RECORD;
    return `{${FACETS_COLUMN}} : (${present.map(quote).join(' OR ')})`;
  }

  private known(sql: Sql, candidates: readonly string[]): Set<string> {
    if (candidates.length === 0) return new Set();
    const rows = this.prepared(sql).knownTerms.all(JSON.stringify(candidates)) as { term: string }[];
    return new Set(rows.map((r) => r.term));
  }

  private prepared(sql: Sql): Statements {
    let s = this.statements.get(sql);
    if (!s) {
      const columns = [...this.spec.fields.map((f) => f.name), FACETS_COLUMN].join(', ');
      const slots = [...this.spec.fields, FACETS_COLUMN].map(() => '?').join(', ');
      s = {
        // The conflict branch rewrites the same key so that RETURNING gives the existing number.
        upsertDoc: sql.prepare(
          `INSERT INTO ${this.docs} (key) VALUES (?) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING docid`,
        ),
        putText: sql.prepare(`INSERT OR REPLACE INTO ${this.fts} (rowid, ${columns}) VALUES (?, ${slots})`),
        addTerms: sql.prepare(`INSERT OR IGNORE INTO ${this.terms} (term) SELECT value FROM json_each(?)`),
        docOf: sql.prepare(`SELECT docid FROM ${this.docs} WHERE key = ?`),
        numberDoc: sql.prepare(
          `INSERT INTO ${this.docs} (docid, key) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET docid = excluded.docid`,
        ),
        removeDoc: sql.prepare(`DELETE FROM ${this.docs} WHERE key = ? RETURNING docid`),
        removeText: sql.prepare(`DELETE FROM ${this.fts} WHERE rowid = ?`),
        knownTerms: sql.prepare(
          `SELECT term FROM ${this.terms} WHERE term IN (SELECT value FROM json_each(?))`,
        ),
        termsFrom: sql.prepare(`SELECT term FROM ${this.terms} WHERE term > ? AND term < ?`),
        ranked: sql.prepare(`${this.matchingRanked} ORDER BY rank LIMIT ?`),
        newest: sql.prepare(`${this.matching} ORDER BY ${this.fts}.rowid DESC LIMIT ? OFFSET ?`),
        oldest: sql.prepare(`${this.matching} ORDER BY ${this.fts}.rowid ASC LIMIT ? OFFSET ?`),
        count: sql.prepare(`SELECT count(*) AS n FROM ${this.fts} WHERE ${this.fts} MATCH ?`),
      };
      this.statements.set(sql, s);
    }
    return s;
  }
}

/** A value facet's word: the facet's name, 0, the value's UTF-8 bytes in hex (any value is one word). */
function valueWord(name: string, value: string): string {
  return `${name}0${Buffer.from(value.normalize('NFC'), 'utf8').toString('hex')}`;
}

function dayParts(day: string): RegExpExecArray {
  const m = DAY.exec(day);
  if (!m) throw new Error(`Not a day (YYYY-MM-DD): ${day}`);
  return m;
}

function fold(text: FieldText): string {
  if (text === null || text === undefined) return '';
  return foldVietnamese(typeof text === 'string' ? text : text.join(' '));
}

/** An FTS5 string: the words are letters and digits, but a quote must never end it early. */
function quote(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/**
 * The words one edit away from `word` (Damerau: swapped neighbours count as one edit), most likely
 * typos first: swaps, then changed letters, dropped letters, added letters. Short words neither
 * take nor become a typo, and words with a digit take none.
 */
export function typoCandidates(word: string): string[] {
  const letters = [...word];
  if (letters.length < TYPO_MIN_LENGTH || /\p{N}/u.test(word)) return [];
  const alphabet = [...new Set([...ALPHABET, ...letters])];
  const out = new Set<string>();
  const at = (i: number, j: number) => letters.slice(i, j).join('');
  const n = letters.length;
  for (let i = 0; i + 1 < n; i++) out.add(at(0, i) + letters[i + 1] + letters[i] + at(i + 2, n));
  for (let i = 0; i < n; i++) for (const c of alphabet) out.add(at(0, i) + c + at(i + 1, n));
  for (let i = 0; i < n; i++) out.add(at(0, i) + at(i + 1, n));
  for (let i = 0; i <= n; i++) for (const c of alphabet) out.add(at(0, i) + c + at(i, n));
  out.delete(word);
  return [...out].filter((w) => [...w].length >= TYPO_MIN_LENGTH);
}
