import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src-main/contract';
import { Database, type SchemaOwner } from '../../src-main/store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

const shelves: SchemaOwner = {
  owner: 'shelves',
  migrations: [
    {
      version: 1,
      name: 'shelves',
      up: 'CREATE TABLE shelf (id TEXT PRIMARY KEY, title TEXT NOT NULL) STRICT',
    },
    {
      version: 2,
      name: 'books on shelves',
      up: `CREATE TABLE book (id TEXT PRIMARY KEY, shelf TEXT NOT NULL REFERENCES shelf(id)) STRICT`,
    },
  ],
};

async function dbFile(): Promise<string> {
  return path.join(await tempDir(), 'db', 'studio.sqlite');
}

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

function refusal(run: () => unknown): StudioError {
  try {
    run();
  } catch (err) {
    if (err instanceof StudioError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('the records database', () => {
  it('keeps commits on the disk (WAL, synchronous FULL) and enforces foreign keys', async () => {
    const db = Database.open(await dbFile(), [shelves]);
    try {
      expect(db.sql.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sql.pragma('synchronous', { simple: true })).toBe(2);
      db.sql.prepare('INSERT INTO shelf VALUES (?, ?)').run('s1', 'Bản tin sáng');
      db.sql.prepare('INSERT INTO book VALUES (?, ?)').run('b1', 's1');
      expect(() => db.sql.prepare('INSERT INTO book VALUES (?, ?)').run('b2', 'không có')).toThrow(
        /FOREIGN KEY/,
      );
      expect(db.integrity()).toEqual({ integrity: ['ok'], foreignKeyProblems: 0 });
    } finally {
      db.close();
    }
  });

  it('runs each step once, in order, and only the new ones when the code adds a step', async () => {
    const file = await dbFile();
    const first = Database.open(file, [{ owner: 'shelves', migrations: shelves.migrations.slice(0, 1) }]);
    first.sql.prepare('INSERT INTO shelf VALUES (?, ?)').run('s1', 'Thời sự');
    expect(first.versions()).toEqual({ shelves: 1 });
    first.close();

    const second = Database.open(file, [shelves]);
    expect(second.versions()).toEqual({ shelves: 2 });
    expect(second.sql.prepare('SELECT title FROM shelf').all()).toEqual([{ title: 'Thời sự' }]);
    second.close();

    // Opening again applies nothing: a step that ran twice would fail on "table already exists".
    const third = Database.open(file, [shelves]);
    expect(third.sql.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 2 });
    third.close();
  });

  it('leaves the file as it was when a step fails half-way', async () => {
    const file = await dbFile();
    Database.open(file, [shelves]).close();
    const broken: SchemaOwner = {
      owner: 'shelves',
      migrations: [
        ...shelves.migrations,
        { version: 3, name: 'half a step', up: 'CREATE TABLE shelf_note (id TEXT); SELECT * FROM nowhere;' },
      ],
    };
    expect(() => Database.open(file, [broken])).toThrow();
    const db = Database.open(file, [shelves]);
    expect(db.versions()).toEqual({ shelves: 2 });
    expect(db.sql.prepare("SELECT name FROM sqlite_master WHERE name = 'shelf_note'").all()).toEqual([]);
    db.close();
  });

  it('refuses, in Vietnamese and without writing, a database from a newer studio', async () => {
    const file = await dbFile();
    Database.open(file, [shelves]).close();
    const before = await sha(file);
    const err = refusal(() =>
      Database.open(file, [{ owner: 'shelves', migrations: shelves.migrations.slice(0, 1) }]),
    );
    expect(err.code).toBe('STORE_TOO_NEW');
    expect(err.message).toContain('phiên bản Studio mới hơn');
    expect(await sha(file)).toBe(before);
  });

  it('says a damaged file is damaged, and leaves it as it is', async () => {
    const file = await dbFile();
    Database.open(file, [shelves]).close();
    await writeFile(file, Buffer.alloc(8192, 0x5a));
    const before = await sha(file);
    const err = refusal(() => Database.open(file, [shelves]));
    expect(err.code).toBe('STORE_CORRUPT');
    expect(err.message).toContain('bản sao lưu');
    expect(err.technical).toContain(file);
    expect(await sha(file)).toBe(before);
  });

  it('copies itself consistently while it is being written (online backup)', async () => {
    const file = await dbFile();
    const db = Database.open(file, [shelves]);
    const insert = db.sql.prepare('INSERT INTO shelf VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`s${i}`, `Chương trình ${i}`);
    });
    const copy = path.join(path.dirname(file), 'backup', 'copy.sqlite');
    const backup = db.backupTo(copy);
    for (let i = 5000; i < 5100; i++) insert.run(`s${i}`, `Chương trình ${i}`);
    await backup;
    db.close();

    const restored = Database.open(copy, [shelves]);
    const { n } = restored.sql.prepare('SELECT COUNT(*) AS n FROM shelf').get() as { n: number };
    expect(n).toBeGreaterThanOrEqual(5000);
    expect(restored.integrity().integrity).toEqual(['ok']);
    restored.close();
  });
});
