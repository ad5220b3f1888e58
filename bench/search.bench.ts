/**
 * Library search benchmarks (issue 12), on 100,000 asset records from a seeded generator
 * (asset-records.ts), in the records database with the text index of store/text-search.ts.
 *
 * - Search p95 with filters: queries made from the records' own words as a user types them (marks
 *   dropped or kept, the last word cut short, now and then a typo), most with a language or a date
 *   range, always outside the trash; newest first, the first 100 and the total, as the library
 *   screen asks: the filters are facets of the index, and the total and the page come from it.
 *   Anchor: today's approach, a linear scan of the same records in memory (folded haystacks, every
 *   word a substring), with the same filters, order and page. The two do not always agree, by
 *   design: the scan finds "te" inside "tet" and "o" in every record, ours matches whole words
 *   (the last one as a prefix); and for a query with a typo the scan finds nothing, where ours runs
 *   a second, wider query. The note counts both.
 * - Cold open to first query: a new connection opens the database file (its migrations checked)
 *   and answers one search. Anchor: today's open of the same records, reading them from a lowdb
 *   JSON file and folding their haystacks (without the schema validation today's open also does),
 *   then the same scan. Both read files the OS has in its cache: "cold" is the process's side.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Asset } from '../src-main/contract';
import { foldedWords, foldVietnamese } from '../src-main/platform/vietnamese-fold';
import { assetSearch } from '../src-main/media/asset-search';
import { Database, TextIndex, type SchemaOwner, type Sql } from '../src-main/store';
import { SeededRandom } from '../tests/support/seeded-random';
import { generateAssets } from './asset-records';
import type { Benchmark } from './benchmark';

const RECORDS = 100_000;
const QUERIES = 400;
const WARMUP = 20;
const PAGE = 100;

// The library's own index (fields, weights, facets), under a name of the benchmark's.
const search = new TextIndex({ ...assetSearch.spec, name: 'bench_asset_search' });

/** Shaped as the library's table would be: the record, its filter columns, and the text index. */
const owner: SchemaOwner = {
  owner: 'bench_assets',
  migrations: [
    {
      version: 1,
      name: 'assets',
      up: `CREATE TABLE bench_asset (
        id TEXT PRIMARY KEY, language TEXT NOT NULL, day TEXT NOT NULL, imported_at TEXT NOT NULL,
        deleted_at TEXT, record TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bench_asset_imported ON bench_asset (imported_at);`,
    },
    search.migration(2),
  ],
};

interface Query {
  text: string;
  language: string | null;
  from: string | null;
  to: string | null;
}

/** The day the library filters on (recorded, else imported); the generator's dates are UTC days. */
const dayOf = (a: Asset) => (a.recordedAt ?? a.importedAt).slice(0, 10);

function makeQueries(assets: readonly Asset[], seed: number): Query[] {
  const r = new SeededRandom(seed);
  const out: Query[] = [];
  while (out.length < QUERIES) {
    const a = r.pick(assets);
    if (a.deletedAt) continue;
    const source = r.pick([a.title, a.title, a.reporter, a.subject, a.notes].filter((t) => t.length > 0));
    const words = source.split(/[\s:,.]+/).filter((w) => w.length > 0);
    const start = r.int(0, Math.max(0, words.length - 1));
    let picked = words.slice(start, start + r.int(1, 3));
    if (r.chance(0.6)) picked = picked.map(foldVietnamese);
    const last = picked.length - 1;
    const lastWord = picked[last] ?? '';
    if (r.chance(0.3) && [...lastWord].length > 3) {
      picked[last] = [...lastWord].slice(0, r.int(2, [...lastWord].length - 1)).join('');
    }
    if (r.chance(0.15)) {
      const i = picked.findIndex((w) => w.length >= 4);
      const w = picked[i];
      if (w) picked[i] = w.slice(0, 1) + w.slice(2, 3) + w.slice(1, 2) + w.slice(3);
    }
    const byDate = r.chance(0.5);
    const day = Date.parse(dayOf(a));
    const span = r.int(30, 365) * 86_400_000;
    out.push({
      text: picked.join(' '),
      language: r.chance(0.5) ? a.language : null,
      from: byDate ? new Date(day - r.int(0, span)).toISOString().slice(0, 10) : null,
      to: byDate ? new Date(day + r.int(0, span)).toISOString().slice(0, 10) : null,
    });
  }
  return out;
}

interface Page {
  total: number;
  items: Asset[];
}

/**
 * As the library would answer: the filters are the index's facets, the page (newest first) and
 * the total come from the index, and only the page's records are read.
 */
class Ours {
  private readonly records: ReturnType<Sql['prepare']>;

  constructor(private readonly db: Database) {
    this.records = db.sql.prepare(
      `SELECT a.record AS record FROM json_each(?) k JOIN bench_asset a ON a.id = k.value ORDER BY k.key`,
    );
  }

  list(q: Query): Page {
    const sql = this.db.sql;
    const tq = search.query(sql, {
      text: q.text,
      without: { state: 'trash' },
      ...(q.language ? { facets: { language: q.language } } : {}),
      ...(q.from || q.to ? { days: { facet: 'day', from: q.from ?? undefined, to: q.to ?? undefined } } : {}),
    });
    if (!tq) throw new Error(`no words in "${q.text}"`);
    return search.search(
      tq,
      (match) => {
        const total = search.count(sql, match);
        if (total === 0) return { total, items: [] };
        const keys = search.page(sql, match, PAGE);
        const rows = this.records.all(JSON.stringify(keys)) as { record: string }[];
        return { total, items: rows.map((row) => JSON.parse(row.record) as Asset) };
      },
      (p) => p.total > 0,
    );
  }
}

