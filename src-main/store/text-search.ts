/**
 * Full-text search over a service's records, in the records database: insensitive to Vietnamese
 * diacritics and đ, tolerant of one typo in a word, ranked, and joined with the owner's own SQL
 * filters in one query. The library uses it now; the archive will.
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
 * Tables, for an index named `n`: `n_fts` (FTS5, contentless, rowid = a document number),
 * `n_docs` (the owner's key ↔ that number) and `n_terms` (every word ever indexed, for typos: it
 * only grows; a word no record has any more costs a wasted candidate, never a wrong result).
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

export interface TextIndexSpec {
  /** Prefix of the index's tables (`<name>_fts`, `<name>_docs`, `<name>_terms`). */
  name: string;
  fields: readonly TextField[];
}

/** A field's text: one string, or several (tags), or nothing. */
export type FieldText = string | readonly string[] | null | undefined;

/** What a text query asks of an index: FTS5 expressions to bind to `TextIndex.matching`. */
export interface TextQuery {
  /** The query's words, folded as the index folds them. */
  words: string[];
  /** Every word as typed; the last also as the start of a word. */
  exact: string;
  /** As `exact`, each word of 3+ letters also matching the indexed words one edit away; null when no word has any. */
  tolerant: string | null;
}

/** Words shorter than this take no typo: one edit of a two-letter word is any word. */
export const TYPO_MIN_LENGTH = 3;
/** The last word matches as a prefix from this many letters on: "t*" would match most of the library. */
export const PREFIX_MIN_LENGTH = 2;
/** At most this many words one edit away stand for a query word. */
export const TYPO_CANDIDATES_MAX = 24;

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The words FTS5's unicode61 tokenizer makes of folded text: runs of letters and digits (and
 * private-use characters, which it also keeps); everything else separates words.
 */
export function searchWords(text: string): string[] {
  return foldVietnamese(text).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

interface Statements {
  upsertDoc: BetterStatement;
  putText: BetterStatement;
  addTerms: BetterStatement;
  removeDoc: BetterStatement;
  removeText: BetterStatement;
  knownTerms: BetterStatement;
  ranked: BetterStatement;
}
type BetterStatement = BetterSqlite3.Statement<unknown[]>;

export class TextIndex {
  readonly fts: string;
  readonly docs: string;
  readonly terms: string;
  private readonly statements = new WeakMap<Sql, Statements>();

  constructor(readonly spec: TextIndexSpec) {
    for (const id of [spec.name, ...spec.fields.map((f) => f.name)]) {
      if (!IDENTIFIER.test(id)) throw new Error(`Text index ${spec.name}: "${id}" is not a plain name`);
    }
    if (spec.fields.length === 0) throw new Error(`Text index ${spec.name}: no fields`);
    this.fts = `${spec.name}_fts`;
    this.docs = `${spec.name}_docs`;
    this.terms = `${spec.name}_terms`;
  }

  /** The SQL that creates the index's tables: a step of the owner's migrations. */
  get createSql(): string {
    const columns = this.spec.fields.map((f) => f.name).join(', ');
    return `
      CREATE TABLE ${this.docs} (docid INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE) STRICT;
      CREATE VIRTUAL TABLE ${this.fts} USING fts5(${columns},
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
      CREATE TABLE ${this.terms} (term TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;`;
  }

  /** The owner's migration step that creates the index. */
  migration(version: number, name = `${this.spec.name} text index`): TableMigration {
    return { version, name, up: this.createSql };
  }

  /**
   * A subquery of the keys matching the MATCH expression bound to its one parameter, with their
   * rank (bm25, weighted by field; smaller is better): the owner joins it with its own table,
   * `JOIN (${index.matching}) hit ON hit.key = a.id`, and adds its filters and order.
   */
  get matching(): string {
    const weights = this.spec.fields.map((f) => f.weight ?? 1).join(', ');
    return (
      `SELECT d.key AS key, bm25(${this.fts}, ${weights}) AS rank FROM ${this.fts} ` +
      `JOIN ${this.docs} d ON d.docid = ${this.fts}.rowid WHERE ${this.fts} MATCH ?`
    );
  }

  /** Indexes (or re-indexes) one record's text. Call it in the transaction that writes the record. */
  put(sql: Sql, key: string, fields: Readonly<Record<string, FieldText>>): void {
    const s = this.prepared(sql);
    const { docid } = s.upsertDoc.get(key) as { docid: number };
    const texts = this.spec.fields.map((f) => fold(fields[f.name]));
    s.putText.run(docid, ...texts);
    const words = new Set(texts.flatMap((t) => t.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []));
    s.addTerms.run(JSON.stringify([...words]));
  }

  /** Drops a record from the index (nothing happens if it was not there). */
  remove(sql: Sql, key: string): void {
    const s = this.prepared(sql);
    const row = s.removeDoc.get(key) as { docid: number } | undefined;
    if (row) s.removeText.run(row.docid);
  }

  /** The MATCH expressions for what the user typed; null when it has no word to search for. */
  query(sql: Sql, text: string): TextQuery | null {
    const words = searchWords(text);
    if (words.length === 0) return null;
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
    return {
      words,
      exact: exactTerms.join(' AND '),
      tolerant: widened ? tolerantTerms.join(' AND ') : null,
    };
  }

  /**
   * Runs the owner's query with the words as typed and, when that finds nothing, once more
   * tolerating a typo per word. `run` gets the MATCH expression to bind to `matching`.
   */
  search<T>(q: TextQuery, run: (match: string) => T, found: (result: T) => boolean): T {
    const exact = run(q.exact);
    if (found(exact) || q.tolerant === null) return exact;
    return run(q.tolerant);
  }

  /** The keys matching `text`, best first (no filters of the owner's): for tests and simple owners. */
  keys(sql: Sql, text: string, limit = 100): string[] {
    const q = this.query(sql, text);
    if (!q) return [];
    const ranked = this.prepared(sql).ranked;
    const run = (match: string) => (ranked.all(match, limit) as { key: string }[]).map((r) => r.key);
    return this.search(q, run, (keys) => keys.length > 0);
  }

  private known(sql: Sql, candidates: readonly string[]): Set<string> {
    if (candidates.length === 0) return new Set();
    const rows = this.prepared(sql).knownTerms.all(JSON.stringify(candidates)) as { term: string }[];
    return new Set(rows.map((r) => r.term));
  }

  private prepared(sql: Sql): Statements {
    let s = this.statements.get(sql);
    if (!s) {
      const columns = this.spec.fields.map((f) => f.name).join(', ');
      const slots = this.spec.fields.map(() => '?').join(', ');
      s = {
        // The conflict branch rewrites the same key so that RETURNING gives the existing number.
        upsertDoc: sql.prepare(
          `INSERT INTO ${this.docs} (key) VALUES (?) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING docid`,
        ),
        putText: sql.prepare(`INSERT OR REPLACE INTO ${this.fts} (rowid, ${columns}) VALUES (?, ${slots})`),
        addTerms: sql.prepare(`INSERT OR IGNORE INTO ${this.terms} (term) SELECT value FROM json_each(?)`),
        removeDoc: sql.prepare(`DELETE FROM ${this.docs} WHERE key = ? RETURNING docid`),
        removeText: sql.prepare(`DELETE FROM ${this.fts} WHERE rowid = ?`),
        knownTerms: sql.prepare(
          `SELECT term FROM ${this.terms} WHERE term IN (SELECT value FROM json_each(?))`,
        ),
        ranked: sql.prepare(`${this.matching} ORDER BY rank LIMIT ?`),
      };
      this.statements.set(sql, s);
    }
    return s;
  }
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
