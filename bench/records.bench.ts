/**
 * Records benchmarks (issue 12), on a data folder whose library holds 100,000 asset records from
 * the seeded generator (asset-records.ts), written through the library's repository into the
 * records database of a data folder a studio created.
 *
 * - One record's field updated and committed: `library.update` through the router of a composed
 *   studio on that folder, as the library screen saves an edit (validation, permission, the
 *   library, the repository, one SQLite commit on the disk). Anchor: today's lowdb way, a
 *   `Collection` holding 10,000 of the same records, one field changed with `update` (the whole file
 *   validated, rewritten, flushed, and its .bak rewritten).
 * - Cold open to first query: a new Node process opens the folder's studio and answers the library
 *   screen's first `library.list` (bench/records-first-query.ts, bundled first as the app is), timed
 *   from the spawn to its answer on stdout. Anchor: a new process that opens the same database file
 *   with plain better-sqlite3 and counts its assets, the floor of any process that reads it.
 *
 * The folder (library-folder.ts) is built once into a cache folder and copied afresh for each run.
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { z } from 'zod';
import { composeStudio } from '../src-main/app/composition/compose-studio';
import { localCaller } from '../src-main/app/policy';
import type { Asset } from '../src-main/contract';
import { assetSchema } from '../src-main/media/library';
import { Collection, Database, DATABASE_FILE } from '../src-main/store';
import { SeededRandom } from '../tests/support/seeded-random';
import { externalPackages } from '../scripts/main-packages.mjs';
import type { Benchmark } from './benchmark';
import { libraryFolder, RECORDS, studioConfig as config } from './library-folder';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Today's library kept one lowdb file per import year; the anchor's holds this many records. */
const LOWDB_RECORDS = 10_000;
const UPDATES = 300;
/** Fewer of today's: each rewrites a 10,000-record file (twice), ours one row. */
const ANCHOR_UPDATES = 60;
const WARMUP = 20;
const OPENS = 9;

/** Built once for both benchmarks of a run. */
let prepared: ReturnType<typeof libraryFolder> | null = null;
const prepare = () => (prepared ??= libraryFolder('records'));

const shardSchema = z.object({ assets: z.record(z.string(), assetSchema) });

/** Today's library file for one year, as lowdb wrote it, with `LOWDB_RECORDS` of the records. */
async function openLowdbShard(dir: string, assets: readonly Asset[]) {
  const held = assets.slice(0, LOWDB_RECORDS);
  return Collection.open(dir, {
    name: 'library-2026',
    version: 1,
    schema: shardSchema,
    defaults: () => ({ assets: Object.fromEntries(held.map((a) => [a.id, a])) }),
  });
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? NaN;
}

const ms = (n: number) => n.toFixed(2);
const mb = (file: string) => `${(statSync(file).size / 1e6).toFixed(1)} MB`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The child process, bundled as the app's main process is (zod inside, other packages from node_modules). */
async function bundleFirstQuery(): Promise<string> {
  const outdir = path.join(ROOT, 'out', 'bench');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/records-first-query.ts')],
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    external: externalPackages(),
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return path.join(outdir, 'records-first-query.mjs');
}

interface FirstAnswer {
  total: number;
  items: number;
  /** The child's own clock from its start: modules loaded, opened, answered. */
  loadedMs: number;
  openedMs: number;
  sinceStartMs: number;
}

/** Spawns the child; the time is from the spawn to its answer (its closing is waited for, untimed). */
async function firstQuery(script: string, mode: string, dataDir: string): Promise<[FirstAnswer, number]> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [script, mode, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let answer: FirstAnswer | null = null;
  let elapsed = NaN;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    if (answer) continue;
    elapsed = performance.now() - t0;
    answer = JSON.parse(line) as FirstAnswer;
  }
  const code = await exited;
  if (code !== 0 || !answer) throw new Error(`${mode} exited ${code}: ${err}`);
  return [answer, elapsed];
}

