/**
 * Backups of the data folder's records: one file that is itself a SQLite database, made by SQLite's
 * online backup (consistent while the studio writes), with the JSON collections of `db/` (settings,
 * languages, templates, project documents) stored inside it in `studio_backup_file`. One file is
 * easy to copy to a USB stick, and `integrity_check` says whether it is whole.
 *
 * The audio files are not in it: they are large, never change once imported, and are checked
 * against their hash by `studio db check`.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StudioError } from '../contract';
import { Database, type SchemaOwner } from './database';

/** What a backup says about itself. */
export interface BackupSummary {
  file: string;
  createdAt: string;
  appVersion: string;
  /** The JSON collections inside it (names relative to `db/`). */
  files: string[];
  /** Bytes of the backup file. */
  sizeBytes: number;
}

export const BACKUP_FORMAT = 1;
/** Daily backups live here, one per day: `studio-2026-12-06.sqlite`. */
export const BACKUP_DIR = 'backups';
const DAILY = /^studio-(\d{4}-\d{2}-\d{2})\.sqlite$/;

/** The JSON collections a backup carries: the current files only, not their `.bak` or set-aside copies. */
function isCollectionFile(name: string): boolean {
  return /^[a-z0-9-]+\.json$/i.test(name) && !/\.v\d+\.json$/.test(name) && !name.includes('.corrupt-');
}

/**
 * Writes a backup of `db` and of the JSON collections in `jsonDir` to `out`. The file appears whole
 * or not at all (written as `.part`, then renamed); an existing `out` is never overwritten.
 */
export async function writeBackup(
  db: Database,
  jsonDir: string,
  out: string,
  meta: { appVersion: string; now?: Date },
): Promise<BackupSummary> {
  if (existsSync(out)) {
    throw new StudioError(
      'CONFLICT',
      `Đã có tệp "${path.basename(out)}". Hãy chọn tên khác cho bản sao lưu; tệp cũ được giữ nguyên.`,
    );
  }
  await mkdir(path.dirname(out), { recursive: true });
  const part = `${out}.part`;
  await rm(part, { force: true });
  try {
    await db.backupTo(part);
    const names = (await readdir(jsonDir).catch(() => [] as string[])).filter(isCollectionFile).sort();
    const copy = new BetterSqlite3(part);
    try {
      copy.exec(`CREATE TABLE studio_backup_file (name TEXT PRIMARY KEY, content BLOB NOT NULL) STRICT;
        CREATE TABLE studio_backup_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;`);
      const addFile = copy.prepare('INSERT INTO studio_backup_file (name, content) VALUES (?, ?)');
      const addMeta = copy.prepare('INSERT INTO studio_backup_meta (key, value) VALUES (?, ?)');
      const contents = await Promise.all(names.map((n) => readFile(path.join(jsonDir, n))));
      copy.transaction(() => {
        names.forEach((n, i) => addFile.run(n, contents[i]));
        addMeta.run('format', String(BACKUP_FORMAT));
        addMeta.run('createdAt', (meta.now ?? new Date()).toISOString());
        addMeta.run('appVersion', meta.appVersion);
      })();
      // One self-contained file: no -wal beside it.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    await rename(part, out);
  } catch (err) {
    // The .part is only ever half a backup: never leave it for someone to take for a whole one.
    await rm(part, { force: true });
    throw err;
  }
  return readBackupSummary(out);
}

/** Reads what a backup holds, after checking it is one and is whole. Opens it read-only. */
export async function readBackupSummary(file: string): Promise<BackupSummary> {
  let copy: BetterSqlite3.Database;
  try {
    copy = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw notABackup(file, err);
  }
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw notABackup(file, new Error(`integrity_check: ${String(integrity)}`));
    const meta = Object.fromEntries(
      (
        copy.prepare('SELECT key, value FROM studio_backup_meta').all() as { key: string; value: string }[]
      ).map((r) => [r.key, r.value]),
    );
    if (Number(meta.format) > BACKUP_FORMAT) {
      throw new StudioError(
        'STORE_TOO_NEW',
        'Bản sao lưu này được tạo bởi một phiên bản Studio mới hơn. Hãy cập nhật Studio rồi khôi phục lại.',
        undefined,
        `${file}: backup format ${meta.format}`,
      );
    }
    const files = (
      copy.prepare('SELECT name FROM studio_backup_file ORDER BY name').all() as { name: string }[]
    ).map((r) => r.name);
    return {
      file,
      createdAt: meta.createdAt ?? '',
      appVersion: meta.appVersion ?? '',
      files,
      sizeBytes: (await stat(file)).size,
    };
  } catch (err) {
    throw err instanceof StudioError ? err : notABackup(file, err);
  } finally {
    copy.close();
  }
}

export interface RestoreReport {
  restoredFrom: BackupSummary;
  /** Where the records that were replaced were set aside (nothing is deleted). */
  setAsideIn: string;
}

/**
 * Puts a backup back: the database file and the JSON collections. What they replace is first copied
 * into `db/before-restore-<time>/`, never deleted. The studio must not have the data folder open
 * (the caller holds its lock).
 */
