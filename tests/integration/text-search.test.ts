import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../src-main/platform/vietnamese-fold';
import { Database, TextIndex, typoCandidates, type SchemaOwner, type TextFilter } from '../../src-main/store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

/** An owner shaped like the library: its own table with the original text, and a text index. */
const search = new TextIndex({
  name: 'clip_search',
  fields: [
    { name: 'title', weight: 4 },
    { name: 'reporter', weight: 2 },
    { name: 'subject', weight: 2 },
    { name: 'tags', weight: 2 },
    { name: 'notes' },
  ],
  facets: [
    { name: 'language', kind: 'value' },
    { name: 'state', kind: 'value' },
    { name: 'tag', kind: 'value' },
    { name: 'day', kind: 'day' },
  ],
});

const clips: SchemaOwner = {
  owner: 'clips',
  migrations: [
    {
      version: 1,
      name: 'clips',
      up: `CREATE TABLE clip (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, reporter TEXT NOT NULL, subject TEXT NOT NULL,
        tags TEXT NOT NULL, notes TEXT NOT NULL, language TEXT NOT NULL, recorded_at TEXT NOT NULL,
        deleted_at TEXT
      ) STRICT`,
    },
    search.migration(2),
  ],
};

interface Clip {
  id: string;
  title: string;
  reporter?: string;
  subject?: string;
  tags?: string[];
  notes?: string;
  language?: string;
  recordedAt?: string;
  deletedAt?: string | null;
}

/** The owner's repository: the record and its index entry in one transaction. */
function save(db: Database, c: Clip): void {
  db.transaction(() => {
    db.sql
      .prepare(
        `INSERT OR REPLACE INTO clip VALUES (@id, @title, @reporter, @subject, @tags, @notes, @language, @recordedAt, @deletedAt)`,
      )
      .run({
        reporter: '',
        subject: '',
        notes: '',
        language: 'vie',
        recordedAt: '2026-01-01',
        deletedAt: null,
        ...c,
        tags: JSON.stringify(c.tags ?? []),
      });
    search.put(
      db.sql,
      c.id,
      {
        title: c.title,
        reporter: c.reporter,
        subject: c.subject,
        tags: c.tags,
        notes: c.notes,
      },
      {
        language: c.language ?? 'vie',
        state: c.deletedAt ? 'trash' : 'live',
        tag: (c.tags ?? []).map(foldVietnamese),
        day: c.recordedAt ?? '2026-01-01',
      },
    );
  });
}

function drop(db: Database, id: string): void {
  db.transaction(() => {
    db.sql.prepare('DELETE FROM clip WHERE id = ?').run(id);
    search.remove(db.sql, id);
  });
}

async function open(): Promise<{ db: Database; file: string }> {
  const file = path.join(await tempDir(), 'db', 'studio.sqlite');
  return { db: Database.open(file, [clips]), file };
}

const titles = (db: Database, ids: string[]) =>
  ids.map((id) => (db.sql.prepare('SELECT title FROM clip WHERE id = ?').get(id) as { title: string }).title);