export const benchmarks: Benchmark[] = [
  {
    name: "records: one record's field updated and committed, p95 (100,000 assets)",
    anchor: "today's lowdb Collection.update, 10,000 records, p95",
    async run() {
      const { dataDir, assets } = await prepare();
      const lowdbDir = await mkdtemp(path.join(os.tmpdir(), 'studio-bench-lowdb-'));
      const studio = await composeStudio(config(dataDir));
      // The same commit without any of ours: one prepared UPDATE of the row's JSON, same pragmas.
      const bare = Database.open(path.join(dataDir, 'db', DATABASE_FILE), []);
      try {
        const caller = localCaller('cli');
        const r = new SeededRandom(1212);
        const notesOf = (i: number) => `Ghi chú sửa lần ${i}: phát lại vào buổi tối thứ bảy.`;
        const setNotes = bare.sql.prepare(
          `UPDATE assets SET asset = json_set(asset, '$.notes', ?, '$.updatedAt', ?) WHERE id = ?`,
        );
        const oursMs: number[] = [];
        const bareMs: number[] = [];
        for (let i = 0; i < UPDATES + WARMUP; i++) {
          const { id } = r.pick(assets);
          const m = await timed(async () => {
            const patch = { notes: notesOf(i) };
            const reply = await studio.router.call('library.update', { id, patch }, caller);
            if (!reply.ok) throw new Error(reply.error.message);
          });
          const other = r.pick(assets).id;
          const b = await timed(async () => setNotes.run(notesOf(i), new Date().toISOString(), other));
          if (i < WARMUP) continue;
          oursMs.push(m);
          bareMs.push(b);
        }
        // Today's way afterwards, not in between: each of its updates leaves its whole file and
        // .bak to the disk's write-back, which would land in the middle of our commits' flushes.
        const shard = await openLowdbShard(lowdbDir, assets);
        const anchorMs: number[] = [];
        for (let i = 0; i < ANCHOR_UPDATES + 2; i++) {
          const { id } = assets[r.int(0, LOWDB_RECORDS - 1)] as Asset;
          const t = await timed(() =>
            shard.update((d) => {
              const a = d.assets[id];
              if (a) d.assets[id] = { ...a, notes: notesOf(i), updatedAt: new Date().toISOString() };
            }),
          );
          if (i >= 2) anchorMs.push(t);
        }
        const p = (xs: number[], q: number) => ms(percentile(xs, q));
        return {
          ours: percentile(oursMs, 0.95),
          anchor: percentile(anchorMs, 0.95),
          unit: 'ms',
          target: '≤ 5 ms',
          note:
            `${oursMs.length} updates of a random asset's notes through a composed studio's router (host cli: no daily backup running), ` +
            `p50 ${p(oursMs, 0.5)} ms, p99 ${p(oursMs, 0.99)} ms; the bare SQLite commit of one row's JSON (same file and pragmas: WAL, synchronous=FULL), ` +
            `taken alternately, p50 ${p(bareMs, 0.5)} ms, p95 ${p(bareMs, 0.95)} ms; ` +
            `anchor ${anchorMs.length} updates after ours (a ${mb(path.join(lowdbDir, 'library-2026.json'))} file and its .bak), p50 ${p(anchorMs, 0.5)} ms; load average ${os.loadavg()[0]?.toFixed(1)}`,
        };
      } finally {
        bare.close();
        await studio.close();
        await rm(lowdbDir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'records: cold open to first library.list, new process (100,000 assets)',
    anchor: 'new process: plain better-sqlite3 opens the file, counts assets',
    async run() {
      const { dataDir } = await prepare();
      const script = await bundleFirstQuery();
      const studioMs: number[] = [];
      const recordsMs: number[] = [];
      const floorMs: number[] = [];
      const nodeMs: number[] = [];
      const studioClock: FirstAnswer[] = [];
      const recordsClock: FirstAnswer[] = [];
      // One untimed round first: the files are then in the OS's cache for every mode alike.
      for (let round = -1; round < OPENS; round++) {
        const [a, s] = await firstQuery(script, 'studio', dataDir);
        const [r, d] = await firstQuery(script, 'records', dataDir);
        const [f, b] = await firstQuery(script, 'floor', dataDir);
        const n = await timed(
          () =>
            new Promise<void>((resolve, reject) =>
              spawn(process.execPath, ['-e', '0']).once('close', resolve).once('error', reject),
            ),
        );
        if (a.items !== 100 || r.total !== a.total || f.total !== RECORDS) {
          throw new Error(`unexpected answers: ${a.items} of ${a.total}, ${r.total}, ${f.total}`);
        }
        if (round < 0) continue;
        studioMs.push(s);
        recordsMs.push(d);
        floorMs.push(b);
        nodeMs.push(n);
        studioClock.push(a);
        recordsClock.push(r);
      }
      const median = (xs: number[]) => ms(percentile(xs, 0.5));
      const phases = (xs: FirstAnswer[]) =>
        `modules loaded at ${median(xs.map((x) => x.loadedMs))}, open at ${median(xs.map((x) => x.openedMs))}, ` +
        `answered at ${median(xs.map((x) => x.sinceStartMs))} ms`;
      return {
        ours: percentile(studioMs, 0.5),
        anchor: percentile(floorMs, 0.5),
        unit: 'ms',
        target: '≤ 300 ms',
        note:
          `median of ${OPENS}, from the spawn to the answer, the child bundled with esbuild into out/bench. ` +
          `Ours: the whole studio (lock, settings, records, every service) and its first page ` +
          `(100 of ${studioClock[0]?.total} outside the trash, newest first); by its own clock ${phases(studioClock)}. ` +
          `The records database alone (Database.open with every owner's migrations checked, the repository's list): ` +
          `${median(recordsMs)} ms; by its own clock ${phases(recordsClock)}. node -e 0: ${median(nodeMs)} ms; ` +
          `load average ${os.loadavg()[0]?.toFixed(1)}`,
      };
    },
  },
];
