/**
 * The move of the records that grow from lowdb files into the records database, on the first start
 * of a data folder written before the database existed. Each service says which of its collections
 * move and writes their records through its own repository (a `LowdbMove`); this module reads the
 * files, runs every write in ONE transaction with a row per moved collection in `lowdb_moved`, and
 * only then renames the files aside (`library-2026.json` → `library-2026.json.moved-to-sqlite`, its
 * `.bak` likewise): nothing is deleted.
 *
 * A crash before the commit leaves the database without any of it and the files in place: the next
 * start does it all again. A crash after the commit leaves files whose collection is in
 * `lowdb_moved`: the next start only renames them.
 */
import { open, readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { Collection, type CollectionOptions } from './collection';
import type { Database, SchemaOwner } from './database';

/** A service's collections that move into its tables, as the service describes them. */
export interface LowdbMoveSpec<T> {
  /** Whether the collection of this name (a file `db/<name>.json`) is one it moves. */
  matches(name: string): boolean;
  /** How to read it: as the release that wrote it read it (schema, migrations). */
  options(name: string): CollectionOptions<T>;
  /** Writes its records into the service's tables; runs inside the move's transaction. */
  write(data: T, name: string): void;
}

/** A move as the store runs it: it reads a collection, then hands back the write of its records. */
export interface LowdbMove {
  matches(name: string): boolean;
  load(dbDir: string, name: string): Promise<() => void>;
}

export function lowdbMove<T>(spec: LowdbMoveSpec<T>): LowdbMove {
  return {
    matches: (name) => spec.matches(name),
    load: async (dbDir, name) => {
      const data = await Collection.peek(dbDir, spec.options(name));
      return () => spec.write(data, name);
    },
  };
}

/** What the move did: the collections it moved now, and those it only renamed (moved before a crash). */
export interface LowdbMoveReport {
  moved: string[];
  renamedOnly: string[];
}

export const MOVED_SUFFIX = '.moved-to-sqlite';

/** The store's own table: which collections are in the database already. */
export const lowdbMoveTables: SchemaOwner = {
  owner: 'store',
  migrations: [
    {
      version: 1,
      name: 'collections moved from lowdb',
      up: `CREATE TABLE lowdb_moved (
        name TEXT PRIMARY KEY,
        moved_at TEXT NOT NULL
      ) STRICT`,
    },
  ],
};

/** Moves what is still in lowdb files of `dbDir` into `database`; nothing to do on a moved folder. */
export async function moveLowdbCollections(
  database: Database,
  dbDir: string,
  moves: readonly LowdbMove[],
  now: () => Date = () => new Date(),
): Promise<LowdbMoveReport> {
  const found = new Map<string, LowdbMove>();
  for (const file of await readdir(dbDir).catch(() => [] as string[])) {
    const name = /^([a-z0-9-]+)\.json(?:\.bak)?$/.exec(file)?.[1];
    const move = name === undefined ? undefined : moves.find((m) => m.matches(name));
    if (name !== undefined && move) found.set(name, move);
  }
  if (found.size === 0) return { moved: [], renamedOnly: [] };

  const isMoved = database.sql.prepare('SELECT 1 FROM lowdb_moved WHERE name = ?');
  const pending = [...found].filter(([name]) => isMoved.get(name) === undefined);
  const renamedOnly = [...found.keys()].filter((name) => !pending.some(([n]) => n === name));
  // Read whole before writing anything: a file that cannot be read stops the move with nothing done.
  const contents = await Promise.all(
    pending.map(async ([name, move]) => ({ name, write: await move.load(dbDir, name) })),
  );
  const record = database.sql.prepare('INSERT INTO lowdb_moved (name, moved_at) VALUES (?, ?)');
  database.transaction(() => {
    const at = now().toISOString();
    for (const { name, write } of contents) {
      write();
      record.run(name, at);
    }
  });

  for (const name of found.keys()) {
    for (const file of [`${name}.json`, `${name}.json.bak`]) {
      await rename(path.join(dbDir, file), path.join(dbDir, `${file}${MOVED_SUFFIX}`)).catch(
        (err: NodeJS.ErrnoException) => {
          // Renamed already (a crash came between this collection's two renames).
          if (err.code !== 'ENOENT') throw err;
        },
      );
    }
  }
  await syncDir(dbDir);
  return { moved: contents.map((c) => c.name), renamedOnly };
}

/** The renames are on the disk, not only in its cache, before the studio goes on. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
