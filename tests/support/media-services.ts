/** A library and importer on a temp data folder, with every event they send recorded. */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { libraryListSchema, type Asset, type EventName, type EventPayload } from '../../src-main/contract';
import { LibraryRepository } from '../../src-main/media/library-repository';
import { ImportService, type ImportServiceDeps } from '../../src-main/media/import-service';
import { Library } from '../../src-main/media/library';
import { libraryTables } from '../../src-main/media/library-tables';
import { Database, DATABASE_FILE, Store } from '../../src-main/store';

export interface RecordedEvent {
  event: EventName;
  payload: EventPayload<EventName>;
}

/** Databases `openMedia` opened and has not closed yet. */
const openDatabases = new Set<Database>();

/**
 * Closes every database `openMedia` opened: for a test that must unmount its data folder (an open
 * SQLite file keeps the mount busy).
 */
export function closeOpenedMedia(): void {
  for (const database of openDatabases) database.close();
  openDatabases.clear();
}

export async function openMedia(dataDir: string, overrides: Partial<ImportServiceDeps> = {}) {
  const events: RecordedEvent[] = [];
  const listeners = new Set<(e: RecordedEvent) => void>();
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    const e = { event, payload } as RecordedEvent;
    events.push(e);
    for (const l of listeners) l(e);
  };
  const resolveFfmpeg = async () => process.env.FFMPEG_BIN || '/usr/bin/ffmpeg';
  const store = new Store(dataDir);
  const database = Database.open(path.join(store.dbDir, DATABASE_FILE), [libraryTables]);
  openDatabases.add(database);
  const library = await Library.open({ store, database, dataDir, emit, resolveFfmpeg });
  const importer = new ImportService({ library, resolveFfmpeg, emit, ...overrides });
  return {
    library,
    importer,
    events,
    /** Calls `fn` on every event from now on. */
    on: (fn: (e: RecordedEvent) => void) => listeners.add(fn),
  };
}

/** Every file under `dir`, relative, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * Every asset record in a data folder's database (the trash too), read as the library reads them,
 * without starting a studio; none when the folder has no database yet.
 */
export function storedAssets(dataDir: string): Asset[] {
  const file = path.join(dataDir, 'db', DATABASE_FILE);
  if (!existsSync(file)) return [];
  const database = Database.open(file, [libraryTables]);
  try {
    const all = libraryListSchema.parse({ includeDeleted: true, limit: 1000 });
    return new LibraryRepository(database.sql).list(all).items;
  } finally {
    database.close();
  }
}
