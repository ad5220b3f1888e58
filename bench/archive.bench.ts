/**
 * Archive search benchmarks (issue 17), over 100,000 archive records made from the seeded library
 * generator (asset-records.ts), spread over the four kinds, with aired days, stations and
 * priorities, in a records database of their own, through the archive's repository.
 *
 * - Query p95: words as a user types them (marks dropped or kept, the last word cut short), half
 *   with a language filter, best first, 50 hits, the total and the facet counts. Anchor: a plain
 *   linear scan of the same records in memory (folded haystacks, every word a substring, the same
 *   filter, the hits counted per facet, the best 50 by title matches).
 * - One record edited and committed (its row, facets and index entry, one transaction, synchronous
 *   FULL). Anchor: one linear-scan query, as above (the scan keeps no index to update).
 * - Cold start to first query: the database opened (migrations checked) and the first search
 *   answered. Anchor: the records read from a JSON file, folded, and scanned once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { archiveTables } from '../src-main/archive/archive-tables';
import { ArchiveRepository } from '../src-main/archive/archive-repository';
import { assetRecord } from '../src-main/archive/archive-records';
import { ARCHIVE_KINDS, type ArchiveRecord } from '../src-main/contract';
import { foldVietnamese } from '../src-main/platform/vietnamese-fold';
import { Database } from '../src-main/store';
import { SeededRandom } from '../tests/support/seeded-random';
import { generateAssets } from './asset-records';
import type { Benchmark } from './benchmark';

const RECORDS = 100_000;
const QUERIES = 200;
const EDITS = 100;
const STATIONS = Array.from({ length: 50 }, (_, i) => `XA-${String(i + 1).padStart(2, '0')}`);

function makeRecords(): ArchiveRecord[] {
  const r = new SeededRandom(17);
  return generateAssets(RECORDS, 17).map((a) => {
    const rec = assetRecord(a);
    const kind = r.pick(ARCHIVE_KINDS);
    const aired = r.chance(0.5);
    const day = (a.recordedAt ?? a.importedAt).slice(0, 10);
    return {
      ...rec,
      id: `${kind}:${a.id}`,
      kind,
      priority:
        kind === 'programme' || kind === 'segment'
          ? r.pick(['normal', 'priority', 'emergency'] as const)
          : null,
      airedOn: aired ? [day] : [],
      stations: aired ? [r.pick(STATIONS), r.pick(STATIONS)].filter((s, i, all) => all.indexOf(s) === i) : [],
    };
  });
}

interface Query {
  text: string;
  language: string | null;
}

function makeQueries(records: readonly ArchiveRecord[]): Query[] {
  const r = new SeededRandom(1717);
  const out: Query[] = [];
  while (out.length < QUERIES) {
    const a = r.pick(records);
    const words = a.title.split(/[\s:,.]+/).filter((w) => w.length > 1);
    if (words.length === 0) continue;
    const start = r.int(0, Math.max(0, words.length - 1));
    let picked = words.slice(start, start + r.int(1, 3));
    if (r.chance(0.6)) picked = picked.map(foldVietnamese);
    const last = picked.length - 1;
    const lastWord = picked[last] ?? '';
    if (r.chance(0.3) && [...lastWord].length > 3) {
      picked[last] = [...lastWord].slice(0, r.int(2, [...lastWord].length - 1)).join('');
    }
    out.push({ text: picked.join(' '), language: r.chance(0.5) ? (a.languages[0] ?? null) : null });
  }
  return out;
}

interface Scanned {
  record: ArchiveRecord;
  hay: string;
  title: string;
}

function scanIndex(records: readonly ArchiveRecord[]): Scanned[] {
  return records.map((record) => ({
    record,
    title: foldVietnamese(record.title),
    hay: foldVietnamese(
      [
        record.title,
        ...record.reporters,
        ...record.subjects,
        record.summary,
        ...(record.tags ?? []),
        record.text,
      ].join(' '),
    ),
  }));
}

/** The plain way: every record looked at, every word a substring, facets counted, the best 50. */
function scan(index: readonly Scanned[], q: Query): number {
  const words = foldVietnamese(q.text).split(' ').filter(Boolean);
  const hits: Array<{ s: Scanned; score: number }> = [];
  const facets = new Map<string, number>();
  for (const s of index) {
    if (q.language && !s.record.languages.includes(q.language)) continue;
    if (!words.every((w) => s.hay.includes(w))) continue;
    hits.push({ s, score: words.filter((w) => s.title.includes(w)).length });
    for (const v of [
      s.record.kind,
      ...s.record.languages,
      ...s.record.subjects,
      ...s.record.reporters,
      ...s.record.stations,
    ])
      facets.set(v, (facets.get(v) ?? 0) + 1);
  }
  hits.sort((a, b) => b.score - a.score);
  return hits.slice(0, 50).length + facets.size;
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface Setup {
  dir: string;
  file: string;
  json: string;
  records: ArchiveRecord[];
  queries: Query[];
}

let setup: Setup | null = null;

function prepared(): Setup {
  if (setup) return setup;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-archive-bench-'));
  const file = path.join(dir, 'studio.sqlite');
  const json = path.join(dir, 'records.json');
  const records = makeRecords();
  const db = Database.open(file, [archiveTables]);
  const repo = new ArchiveRepository(db.sql);
  for (let i = 0; i < records.length; i += 5000) repo.put(records.slice(i, i + 5000));
  db.close();
  writeFileSync(json, JSON.stringify(records));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  setup = { dir, file, json, records, queries: makeQueries(records) };
  return setup;
}

const search = (repo: ArchiveRepository, q: Query) =>
  repo.search({
    text: q.text,
    ...(q.language ? { language: [q.language] } : {}),
    sort: 'relevance',
    limit: 50,
    offset: 0,
  });

export const benchmarks: Benchmark[] = [
  {
    name: 'archive: query p95, 100,000 records (words, facets, best 50)',
    anchor: 'linear scan of the same records',
    async run() {
      const s = prepared();
      const db = Database.open(s.file, [archiveTables]);
      const repo = new ArchiveRepository(db.sql);
      const index = scanIndex(s.records);
      const ours: number[] = [];
      const theirs: number[] = [];
      let found = 0;
      for (const q of s.queries.slice(0, 10)) search(repo, q);
      for (const q of s.queries) {
        let t = performance.now();
        found += search(repo, q).total > 0 ? 1 : 0;
        ours.push(performance.now() - t);
        t = performance.now();
        scan(index, q);
        theirs.push(performance.now() - t);
      }
      db.close();
      return {
        ours: p95(ours),
        anchor: p95(theirs),
        unit: 'ms',
        target: '≤ 20 ms',
        note: `${QUERIES} queries, ${found} found something; medians ${median(ours).toFixed(2)} vs ${median(theirs).toFixed(2)} ms`,
      };
    },
  },
  {
    name: 'archive: one record edited and committed, 100,000 records',
    anchor: 'one linear-scan query',
    async run() {
      const s = prepared();
      const db = Database.open(s.file, [archiveTables]);
      const repo = new ArchiveRepository(db.sql);
      const index = scanIndex(s.records);
      const ours: number[] = [];
      const theirs: number[] = [];
      const r = new SeededRandom(99);
      for (let i = 0; i < EDITS; i++) {
        const rec = r.pick(s.records);
        const edited = { ...rec, title: `${rec.title} (sửa ${i})`, updatedAt: new Date().toISOString() };
        let t = performance.now();
        repo.put([edited]);
        ours.push(performance.now() - t);
        t = performance.now();
        scan(index, r.pick(s.queries));
        theirs.push(performance.now() - t);
      }
      db.close();
      return {
        ours: median(ours),
        anchor: median(theirs),
        unit: 'ms',
        target: '≤ 5 ms',
        note: `median of ${EDITS}; p95 ${p95(ours).toFixed(2)} ms`,
      };
    },
  },
  {
    name: 'archive: cold start to first query, 100,000 records',
    anchor: 'JSON read, folded, scanned once',
    async run() {
      const s = prepared();
      const q = s.queries[0] as Query;
      let t = performance.now();
      const db = Database.open(s.file, [archiveTables]);
      search(new ArchiveRepository(db.sql), q);
      const ours = performance.now() - t;
      db.close();
      t = performance.now();
      const records = JSON.parse(await readFile(s.json, 'utf8')) as ArchiveRecord[];
      scan(scanIndex(records), q);
      const anchor = performance.now() - t;
      return { ours, anchor, unit: 'ms', target: '≤ 1 s', note: 'in this process, files in the OS cache' };
    },
  },
];