export async function restoreBackup(
  file: string,
  target: { databaseFile: string; jsonDir: string },
  options: { owners?: readonly SchemaOwner[]; now?: Date } = {},
): Promise<RestoreReport> {
  const now = options.now ?? new Date();
  const summary = await readBackupSummary(file);
  const aside = path.join(target.jsonDir, `before-restore-${now.toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(aside, { recursive: true });
  const current = (await readdir(target.jsonDir).catch(() => [] as string[])).filter(isCollectionFile);
  for (const suffix of ['', '-wal', '-shm']) {
    const f = `${target.databaseFile}${suffix}`;
    if (existsSync(f)) await copyFile(f, path.join(aside, path.basename(f)));
  }
  for (const name of current) await copyFile(path.join(target.jsonDir, name), path.join(aside, name));

  // The database is prepared beside the old one and swapped in by one rename at the end.
  const incoming = `${target.databaseFile}.restoring`;
  await rm(incoming, { force: true });
  await copyFile(file, incoming);
  const copy = new BetterSqlite3(incoming);
  let files: { name: string; content: Buffer }[];
  try {
    files = copy.prepare('SELECT name, content FROM studio_backup_file').all() as typeof files;
    copy.exec('DROP TABLE studio_backup_file; DROP TABLE studio_backup_meta; VACUUM;');
  } finally {
    copy.close();
  }
  // A name from elsewhere never becomes a path here.
  files = files.filter((f) => isCollectionFile(f.name));
  // Brought to today's tables before anything is swapped: a backup from a newer studio is refused here.
  try {
    Database.open(incoming, options.owners ?? []).close();
  } catch (err) {
    await rm(incoming, { force: true });
    throw err;
  }

  for (const f of files) {
    await writeFile(path.join(target.jsonDir, `${f.name}.restoring`), f.content);
    await rename(path.join(target.jsonDir, `${f.name}.restoring`), path.join(target.jsonDir, f.name));
  }
  const restored = new Set(files.map((f) => f.name));
  for (const name of current.filter((n) => !restored.has(n))) await rm(path.join(target.jsonDir, name));
  // The old log of commits belongs to the old file: SQLite would replay it onto the restored one.
  await rm(`${target.databaseFile}-wal`, { force: true });
  await rm(`${target.databaseFile}-shm`, { force: true });
  await rename(incoming, target.databaseFile);
  return { restoredFrom: summary, setAsideIn: aside };
}

/**
 * The daily backup: one a day in `<dataDir>/backups/`, the last `keep` days kept. Returns the file
 * written, or null when today's exists already.
 */
export async function dailyBackup(
  db: Database,
  dataDir: string,
  jsonDir: string,
  meta: { appVersion: string; now?: Date; keep?: number },
): Promise<string | null> {
  const now = meta.now ?? new Date();
  const dir = path.join(dataDir, BACKUP_DIR);
  const out = path.join(dir, `studio-${localDay(now)}.sqlite`);
  let written: string | null = null;
  if (!existsSync(out)) {
    await writeBackup(db, jsonDir, out, { appVersion: meta.appVersion, now });
    written = out;
  }
  const daily = (await listBackups(dataDir)).map((b) => b.file);
  for (const old of daily.slice(meta.keep ?? 7)) await rm(old, { force: true });
  return written;
}

/** The daily backups, newest first. */
export async function listBackups(dataDir: string): Promise<{ file: string; day: string }[]> {
  const dir = path.join(dataDir, BACKUP_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .map((n) => ({ n, day: DAILY.exec(n)?.[1] }))
    .filter((x): x is { n: string; day: string } => x.day !== undefined)
    .sort((a, b) => b.day.localeCompare(a.day))
    .map(({ n, day }) => ({ file: path.join(dir, n), day }));
}

function localDay(t: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

function notABackup(file: string, err: unknown): StudioError {
  return new StudioError(
    'STORE_CORRUPT',
    `Tệp "${path.basename(file)}" không phải bản sao lưu của Studio hoặc đã bị hỏng. Không có gì bị thay đổi.`,
    undefined,
    `${file}: ${(err as Error)?.message ?? String(err)}`,
  );
}

/** A restore chosen in the UI waits here for the next start (not `.json`: it is not a collection). */
const PENDING = 'restore-pending.txt';

/** Checks `file` is a whole backup, then marks it to be restored at the next start. */
export async function schedulePendingRestore(jsonDir: string, file: string): Promise<BackupSummary> {
  const summary = await readBackupSummary(file);
  await mkdir(jsonDir, { recursive: true });
  await writeFile(path.join(jsonDir, `${PENDING}.part`), file, 'utf8');
  await rename(path.join(jsonDir, `${PENDING}.part`), path.join(jsonDir, PENDING));
  return summary;
}

/** The backup waiting to be restored at the next start, or null. */
export async function pendingRestore(jsonDir: string): Promise<string | null> {
  const text = await readFile(path.join(jsonDir, PENDING), 'utf8').catch(() => null);
  return text?.trim() || null;
}

export async function cancelPendingRestore(jsonDir: string): Promise<void> {
  await rm(path.join(jsonDir, PENDING), { force: true });
}

/**
 * At start, before the database is opened: restores the backup chosen last time, if any. The mark
 * is removed either way, so a backup that has gone bad since cannot stop every start; the caller
 * reports the error, and the records stay as they were.
 */
export async function applyPendingRestore(
  target: { databaseFile: string; jsonDir: string },
  owners: readonly SchemaOwner[],
): Promise<{ report: RestoreReport } | { error: unknown } | null> {
  const file = await pendingRestore(target.jsonDir);
  if (!file) return null;
  try {
    return { report: await restoreBackup(file, target, { owners }) };
  } catch (error) {
    return { error };
  } finally {
    await cancelPendingRestore(target.jsonDir);
  }
}
