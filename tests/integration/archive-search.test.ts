/**
 * The archive's search through the router, as the Lưu trữ workspace asks it: words typed without
 * diacritics or đ, exact diacritics first, a typo, facets, filters and sorting over records built
 * from the library and the programmes; a change found at once; a lost index rebuilt from the
 * owners' records by the next search.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveSearchResult, ProgrammeState, RequestIn } from '../../src-main/contract';
import { DATABASE_FILE } from '../../src-main/store';
import { readWavHeader } from '../../src-main/audio';
import { addAsset, renderOk, S } from '../support/programme';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';

describe('archive search', () => {
  let t: TestStudio;
  let dir: string;
  const ids: Record<string, string> = {};
  let programme: ProgrammeState;

  const search = (q: RequestIn<'archive.search'>): Promise<ArchiveSearchResult> =>
    t.call('archive.search', q);
  const titles = (r: ArchiveSearchResult) => r.hits.map((h) => h.title);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-archive-'));
    t = await openTestStudio(path.join(dir, 'data'));
    let freq = 300;
    const add = async (key: string, patch: Record<string, unknown>) => {
      const file = signal(path.join(dir, `${key}.wav`), {
        samples: 9600,
        tone: { freq: (freq += 20), amp: 0.2 },
      });
      const id = await t.importFile(file);
      await t.call('library.update', { id, patch });
      ids[key] = id;
    };
    await add('life', {
      title: 'Đời sống nhân dân vùng cao',
      reporter: 'Lò Thị Mai',
      recordedAt: '2025-04-02',
    });
    await add('duc', { title: 'Gặp gỡ ông Đức ở bản Phiêng', subject: 'Văn hoá', recordedAt: '2026-01-10' });
    await add('giaoduc', { title: 'Giáo dục vùng khó', subject: 'Giáo dục', recordedAt: '2026-02-11' });
    await add('daklak', { title: 'Cà phê Đắk Lắk vào mùa', tags: ['Tây Nguyên'], recordedAt: '2026-03-02' });
    await add('tay', {
      title: 'Bản tin tiếng Tày: giống lúa mới',
      language: 'tyz',
      reporter: 'Hoàng Văn Đức',
      recordedAt: '2026-05-12',
    });

    programme = await t.call('programme.create', {
      metadata: {
        title: 'Chương trình thời sự sáng',
        summary: 'Nông nghiệp và đời sống',
        subject: 'Thời sự',
        priority: 'priority',
        date: '2026-06-01',
        authors: ['Nguyễn Thị Hoà'],
        languages: ['vie', 'tyz'],
      },
    });
    programme = (await addAsset(t, programme, 'voice', ids.life as string, { title: 'Tin đời sống' })).p;
    programme = (
      await addAsset(t, programme, 'voice', ids.tay as string, {
        title: 'Tin tiếng Tày',
        start: 2 * S,
        language: 'tyz',
      })
    ).p;
  });

  afterAll(async () => {
    await t.studio.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds words typed without diacritics or đ, and a typo', async () => {
    expect(titles(await search({ text: 'doi song', kind: ['asset'] }))).toEqual([
      'Đời sống nhân dân vùng cao',
    ]);
    expect(titles(await search({ text: 'dak lak' }))).toEqual(['Cà phê Đắk Lắk vào mùa']);
    expect(titles(await search({ text: 'dak lek' }))).toEqual(['Cà phê Đắk Lắk vào mùa']);
    const duc = await search({ text: 'duc', kind: ['asset'] });
    expect(titles(duc).sort()).toEqual(
      ['Bản tin tiếng Tày: giống lúa mới', 'Giáo dục vùng khó', 'Gặp gỡ ông Đức ở bản Phiêng'].sort(),
    );
    expect(duc.total).toBe(3);
  });

  it('ranks exact diacritics first', async () => {
    const duc = await search({ text: 'Đức', kind: ['asset'] });
    expect(titles(duc).slice(0, 2).sort()).toEqual([
      'Bản tin tiếng Tày: giống lúa mới',
      'Gặp gỡ ông Đức ở bản Phiêng',
    ]);
    expect(duc.hits[2]?.title).toBe('Giáo dục vùng khó');
    const giaoDuc = await search({ text: 'dục', kind: ['asset'] });
    expect(giaoDuc.hits[0]?.title).toBe('Giáo dục vùng khó');
    expect(giaoDuc.hits[0]?.score).toBeGreaterThan(giaoDuc.hits[1]?.score ?? Infinity);
  });

  it('finds a programme and its segments, a segment at its place in the programme', async () => {
    const r = await search({ text: 'tin tieng tay' });
    const segment = r.hits.find((h) => h.kind === 'segment');
    const item = programme.items.find((i) => i.title === 'Tin tiếng Tày');
    expect(segment?.title).toBe('Tin tiếng Tày');
    expect(segment?.sourceId).toBe(programme.id);
    expect(segment?.startSec).toBeCloseTo((item?.start ?? -1) / S, 3);
    expect(segment?.endSec).toBeCloseTo((item?.end ?? -1) / S, 3);
    expect(segment?.languages).toEqual(['tyz']);
    expect(segment?.reporters).toContain('Hoàng Văn Đức');
    expect(r.hits.some((h) => h.kind === 'programme' && h.title === 'Chương trình thời sự sáng')).toBe(true);
    const record = await t.call('archive.get', { id: segment?.id as string });
    expect(record.priority).toBe('priority');
    expect(record.subjects).toEqual(['Thời sự']);
  });

  it('counts facets and filters by them, by date, by length', async () => {
    const all = await search({ text: '' });
    expect(all.total).toBe(5 + 1 + 2);
    expect(all.facets.kind).toEqual({ asset: 5, programme: 1, segment: 2 });
    expect(all.facets.language.tyz).toBe(3);
    const tay = await search({ text: '', language: ['tyz'], kind: ['asset', 'segment'] });
    expect(titles(tay).sort()).toEqual(['Bản tin tiếng Tày: giống lúa mới', 'Tin tiếng Tày']);
    const inMarch = await search({ text: '', from: '2026-03-01', to: '2026-03-31' });
    expect(titles(inMarch)).toEqual(['Cà phê Đắk Lắk vào mùa']);
    const subject = await search({ text: 'vung', subject: ['Giáo dục'] });
    expect(titles(subject)).toEqual(['Giáo dục vùng khó']);
    expect(subject.facets.subject).toEqual({ 'Giáo dục': 1 });
    const short = await search({ text: '', kind: ['segment'], maxLengthSec: 0.1 });
    expect(short.total).toBe(0);
  });

  it('sorts newest, oldest, longest', async () => {
    const newest = await search({ text: '', kind: ['asset'], sort: 'newest' });
    expect(newest.hits.map((h) => h.date)).toEqual([
      '2026-05-12',
      '2026-03-02',
      '2026-02-11',
      '2026-01-10',
      '2025-04-02',
    ]);
    const oldest = await search({ text: '', kind: ['asset'], sort: 'oldest', limit: 2, offset: 1 });
    expect(oldest.hits.map((h) => h.date)).toEqual(['2026-01-10', '2026-02-11']);
    const longest = await search({ text: '', sort: 'longest', limit: 1 });
    expect(longest.hits[0]?.kind).toBe('programme');
  });

  it('finds a change at once, and forgets what went to the trash', async () => {
    await t.call('library.update', { id: ids.giaoduc as string, patch: { title: 'Trường học ở Mường Tè' } });
    expect(titles(await search({ text: 'muong te' }))).toEqual(['Trường học ở Mường Tè']);
    await t.call('library.trash', { id: ids.giaoduc as string });
    expect((await search({ text: 'muong te' })).total).toBe(0);
    await t.call('library.restore', { id: ids.giaoduc as string });
    expect((await search({ text: 'muong te' })).total).toBe(1);
  });

  it('answers a bad query in Vietnamese', async () => {
    const e = await t.fail('archive.search', { text: '', from: '2026-05-01', to: '2026-04-01' });
    expect(e.code).toBe('INVALID_REQUEST');
    expect(e.message).toContain('Ngày bắt đầu phải trước');
    const missing = await t.fail('archive.get', { id: 'asset:nothing' });
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('exports a hit: an asset whole, a segment cut out of the rendered programme, each with its metadata', async () => {
    const out = path.join(dir, 'exports');
    await mkdir(out);
    const asset = await t.call('archive.export', { id: `asset:${ids.daklak}`, dir: out });
    const stored = t.studio.services.media.library.get(ids.daklak as string);
    expect(await readFile(asset.audioFile)).toEqual(
      await readFile(t.studio.services.media.library.audioPath(stored)),
    );
    expect(JSON.parse(await readFile(asset.metadataFile, 'utf8'))).toMatchObject({
      title: 'Cà phê Đắk Lắk vào mùa',
    });

    const segmentId = `segment:${programme.id}/${programme.items.find((i) => i.title === 'Tin tiếng Tày')?.id}`;
    const unrendered = await t.fail('archive.export', { id: segmentId, dir: out });
    expect(unrendered.message).toContain('chưa được dựng');
    await renderOk(t, programme, out);
    const segment = await t.call('archive.export', { id: segmentId, dir: out });
    const wav = await readWavHeader(segment.audioFile);
    expect(wav?.sampleRate).toBe(S);
    const seconds = (wav?.dataBytes ?? 0) / (wav?.blockAlign ?? 1) / S;
    expect(seconds).toBeCloseTo(segment.endSec - segment.startSec, 2);
    expect(segment.startSec).toBeCloseTo(2, 3);
    expect(JSON.parse(await readFile(segment.metadataFile, 'utf8'))).toMatchObject({
      title: 'Tin tiếng Tày',
      startSec: segment.startSec,
    });
    // A window may write only where its user chose.
    const elsewhere = await t.fail('archive.export', {
      id: `asset:${ids.daklak}`,
      dir: '/etc/studio-archive',
    });
    expect(elsewhere.code).toBe('PATH_NOT_ALLOWED');
  });

  it('rebuilds a lost or damaged index from the records, at the next search', async () => {
    // Another connection to the records file, as a damaged or half-restored file would be.
    const db = new BetterSqlite3(path.join(t.dataDir, 'db', DATABASE_FILE));
    db.pragma('busy_timeout = 5000');
    db.exec('DROP TABLE archive_search_fts');
    expect(titles(await search({ text: 'dak lak' }))).toEqual(['Cà phê Đắk Lắk vào mùa']);
    db.exec('DROP TABLE archive_records; DROP TABLE archive_facets');
    const again = await search({ text: '' });
    expect(again.total).toBe(5 + 1 + 2);
    expect(titles(await search({ text: 'doi song', kind: ['asset'] }))).toEqual([
      'Đời sống nhân dân vùng cao',
    ]);
    db.close();
  });
});
