/**
 * A data folder whose library holds 100,000 asset records from the seeded generator
 * (asset-records.ts), written through the library's repository into the records database of a data
 * folder a studio created: what the records and search benchmarks open.
 *
 * It is built once into a cache folder (named for the record count, the seed and every owner's
 * migrations) and copied afresh for each benchmark that opens it, so the cache itself is never
 * written to, and one benchmark's edits never reach another's records.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { composeStudio } from '../src-main/app/composition/compose-studio';
import { RECORD_TABLES } from '../src-main/app/composition/record-tables';
import type { Asset } from '../src-main/contract';
import { LibraryRepository } from '../src-main/media/library-repository';
import { Database, DATABASE_FILE } from '../src-main/store';
import { generateAssets } from './asset-records';

export const RECORDS = 100_000;
const SEED = 12;

/** Named for what would change the folder: the count, the seed, every owner's migrations. */
const tablesKey = createHash('sha256')
  .update(JSON.stringify(RECORD_TABLES.map((o) => [o.owner, o.migrations.map((m) => [m.version, m.name])])))
  .digest('hex')
  .slice(0, 12);
const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', `records-${RECORDS}-${SEED}-${tablesKey}-v1`);
const CACHED_DATA = path.join(CACHE, 'data');

/** How a benchmark composes a studio on the folder: host cli, so no daily backup runs. */
export const studioConfig = (dataDir: string) => ({
  dataDir,
  appVersion: 'bench',
  host: 'cli' as const,
  env: process.env,
});

/** A data folder as a studio leaves it, then the records, all in one transaction. */
async function buildDataFolder(assets: readonly Asset[]): Promise<void> {
  await rm(CACHE, { recursive: true, force: true });
  const part = path.join(CACHE, 'data.part');
  await mkdir(part, { recursive: true });
  await (await composeStudio(studioConfig(part))).close();
  const db = Database.open(path.join(part, 'db', DATABASE_FILE), RECORD_TABLES);
  try {
    const repository = new LibraryRepository(db.sql);
    const t0 = performance.now();
    db.transaction(() => {
      for (const a of assets) repository.put(a);
    });
    process.stdout.write(
      `  (${RECORDS} records written once through the library's repository, in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  } finally {
    db.close();
  }
  await rename(part, CACHED_DATA);
}

let built: Promise<Asset[]> | null = null;

/**
 * The records, and a fresh copy of the folder for the benchmark `name` (replaced at each run:
 * `studio-bench-cache/<name>-work`).
 */
export async function libraryFolder(name: string): Promise<{ dataDir: string; assets: Asset[] }> {
  built ??= (async () => {
    const assets = generateAssets(RECORDS, SEED);
    if (!existsSync(CACHED_DATA)) await buildDataFolder(assets);
    return assets;
  })();
  const assets = await built;
  const dataDir = path.join(os.tmpdir(), 'studio-bench-cache', `${name}-work`);
  await rm(dataDir, { recursive: true, force: true });
  await cp(CACHED_DATA, dataDir, { recursive: true });
  return { dataDir, assets };
}
