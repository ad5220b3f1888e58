/**
 * The library's search through the router, as the Library screen and the programme's asset panel
 * ask it: words without diacritics or đ, a typo, the filters with the words, the trash, edits, and
 * a records database written before the search had its index (filled when it upgrades).
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryListSchema, type Asset } from '../../src-main/contract';
import type { LibraryQuery } from '../../src-main/media/library';
import { LibraryRepository } from '../../src-main/media/library-repository';
import { libraryTables } from '../../src-main/media/library-tables';
import { foldVietnamese } from '../../src-main/platform/vietnamese-fold';
import { Database, DATABASE_FILE } from '../../src-main/store';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio, useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

describe('library search', () => {
  let t: TestStudio;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const dir = await tempDir();
    t = await openTestStudio(path.join(dir, 'data'));
    const add = async (key: string, freq: number, patch: Record<string, unknown>) => {
      const file = signal(path.join(dir, `${key}.wav`), { samples: 4800, tone: { freq, amp: 0.2 } });
      const id = await t.importFile(file);
      await t.call('library.update', { id, patch });
      ids[key] = id;
    };
    await add('daklak', 300, {
      title: 'Bản tin Đắk Lắk',
      reporter: 'Y Bhin Niê',
      tags: ['Tây Nguyên'],
      recordedAt: '2026-03-02',
    });
    await add('road', 320, {
      title: 'Phóng sự nông thôn mới',
      notes: 'Sửa đường liên thôn ở xã Đồng Tâm',
      reporter: 'Nguyễn Thị Hoà',
      subject: 'Giao thông',
      tags: ['giao thông'],
      recordedAt: '2026-05-10',
    });
    await add('tay', 340, {
      title: 'Bản tin tiếng Tày',
      language: 'tyz',
      reporter: 'Hoàng Văn Đức',
      tags: ['Tày', 'giao thông'],
      recordedAt: '2026-05-12',
    });
    await add('old', 360, { title: 'Tin cũ năm ngoái', recordedAt: '2025-11-01' });
    await add('spare', 380, { title: 'Thử micrô', language: 'zxx', recordedAt: '2026-08-20' });
  });

  afterAll(async () => {
    await t.studio.close();
  });

  const list = (q: Partial<LibraryQuery>) => t.call('library.list', { sort: 'title', order: 'asc', ...q });
  const titles = async (q: Partial<LibraryQuery>) => (await list(q)).items.map((a) => a.title);

  it('finds words typed without diacritics or đ', async () => {
    expect(await titles({ text: 'dak lak' })).toEqual(['Bản tin Đắk Lắk']);
    expect(await titles({ text: 'duong' })).toEqual(['Phóng sự nông thôn mới']);
    expect(await titles({ text: 'DONG TAM' })).toEqual(['Phóng sự nông thôn mới']);
    // The last word as the user is still typing it.
    expect(await titles({ text: 'ban tin tie' })).toEqual(['Bản tin tiếng Tày']);
    expect(await titles({ text: 'tay nguy' })).toEqual(['Bản tin Đắk Lắk']);
  });

  it('tolerates a typo when the words as typed find nothing', async () => {
    expect(await titles({ text: 'bản tim' })).toEqual(['Bản tin Đắk Lắk', 'Bản tin tiếng Tày']);
    expect(await titles({ text: 'dak lek' })).toEqual(['Bản tin Đắk Lắk']);
    expect(await titles({ text: 'phongg su' })).toEqual(['Phóng sự nông thôn mới']);
    // Words found as typed are not widened: "tin" does not also find a "tim".
    expect((await list({ text: 'tin cu' })).total).toBe(1);
  });

  it('combines the words with the filters', async () => {
    expect(await titles({ text: 'ban tin', language: 'tyz' })).toEqual(['Bản tin tiếng Tày']);
    expect(await titles({ text: 'ban tin', language: 'hnj' })).toEqual([]);
    expect(await titles({ text: 'ban tin', tag: 'GIAO THONG' })).toEqual(['Bản tin tiếng Tày']);
    expect(await titles({ text: 'ban tin', reporter: 'van duc' })).toEqual(['Bản tin tiếng Tày']);
    expect(await titles({ text: 'giao thong', subject: 'giao' })).toEqual(['Phóng sự nông thôn mới']);
    expect(await titles({ text: 'ban tin', from: '2026-03-01', to: '2026-03-31' })).toEqual([
      'Bản tin Đắk Lắk',
    ]);
    expect(await titles({ from: '2026-05-01', to: '2026-06-30' })).toEqual([
      'Bản tin tiếng Tày',
      'Phóng sự nông thôn mới',
    ]);
    expect(await titles({ to: '2025-12-31' })).toEqual(['Tin cũ năm ngoái']);
    expect(await titles({ from: '2025-11-01', to: '2026-03-02' })).toEqual([
      'Bản tin Đắk Lắk',
      'Tin cũ năm ngoái',
    ]);
    // A typo with a filter: tolerated within the filter, not around it.
    expect(await titles({ text: 'bản tim', language: 'tyz' })).toEqual(['Bản tin tiếng Tày']);
    // Sorted as asked, paged, and the total of all of them.
    const page = await t.call('library.list', {
      text: 'ban tin',
      sort: 'recordedAt',
      order: 'desc',
      limit: 1,
    });
    expect(page.total).toBe(2);
    expect(page.items.map((a) => a.title)).toEqual(['Bản tin tiếng Tày']);
  });

  it('finds an asset in the trash only in the trash view, and a purged one nowhere', async () => {
    await t.call('library.trash', { id: ids.old ?? '' });
    try {
      expect(await titles({ text: 'tin cu' })).toEqual([]);
      expect(await titles({ text: 'tin cu', onlyDeleted: true })).toEqual(['Tin cũ năm ngoái']);
      expect(await titles({ text: 'tin cu', includeDeleted: true })).toEqual(['Tin cũ năm ngoái']);
      expect(await titles({ to: '2025-12-31' })).toEqual([]);
      expect(await titles({ to: '2025-12-31', onlyDeleted: true })).toEqual(['Tin cũ năm ngoái']);
      // The typo retry does not bring it out of the trash either.
      expect(await titles({ text: 'tinn cu' })).toEqual([]);
      expect(await titles({ text: 'tinn cu', onlyDeleted: true })).toEqual(['Tin cũ năm ngoái']);
    } finally {
      await t.call('library.restore', { id: ids.old ?? '' });
    }
    expect(await titles({ text: 'tin cu' })).toEqual(['Tin cũ năm ngoái']);

    await t.call('library.trash', { id: ids.spare ?? '' });
    expect(await titles({ text: 'micro', onlyDeleted: true })).toEqual(['Thử micrô']);
    expect(await titles({ text: 'micor', onlyDeleted: true })).toEqual(['Thử micrô']);
    await t.call('library.purge', { id: ids.spare ?? '' });
    expect(await titles({ text: 'micro', includeDeleted: true })).toEqual([]);
    expect(await titles({ text: 'micor', includeDeleted: true })).toEqual([]);
    expect(await titles({ from: '2026-08-01', includeDeleted: true })).toEqual([]);
  });

  it('follows an edit of the title, the tags and the date', async () => {
    const id = ids.daklak ?? '';
    await t.call('library.update', {
      id,
      patch: { title: 'Thời sự Gia Lai', tags: ['Bắc Tây Nguyên'], recordedAt: '2026-07-01' },
    });
    try {
      expect(await titles({ text: 'dak lak' })).toEqual([]);
      expect(await titles({ text: 'gia lai' })).toEqual(['Thời sự Gia Lai']);
      expect(await titles({ tag: 'tay nguyen', text: 'gia' })).toEqual([]);
      expect(await titles({ tag: 'bac tay nguyen', text: 'gia' })).toEqual(['Thời sự Gia Lai']);
      expect(await titles({ from: '2026-03-01', to: '2026-03-31' })).toEqual([]);
      expect(await titles({ from: '2026-07-01', to: '2026-07-01' })).toEqual(['Thời sự Gia Lai']);
    } finally {
      await t.call('library.update', {
        id,
        patch: { title: 'Bản tin Đắk Lắk', tags: ['Tây Nguyên'], recordedAt: '2026-03-02' },
      });
    }
    expect(await titles({ text: 'dak lak' })).toEqual(['Bản tin Đắk Lắk']);
  });
});

describe('a records database from before the search index', () => {
  const FIXTURE = path.resolve(__dirname, '../fixtures/data-0.1.0');
  const shards = ['library-2025', 'library-2026'].map(
    (name) =>
      (
        JSON.parse(readFileSync(path.join(FIXTURE, 'db', `${name}.json`), 'utf8')) as {
          data: { assets: Record<string, Asset> };
        }
      ).data.assets,
  );
  const assets = shards.flatMap((s) => Object.values(s));

  /** The library's tables at step 1, with rows as that step's repository wrote them. */
  function writeStepOne(file: string): void {
    const owner = { owner: 'library', migrations: libraryTables.migrations.slice(0, 1) };
    const db = Database.open(file, [owner]);
    const insert = db.sql.prepare(
      `INSERT INTO assets (id, sha256, title, language, recorded_at, imported_at, updated_at, duration_sec,
         deleted_at, file, reporter_folded, subject_folded, search_text, asset)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tag = db.sql.prepare('INSERT INTO asset_tags (asset_id, tag_folded) VALUES (?, ?)');
    db.transaction(() => {
      for (const a of assets) {
        const text = [a.title, a.reporter, a.subject, a.tags.join(' '), a.notes, a.originalName].join(' ');
        insert.run(
          a.id,
          a.sha256,
          a.title,
          a.language,
          a.recordedAt,
          a.importedAt,
          a.updatedAt,
          a.durationSec,
          a.deletedAt,
          a.file,
          foldVietnamese(a.reporter),
          foldVietnamese(a.subject),
          foldVietnamese(text),
          JSON.stringify(a),
        );
        for (const x of a.tags) tag.run(a.id, foldVietnamese(x));
      }
    });
    db.close();
  }

  it('gets its index filled when it upgrades, and the search finds what it had', async () => {
    expect(assets).toHaveLength(4);
    const data = path.join(await tempDir(), 'data');
    cpSync(path.join(FIXTURE, 'library'), path.join(data, 'library'), { recursive: true });
    writeStepOne(path.join(data, 'db', DATABASE_FILE));

    const t = await studios.open(data);
    expect(t.studio.services.media.library.size).toBe(4);
    const ids = async (q: Partial<LibraryQuery>) =>
      (await t.call('library.list', { sort: 'title', order: 'asc', ...q })).items.map((a) => a.id).sort();
    const idsOf = (pick: (a: Asset) => boolean) =>
      assets
        .filter(pick)
        .map((a) => a.id)
        .sort();
    expect(await ids({ text: 'duong ve xa dong tam' })).toEqual(idsOf((a) => a.title.includes('Đồng Tâm')));
    expect(await ids({ text: 'hoang van duc' })).toEqual(idsOf((a) => a.reporter === 'Hoàng Văn Đức'));
    expect(await ids({ text: 'nhac hjeu' })).toEqual(idsOf((a) => a.title.startsWith('Nhạc hiệu')));
    expect(await ids({ text: 'ban tin', language: 'vie', from: '2026-03-01', to: '2026-03-31' })).toEqual(
      idsOf((a) => a.title.startsWith('Bản tin')),
    );
    expect(await ids({ text: 'tin cu' })).toEqual([]);
    expect(await ids({ text: 'tin cu', onlyDeleted: true })).toEqual(idsOf((a) => a.deletedAt !== null));

    // The next start finds the step done and the index as it was.
    await studios.closeAll();
    const again = await studios.open(data);
    const result = await again.call('library.list', { text: 'phong su tay', includeDeleted: true });
    expect(result.items.map((a) => a.title)).toEqual(['Phóng sự tiếng Tày: Mùa gặt ở bản Nà Lừa']);
  });
});

describe('a search newest first', () => {
  const base = (
    JSON.parse(
      readFileSync(path.resolve(__dirname, '../fixtures/data-0.1.0/db/library-2026.json'), 'utf8'),
    ) as { data: { assets: Record<string, Asset> } }
  ).data.assets;
  const template = Object.values(base)[0] as Asset;
  const asset = (id: string, title: string, importedAt: string, deletedAt: string | null = null): Asset => ({
    ...template,
    id,
    sha256: id,
    title,
    importedAt,
    updatedAt: importedAt,
    deletedAt,
  });

  it('is in import order as the list without words is, whatever order the assets were written in', async () => {
    const db = Database.open(path.join(await tempDir(), 'db', DATABASE_FILE), [libraryTables]);
    const records = new LibraryRepository(db.sql);
    // Written out of import order: an import that started first and finished last, two in the
    // same millisecond, one in the trash.
    records.put(asset('a1', 'Bản tin sáng', '2026-05-01T10:00:00.000Z'));
    records.put(asset('a2', 'Bản tin trưa', '2026-05-01T10:00:02.000Z'));
    records.put(asset('a3', 'Bản tin chiều', '2026-05-01T10:00:01.000Z'));
    records.put(asset('a4', 'Bản tin tối', '2026-05-01T10:00:01.000Z'));
    records.put(asset('a5', 'Bản tin cũ', '2026-05-01T09:00:00.000Z', '2026-05-02T00:00:00.000Z'));
    const list = (q: Partial<LibraryQuery>) => {
      const r = records.list(libraryListSchema.parse(q));
      return { total: r.total, ids: r.items.map((a) => a.id) };
    };
    const newestFirst = { total: 4, ids: ['a2', 'a4', 'a3', 'a1'] };
    expect(list({ text: 'ban tin' })).toEqual(newestFirst);
    expect(list({})).toEqual(newestFirst);
    expect(list({ text: 'ban tin', order: 'asc' })).toEqual({ total: 4, ids: ['a1', 'a3', 'a4', 'a2'] });
    expect(list({ text: 'ban tin', offset: 1, limit: 2 })).toEqual({ total: 4, ids: ['a4', 'a3'] });
    expect(list({ text: 'ban tin', includeDeleted: true }).ids).toEqual(['a2', 'a4', 'a3', 'a1', 'a5']);
    expect(list({ text: 'ban tin', onlyDeleted: true })).toEqual({ total: 1, ids: ['a5'] });
    // An edit keeps an asset's place; the typo retry pages the same way.
    records.put({ ...asset('a1', 'Bản tin sáng nay', '2026-05-01T10:00:00.000Z'), notes: 'sửa' });
    expect(list({ text: 'ban tim' })).toEqual(newestFirst);
    expect(list({ text: 'ban tin sang nay' })).toEqual({ total: 1, ids: ['a1'] });
    db.close();
  });
});