describe('text search over the records database', () => {
  it('folds Vietnamese diacritics and đ, in the records and in the query, and keeps the original text', async () => {
    const { db } = await open();
    save(db, { id: 'a', title: 'Cà phê Đắk Lắk vào mùa' });
    save(db, { id: 'b', title: 'An toàn giao thông', notes: 'Sửa đường liên xã' });
    save(db, { id: 'c', title: 'Hội xuân', reporter: 'Lò Văn Thái' });
    save(db, { id: 'd', title: 'Người Thái ở Mường Lò'.normalize('NFD') });
    const find = (q: string) => titles(db, search.keys(db.sql, q)).sort();
    expect(find('dak lak')).toEqual(['Cà phê Đắk Lắk vào mùa']);
    expect(find('ĐẮK LẮK')).toEqual(['Cà phê Đắk Lắk vào mùa']);
    expect(find('Đắk Lắk'.normalize('NFD'))).toEqual(['Cà phê Đắk Lắk vào mùa']);
    expect(find('duong')).toEqual(['An toàn giao thông']);
    expect(find('đường')).toEqual(['An toàn giao thông']);
    expect(find('thai')).toEqual(['Hội xuân', 'Người Thái ở Mường Lò'.normalize('NFD')]);
    expect(find('muong lo')).toEqual(['Người Thái ở Mường Lò'.normalize('NFD')]);
    // The owner's columns are untouched: the index holds only folded words.
    expect(titles(db, ['a'])).toEqual(['Cà phê Đắk Lắk vào mùa']);
    db.close();
  });

  it('finds Tày and Mông words with their letters, typed with or without marks', async () => {
    const { db } = await open();
    save(db, { id: 'tay', title: 'Bản tin tiếng Tày', notes: 'Slíp pjạ nhỉnh lồng slửa', language: 'tyz' });
    save(db, { id: 'mong', title: 'Bản tin tiếng Mông', notes: 'Hmôngz Zuôv tsêr ntxhais', language: 'hnj' });
    const find = (q: string) => search.keys(db.sql, q).sort();
    expect(find('pja nhinh')).toEqual(['tay']);
    expect(find('slửa')).toEqual(['tay']);
    expect(find('hmongz')).toEqual(['mong']);
    expect(find('Hmôngz tsêr')).toEqual(['mong']);
    expect(find('ntxhais')).toEqual(['mong']);
    expect(find('tieng')).toEqual(['mong', 'tay']);
    db.close();
  });

  it('matches the last word as the start of a word, from two letters on', async () => {
    const { db } = await open();
    save(db, { id: 'a', title: 'Bản tin thời sự' });
    save(db, { id: 'b', title: 'Thông báo tiêm chủng' });
    const find = (q: string) => search.keys(db.sql, q).sort();
    expect(find('ban ti')).toEqual(['a']);
    expect(find('ti')).toEqual(['a', 'b']);
    expect(find('thon')).toEqual(['b']);
    // Only the last word is a prefix: "ti thoi" needs the word "ti".
    expect(find('ti thoi')).toEqual([]);
    // One letter is a whole word, not every word that starts with it.
    expect(find('t')).toEqual([]);
    db.close();
  });

  it('tolerates one typo in a word of three letters or more when the words as typed find nothing', async () => {
    const { db } = await open();
    save(db, { id: 'news', title: 'Bản tin sáng' });
    save(db, { id: 'heart', title: 'Khám bệnh tim miễn phí' });
    save(db, { id: 'coffee', title: 'Cà phê Đắk Lắk' });
    save(db, { id: 'year', title: 'Tổng kết năm 2026' });
    save(db, { id: 'now', title: 'Thời sự' });
    const find = (q: string) => search.keys(db.sql, q).sort();
    expect(find('bản tim')).toEqual(['news']); // a changed letter
    expect(find('dak lek')).toEqual(['coffee']);
    expect(find('dak lka')).toEqual(['coffee']); // two letters swapped
    expect(find('htoi su')).toEqual(['now']);
    expect(find('benhh tim')).toEqual(['heart']); // a letter too many
    expect(find('ban tn')).toEqual([]); // a two-letter word takes no typo
    // A word found as typed is what the user meant: "tim" finds the heart, not every "tin".
    expect(find('tim')).toEqual(['heart']);
    // Numbers take no typo.
    expect(find('nam 2025')).toEqual([]);
    expect(find('nam 2026')).toEqual(['year']);
    // Two typos in one word are not one.
    expect(find('dak lekk')).toEqual([]);
    db.close();
  });

  it('ranks title words above notes, and finds nothing for unrelated words', async () => {
    const { db } = await open();
    save(db, { id: 'notes', title: 'Chương trình buổi tối', notes: 'Kỹ thuật trồng lúa nước' });
    save(db, { id: 'title', title: 'Lúa mùa bội thu', notes: 'Phóng sự nông nghiệp' });
    save(db, { id: 'tag', title: 'Tin nông thôn', tags: ['lúa'] });
    expect(search.keys(db.sql, 'lua')).toEqual(['title', 'tag', 'notes']);
    for (const unrelated of ['bóng đá', 'xyz', 'điện lực', 'giáo dục', '"', 'lúa điện']) {
      expect(search.keys(db.sql, unrelated), unrelated).toEqual([]);
    }
    expect(search.query(db.sql, ' … - ')).toBeNull();
    db.close();
  });

  it("joins the owner's filters in one query, and tolerates typos only when nothing passes them", async () => {
    const { db } = await open();
    save(db, { id: 'tay-old', title: 'Bản tin nông nghiệp', language: 'tyz', recordedAt: '2025-06-01' });
    save(db, { id: 'tay-new', title: 'Bản tin nông nghiệp', language: 'tyz', recordedAt: '2026-03-02' });
    save(db, { id: 'vie', title: 'Bản tin nông nghiệp', language: 'vie', recordedAt: '2026-03-02' });
    save(db, {
      id: 'trash',
      title: 'Bản tin nông nghiệp',
      language: 'tyz',
      recordedAt: '2026-03-05',
      deletedAt: '2026-04-01',
    });
    save(db, { id: 'heart', title: 'Khám bệnh tim', language: 'vie', recordedAt: '2026-03-03' });
    const list = db.sql.prepare(
      `SELECT c.id FROM clip c JOIN (${search.matchingRanked}) hit ON hit.key = c.id
       WHERE c.language = ? AND c.deleted_at IS NULL AND c.recorded_at BETWEEN ? AND ?
       ORDER BY hit.rank, c.id`,
    );
    const find = (text: string, language: string, from = '2026-01-01', to = '2026-12-31') => {
      const q = search.query(db.sql, text);
      if (!q) throw new Error('no words');
      return search.search(
        q,
        (match) => (list.all(match, language, from, to) as { id: string }[]).map((r) => r.id),
        (ids) => ids.length > 0,
      );
    };
    expect(find('nong nghiep', 'tyz')).toEqual(['tay-new']);
    expect(find('nong nghiep', 'tyz', '2025-01-01')).toEqual(['tay-new', 'tay-old']);
    expect(find('nong nghiep', 'vie')).toEqual(['vie']);
    expect(find('nong nghiep', 'hnj')).toEqual([]);
    // With the filters, "ban tim" finds no record as typed, so "tim" is taken for a typo of "tin";
    // "tim" alone finds the Vietnamese record that has it, and among the Tày ones it is a typo.
    expect(find('ban tim', 'vie')).toEqual(['vie']);
    expect(find('tim', 'vie')).toEqual(['heart']);
    expect(find('tim', 'tyz')).toEqual(['tay-new']);
    db.close();
  });

  it('answers the filters from the index too: facets, day ranges, phrases in a field; newest first, counted', async () => {
    const { db } = await open();
    save(db, {
      id: 'm1',
      title: 'Lúa đông xuân',
      reporter: 'Hoàng Văn Sơn',
      language: 'tyz',
      recordedAt: '2025-12-30',
      tags: ['Mùa vụ'],
    });
    save(db, {
      id: 'm2',
      title: 'Lúa hè thu',
      reporter: 'Nguyễn Văn Sơn',
      language: 'vie',
      recordedAt: '2026-01-31',
      tags: ['mùa vụ đông'],
    });
    save(db, {
      id: 'm3',
      title: 'Lúa mùa',
      reporter: 'Sơn Hoàng Văn',
      language: 'tyz',
      recordedAt: '2026-02-01',
      deletedAt: '2026-03-01',
    });
    save(db, {
      id: 'm4',
      title: 'Giá lúa',
      reporter: 'Hoàng Văn Sơn',
      language: 'tyz',
      recordedAt: '2027-07-04',
    });
    const find = (filter: TextFilter) => {
      const q = search.query(db.sql, filter);
      if (!q) return null;
      return { total: search.count(db.sql, q.exact), keys: search.page(db.sql, q.exact, 2) };
    };
    expect(find({ text: 'lua' })).toEqual({ total: 4, keys: ['m4', 'm3'] });
    expect(search.page(db.sql, search.query(db.sql, 'lua')?.exact ?? '', 2, 2)).toEqual(['m2', 'm1']);
    expect(search.page(db.sql, search.query(db.sql, 'lua')?.exact ?? '', 3, 0, 'oldest')).toEqual([
      'm1',
      'm2',
      'm3',
    ]);
    expect(find({ text: 'lua', facets: { language: 'tyz', state: 'live' } })).toEqual({
      total: 2,
      keys: ['m4', 'm1'],
    });
    expect(find({ text: 'lua', facets: { language: 'tyz' }, without: { state: 'trash' } })).toEqual({
      total: 2,
      keys: ['m4', 'm1'],
    });
    expect(find({ text: 'lua', without: { state: ['trash', 'other'], language: 'vie' } })).toEqual({
      total: 2,
      keys: ['m4', 'm1'],
    });
    expect(find({ without: { state: 'trash' } })).toBeNull();
    expect(find({ facets: { language: ['vie', 'hnj'] } })).toEqual({ total: 1, keys: ['m2'] });
    expect(find({ facets: { language: [] } })).toEqual({ total: 0, keys: [] });
    // A tag facet is the whole tag: "mùa vụ" is not "mùa vụ đông".
    expect(find({ facets: { tag: foldVietnamese('mùa vụ') } })).toEqual({ total: 1, keys: ['m1'] });
    // Day ranges across a year's end, at a month's edges, open at one end, and outside every record.
    const days = (from?: string, to?: string) =>
      search.keys(db.sql, { days: { facet: 'day', from, to } }).sort();
    expect(days('2025-12-30', '2026-01-31')).toEqual(['m1', 'm2']);
    expect(days('2025-12-31', '2026-02-01')).toEqual(['m2', 'm3']);
    expect(days('2026-02-02')).toEqual(['m4']);
    expect(days(undefined, '2026-01-31')).toEqual(['m1', 'm2']);
    expect(days('2025-01-01', '2027-12-31')).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(days('2024-01-01', '2024-12-31')).toEqual([]);
    // A phrase is in one field, in order, its last word a prefix: "van son" is in "Hoàng Văn Sơn", not in "Sơn Hoàng Văn".
    expect(search.keys(db.sql, { phrases: { reporter: 'van son' } }).sort()).toEqual(['m1', 'm2', 'm4']);
    expect(search.keys(db.sql, { phrases: { reporter: 'hoàng văn sơ' } }).sort()).toEqual(['m1', 'm4']);
    expect(search.keys(db.sql, { text: 'hoang', phrases: { title: 'lua' } }).sort()).toEqual([
      'm1',
      'm3',
      'm4',
    ]);
    // The user's words are looked for in the text, never in the facets.
    expect(search.keys(db.sql, 'tyz')).toEqual([]);
    expect(search.query(db.sql, {})).toBeNull();
    db.close();
  });

  it('reflects updates and deletes, keeps them across a restart, and drops a rolled-back change', async () => {
    const { db, file } = await open();
    save(db, { id: 'a', title: 'Bản tin sáng', reporter: 'Nguyễn Thị Lan' });
    save(db, { id: 'b', title: 'Thời sự', tags: ['giao thông'] });
    save(db, { id: 'a', title: 'Phỏng vấn chủ tịch xã', reporter: 'Nguyễn Thị Lan' });
    expect(search.keys(db.sql, 'ban tin sang')).toEqual([]);
    expect(search.keys(db.sql, 'phong van chu tich')).toEqual(['a']);
    expect(search.keys(db.sql, 'nguyen lan')).toEqual(['a']);
    // Its facets follow it: into the trash and back out.
    const live = { text: 'phong van', without: { state: 'trash' } };
    save(db, { id: 'a', title: 'Phỏng vấn chủ tịch xã', deletedAt: '2026-05-01' });
    expect(search.keys(db.sql, live)).toEqual([]);
    save(db, { id: 'a', title: 'Phỏng vấn chủ tịch xã', reporter: 'Nguyễn Thị Lan' });
    expect(search.keys(db.sql, live)).toEqual(['a']);
    drop(db, 'b');
    expect(search.keys(db.sql, 'thoi su')).toEqual([]);
    expect(search.keys(db.sql, 'giao thong')).toEqual([]);
    expect(() =>
      db.transaction(() => {
        search.put(db.sql, 'c', { title: 'Văn nghệ quần chúng' });
        throw new Error('the record could not be written');
      }),
    ).toThrow('could not be written');
    expect(search.keys(db.sql, 'van nghe')).toEqual([]);
    drop(db, 'nothing there'); // no error
    db.close();

    const again = Database.open(file, [clips]);
    expect(search.keys(again.sql, 'phong van')).toEqual(['a']);
    expect(search.keys(again.sql, 'thoi su')).toEqual([]);
    expect(again.integrity()).toEqual({ integrity: ['ok'], foreignKeyProblems: 0 });
    again.close();
  });

  it("pages in the owner's numbers when it gives them, and renumbers a record it gives another", async () => {
    const { db } = await open();
    const put = (key: string, title: string, number: number) =>
      db.transaction(() => search.put(db.sql, key, { title }, { state: 'live' }, number));
    // Written in another order than the owner's (e.g. an import that finished after a later one).
    put('late', 'Bản tin trưa', 3000);
    put('early', 'Bản tin sáng', 1000);
    put('middle', 'Bản tin chiều', 2000);
    const page = (order: 'newest' | 'oldest' = 'newest') =>
      search.page(db.sql, search.query(db.sql, 'ban tin')?.exact ?? '', 10, 0, order);
    expect(page()).toEqual(['late', 'middle', 'early']);
    expect(page('oldest')).toEqual(['early', 'middle', 'late']);
    // A new number moves it, with its words: none is left under the old one.
    put('early', 'Bản tin tối', 4000);
    expect(page()).toEqual(['early', 'late', 'middle']);
    expect(search.count(db.sql, search.query(db.sql, 'ban tin')?.exact ?? '')).toBe(3);
    expect(search.keys(db.sql, 'ban tin sang')).toEqual([]);
    expect(search.keys(db.sql, 'ban tin toi')).toEqual(['early']);
    // Without a number a record keeps the one it has.
    db.transaction(() => search.put(db.sql, 'middle', { title: 'Bản tin chiều nay' }, { state: 'live' }));
    expect(page()).toEqual(['early', 'late', 'middle']);
    search.remove(db.sql, 'late');
    expect(page()).toEqual(['early', 'middle']);
    expect(db.integrity()).toEqual({ integrity: ['ok'], foreignKeyProblems: 0 });
    db.close();
  });
});

describe('typo candidates', () => {
  it('are the words one edit away, swaps first, and none for short words or numbers', () => {
    const near = typoCandidates('lak');
    expect(near[0]).toBe('alk');
    expect(near).toEqual(expect.arrayContaining(['lek', 'lka', 'lakh', 'klak']));
    expect(near).not.toContain('lak');
    expect(near).not.toContain('la'); // a dropped letter leaves a two-letter word: too short
    expect(typoCandidates('su')).toEqual([]);
    expect(typoCandidates('2026')).toEqual([]);
  });
});
