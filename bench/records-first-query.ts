/**
 * The process records.bench.ts starts to time a cold open: it opens a data folder's records and
 * answers the library screen's first query, then prints one JSON line and exits. records.bench.ts
 * bundles it with esbuild first (as the shipped app is bundled), so no TypeScript compiler is timed.
 *
 *   node out/bench/records-first-query.js MODE DATA_DIR
 *
 * - `studio`: the studio a host opens (`createStudio`: lock, settings, records, every service), one
 *   connection, and `library.list` with the screen's defaults (newest first, the first 100).
 * - `records`: the records database alone: `Database.open` with every owner's tables (their
 *   migrations checked) and the same query through the library's repository.
 * - `floor`: plain better-sqlite3 opening the same file and counting its assets: what any process
 *   that reads this database pays (Node, the native module, the file), and nothing of ours.
 *
 * Each mode loads only its own modules (dynamic imports), so the floor carries none of the studio.
 */
import path from 'node:path';

const [mode = '', dataDir = ''] = process.argv.slice(2);
const databaseFile = path.join(dataDir, 'db', 'studio.sqlite');

interface Answer {
  total: number;
  items: number;
  /** Since the process started: its modules loaded, then the records (or studio) open. */
  loadedMs: number;
  openedMs: number;
}

async function studio(): Promise<[Answer, () => Promise<void>]> {
  const { createStudio } = await import('../src-main/app/studio');
  const { localCaller } = await import('../src-main/app/policy');
  const loadedMs = performance.now();
  const opened = await createStudio({ dataDir, appVersion: 'bench', host: 'cli', env: process.env });
  const connection = opened.connect(localCaller('cli'));
  const openedMs = performance.now();
  const reply = await connection.call('library.list', {});
  if (!reply.ok) throw new Error(reply.error.message);
  const page = reply.result as { total: number; items: unknown[] };
  return [
    { total: page.total, items: page.items.length, loadedMs, openedMs },
    async () => {
      connection.close();
      await opened.close();
    },
  ];
}

async function records(): Promise<[Answer, () => Promise<void>]> {
  const { Database } = await import('../src-main/store/database');
  const { RECORD_TABLES } = await import('../src-main/app/composition/record-tables');
  const { LibraryRepository } = await import('../src-main/media/library-repository');
  const { libraryListSchema } = await import('../src-main/contract/calls/media');
  const loadedMs = performance.now();
  const db = Database.open(databaseFile, RECORD_TABLES);
  const openedMs = performance.now();
  const page = new LibraryRepository(db.sql).list(libraryListSchema.parse({}));
  return [{ total: page.total, items: page.items.length, loadedMs, openedMs }, async () => db.close()];
}

async function floor(): Promise<[Answer, () => Promise<void>]> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const loadedMs = performance.now();
  const db = new BetterSqlite3(databaseFile, { readonly: true });
  const openedMs = performance.now();
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM assets').get() as { n: number };
  return [{ total: n, items: 0, loadedMs, openedMs }, async () => void db.close()];
}

const modes = { studio, records, floor } as const;
if (!(mode in modes)) throw new Error(`mode must be one of ${Object.keys(modes).join(', ')}`);
const [answer, close] = await modes[mode as keyof typeof modes]();
// performance.now() counts from this process's start: what the parent sees, less the spawn.
process.stdout.write(`${JSON.stringify({ ...answer, sinceStartMs: performance.now() })}\n`);
await close();
