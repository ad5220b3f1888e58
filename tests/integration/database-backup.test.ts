import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src-main/contract';
import { Database, type SchemaOwner } from '../../src-main/store';
import {
  dailyBackup,
  listBackups,
  readBackupSummary,
  restoreBackup,
  writeBackup,
} from '../../src-main/store/backup';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

const notes: SchemaOwner = {
  owner: 'notes',
  migrations: [
    { version: 1, name: 'notes', up: 'CREATE TABLE note (id TEXT PRIMARY KEY, text TEXT NOT NULL) STRICT' },
  ],
};

/** A data folder with a database of `n` notes and two JSON collections. */
async function dataFolder(n: number) {
  const dataDir = await tempDir();
  const jsonDir = path.join(dataDir, 'db');
  await mkdir(jsonDir, { recursive: true });
  const databaseFile = path.join(jsonDir, 'studio.sqlite');
  const db = Database.open(databaseFile, [notes]);
  const insert = db.sql.prepare('INSERT INTO note VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(`n${i}`, `Tin số ${i}: xã Tân Lập`);
  });
  await writeFile(path.join(jsonDir, 'settings.json'), '{"schemaVersion":3,"data":{"ffmpegPath":null}}');
  await writeFile(
    path.join(jsonDir, 'programme-templates.json'),
    '{"schemaVersion":1,"data":{"templates":[]}}',
  );
  await writeFile(path.join(jsonDir, 'settings.json.bak'), 'an older copy, not a collection');
  return { dataDir, jsonDir, databaseFile, db };
}

const count = (db: Database) => (db.sql.prepare('SELECT COUNT(*) AS n FROM note').get() as { n: number }).n;

async function refusal(run: () => Promise<unknown>): Promise<StudioError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('a backup of the records', () => {
  it('holds the database and the JSON collections, and restoring it brings them back, keeping what it replaced', async () => {
    const { dataDir, jsonDir, databaseFile, db } = await dataFolder(3000);
    const out = path.join(dataDir, 'usb', 'sao-lưu-06-12.sqlite');
    const summary = await writeBackup(db, jsonDir, out, { appVersion: '0.1.0' });
    expect(summary.files).toEqual(['programme-templates.json', 'settings.json']);
    expect(summary.appVersion).toBe('0.1.0');
    expect(existsSync(`${out}.part`)).toBe(false);

    // Work goes on after the backup, then the station wants the backup back.
    db.sql.prepare('DELETE FROM note WHERE id < ?').run('n5');
    db.sql.prepare('INSERT INTO note VALUES (?, ?)').run('late', 'Tin viết sau bản sao lưu');
    await writeFile(
      path.join(jsonDir, 'settings.json'),
      '{"schemaVersion":3,"data":{"ffmpegPath":"/opt/ffmpeg"}}',
    );
    await writeFile(path.join(jsonDir, 'export-folders.json'), '{"schemaVersion":1,"data":{}}');
    db.close();

    const report = await restoreBackup(out, { databaseFile, jsonDir });
    const restored = Database.open(databaseFile, [notes]);
    try {
      expect(count(restored)).toBe(3000);
      expect(restored.sql.prepare("SELECT id FROM note WHERE id = 'late'").get()).toBeUndefined();
      expect(
        restored.sql.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'studio_backup%'").all(),
      ).toEqual([]);
    } finally {
      restored.close();
    }
    expect(await readFile(path.join(jsonDir, 'settings.json'), 'utf8')).toContain('"ffmpegPath":null');
    expect(existsSync(path.join(jsonDir, 'export-folders.json'))).toBe(false);

    // Nothing is lost by restoring: the replaced records are beside it.
    const aside = await readdir(report.setAsideIn);
    expect(aside).toEqual(expect.arrayContaining(['studio.sqlite', 'settings.json', 'export-folders.json']));
    expect(await readFile(path.join(report.setAsideIn, 'settings.json'), 'utf8')).toContain('/opt/ffmpeg');
    const before = Database.open(path.join(report.setAsideIn, 'studio.sqlite'), [notes]);
    try {
      expect(before.sql.prepare("SELECT text FROM note WHERE id = 'late'").get()).toEqual({
        text: 'Tin viết sau bản sao lưu',
      });
    } finally {
      before.close();
    }
  });

  it('never overwrites a file that is there already', async () => {
    const { dataDir, jsonDir, db } = await dataFolder(10);
    const out = path.join(dataDir, 'backup.sqlite');
    await writeFile(out, 'a file the user keeps');
    const err = await refusal(() => writeBackup(db, jsonDir, out, { appVersion: '0.1.0' }));
    db.close();
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('backup.sqlite');
    expect(await readFile(out, 'utf8')).toBe('a file the user keeps');
  });

  it('refuses to restore what is not a whole backup, and changes nothing', async () => {
    const { dataDir, jsonDir, databaseFile, db } = await dataFolder(10);
    db.close();
    const settingsBefore = await readFile(path.join(jsonDir, 'settings.json'), 'utf8');
    const dbBefore = await readFile(databaseFile);

    const junk = path.join(dataDir, 'junk.sqlite');
    await writeFile(junk, Buffer.alloc(4096, 7));
    const plain = path.join(dataDir, 'plain.sqlite');
    Database.open(plain, [notes]).close();

    for (const file of [junk, plain, path.join(dataDir, 'không-có.sqlite')]) {
      const err = await refusal(() => restoreBackup(file, { databaseFile, jsonDir }));
      expect(err.code, file).toBe('STORE_CORRUPT');
      expect(err.message).toContain('không phải bản sao lưu của Studio');
    }
    expect(await readFile(path.join(jsonDir, 'settings.json'), 'utf8')).toBe(settingsBefore);
    expect((await readFile(databaseFile)).equals(dbBefore)).toBe(true);
    expect((await readdir(jsonDir)).filter((n) => n.startsWith('before-restore'))).toEqual([]);
  });

  it('makes one daily backup a day and keeps the last seven', async () => {
    const { dataDir, jsonDir, db } = await dataFolder(100);
    try {
      for (let day = 1; day <= 10; day++) {
        const now = new Date(2026, 11, day, 9, 0);
        expect(await dailyBackup(db, dataDir, jsonDir, { appVersion: '0.1.0', now })).not.toBeNull();
        // The second start on the same day writes nothing.
        expect(await dailyBackup(db, dataDir, jsonDir, { appVersion: '0.1.0', now })).toBeNull();
      }
      const kept = await listBackups(dataDir);
      expect(kept.map((b) => b.day)).toEqual(
        [10, 9, 8, 7, 6, 5, 4].map((d) => `2026-12-${String(d).padStart(2, '0')}`),
      );
      const newest = kept[0];
      expect((await readBackupSummary(newest?.file ?? '')).files).toContain('settings.json');
    } finally {
      db.close();
    }
  });
});