interface Entry {
  asset: Asset;
  haystack: string;
}

/** Today's library.list, cut to what the benchmark asks: the same filters, order and page. */
function scan(entries: readonly Entry[], q: Query): Page {
  const words = foldedWords(q.text);
  const matches: Asset[] = [];
  for (const { asset, haystack } of entries) {
    if (asset.deletedAt !== null) continue;
    if (q.language && asset.language !== q.language) continue;
    if (q.from || q.to) {
      const day = dayOf(asset);
      if (q.from && day < q.from) continue;
      if (q.to && day > q.to) continue;
    }
    if (words.length > 0 && !words.every((w) => haystack.includes(w))) continue;
    matches.push(asset);
  }
  matches.sort(
    (a, b) =>
      (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : 0) || (a.id < b.id ? -1 : 1),
  );
  return { total: matches.length, items: matches.slice(0, PAGE) };
}

function entriesOf(assets: readonly Asset[]): Entry[] {
  return assets.map((asset) => ({
    asset,
    haystack: foldVietnamese(
      [
        asset.title,
        asset.reporter,
        asset.subject,
        asset.tags.join(' '),
        asset.notes,
        asset.originalName,
      ].join(' '),
    ),
  }));
}

function fill(db: Database, assets: readonly Asset[]): void {
  const insert = db.sql.prepare('INSERT INTO bench_asset VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const a of assets) {
      insert.run(a.id, a.language, dayOf(a), a.importedAt, a.deletedAt, JSON.stringify(a));
      search.put(
        db.sql,
        a.id,
        {
          title: a.title,
          reporter: a.reporter,
          subject: a.subject,
          tags: a.tags,
          notes: a.notes,
          original_name: a.originalName,
        },
        { language: a.language, state: a.deletedAt ? 'trash' : 'live', day: dayOf(a) },
      );
    }
  });
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? NaN;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

/** Built once for both benchmarks of a run. */
let prepared: Promise<{ file: string; json: string; assets: Asset[]; queries: Query[] }> | null = null;

/**
 * The records are written once into a cache folder (named for what would change them: the record
 * count, the seed, the schema's version) and reused by later runs.
 */
const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', `search-${RECORDS}-12-v4`);

function prepare() {
  prepared ??= (async () => {
    const assets = generateAssets(RECORDS, 12);
    const file = path.join(CACHE, 'db', 'studio.sqlite');
    const json = path.join(CACHE, 'library-2026.json');
    if (!existsSync(json)) {
      await rm(CACHE, { recursive: true, force: true });
      await mkdir(CACHE, { recursive: true });
      const db = Database.open(file, [owner]);
      const [, fillMs] = timed(() => fill(db, assets));
      process.stdout.write(
        `  (${RECORDS} records written and indexed once, in ${(fillMs / 1000).toFixed(1)} s)\n`,
      );
      db.close();
      // Today's shard file, as lowdb writes it.
      writeFileSync(
        `${json}.part`,
        JSON.stringify({ assets: Object.fromEntries(assets.map((a) => [a.id, a])) }),
      );
      await rename(`${json}.part`, json);
    }
    return { file, json, assets, queries: makeQueries(assets, 34) };
  })();
  return prepared;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'library search p95 with filters (100,000 assets)',
    anchor: 'linear scan of the same records in memory',
    async run() {
      const { file, assets, queries } = await prepare();
      const db = Database.open(file, [owner]);
      const ours = new Ours(db);
      const entries = entriesOf(assets);
      const oursMs: number[] = [];
      const anchorMs: number[] = [];
      let agreed = 0;
      let typoFound = 0;
      for (const [i, q] of queries.entries()) {
        const [mine, m] = timed(() => ours.list(q));
        const [theirs, t] = timed(() => scan(entries, q));
        if (i < WARMUP) continue;
        oursMs.push(m);
        anchorMs.push(t);
        const samePage = mine.items.every((a, k) => a.id === theirs.items[k]?.id);
        if (mine.total === theirs.total && samePage) agreed++;
        if (theirs.total === 0 && mine.total > 0) typoFound++;
      }
      db.close();
      return {
        ours: p95(oursMs),
        anchor: p95(anchorMs),
        unit: 'ms',
        target: '≤ 20 ms',
        note:
          `${oursMs.length} queries (median ours ${median(oursMs)} ms, scan ${median(anchorMs)} ms); ` +
          `same total and page as the scan for ${agreed} (whole words against substrings), found by typo tolerance where the scan found nothing for ${typoFound}; load average ${os.loadavg()[0]?.toFixed(1)}`,
      };
    },
  },
  {
    name: 'library search cold open to first query (100,000 assets)',
    anchor: "today's open: lowdb JSON read, haystacks folded, one scan",
    async run() {
      const { file, json, queries } = await prepare();
      const q = queries[0] as Query;
      const oursMs: number[] = [];
      const anchorMs: number[] = [];
      for (let round = 0; round < 3; round++) {
        const t0 = performance.now();
        const db = Database.open(file, [owner]);
        new Ours(db).list(q);
        oursMs.push(performance.now() - t0);
        db.close();
        const t1 = performance.now();
        const shard = JSON.parse(await readFile(json, 'utf8')) as { assets: Record<string, Asset> };
        scan(entriesOf(Object.values(shard.assets)), q);
        anchorMs.push(performance.now() - t1);
      }
      return {
        ours: Math.min(...oursMs),
        anchor: Math.min(...anchorMs),
        unit: 'ms',
        target: '≤ 300 ms',
        note: `best of 3; first query "${q.text}"`,
      };
    },
  },
];

function median(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return (sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(2);
}
