/**
 * A data file lost or damaged between two runs: the studio rebuilds it from its `.bak` (never starts
 * empty over it), says so in the log and on the System screen (`system.recoveries`), and the backup
 * keeps the state. Each store: the templates, settings, a programme, an edit project.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const studio = studios.open;
const closeAll = studios.closeAll;

const db = (dataDir: string, name: string) => path.join(dataDir, 'db', name);
/** The messages of the studio's log in a data folder. */
const logged = async (dataDir: string) =>
  (await readFile(path.join(dataDir, 'logs', 'studio.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => String((JSON.parse(l) as { message: unknown }).message));

describe('a lost data file is restored from its backup', () => {
  it('keeps the templates when their file is lost, and reports it in Vietnamese', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const a = await studio(data);
    const id = await a.importFile(signal(path.join(dir, 'tin.wav'), { samples: 4_800 }), 'Tin sáng Tân Lập');
    const made = await a.call('programme.create', { metadata: { title: 'Bản tin sáng' } });
    await a.call('programme.templates.save', { programmeId: made.id, name: 'Mẫu bản tin sáng' });
    await closeAll();
    const file = db(data, 'programme-templates.json');
    const bak = await readFile(`${file}.bak`, 'utf8');
    await rm(file);

    const b = await studio(data);
    const list = await b.call('library.list', {});
    expect(list.items.map((x) => x.id)).toEqual([id]);
    expect((await b.call('programme.templates.list', {})).map((x) => x.name)).toEqual(['Mẫu bản tin sáng']);
    const message = 'Đã khôi phục các mẫu chương trình từ bản sao lưu';
    const [notice] = await b.call('system.recoveries', {});
    expect(notice).toMatchObject({ kind: 'store-missing', file: 'db/programme-templates.json' });
    expect(notice?.message).toContain(message);
    expect((await logged(data)).some((l) => l.includes(message))).toBe(true);
    // The file is back and its backup was not replaced by anything else.
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(JSON.parse(bak));
    expect(JSON.parse(await readFile(`${file}.bak`, 'utf8'))).toEqual(JSON.parse(bak));
    await closeAll();

    // The report outlives the run that made it; a normal start adds nothing.
    const c = await studio(data);
    expect(await c.call('system.recoveries', {})).toEqual([notice]);
  });

  it('keeps settings, programmes, edit projects and their lists', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const a = await studio(data);
    await a.call('settings.update', { uiLanguage: 'en' });
    const assetId = await a.importFile(signal(path.join(dir, 'pv.wav'), { samples: 9_600 }), 'Phỏng vấn');
    const programme = await a.call('programme.create', { metadata: { title: 'Bản tin tối' } });
    const project = await a.call('edit.open', { assetId });
    await closeAll();
    // The lists of programmes and projects are in the records database, not in files.
    const lost = ['settings.json', `programme-${programme.id}.json`, `edit-project-${project.id}.json`];
    for (const name of lost) await rm(db(data, name));

    const b = await studio(data);
    expect((await b.call('settings.get', {})).uiLanguage).toBe('en');
    expect((await b.call('programme.list', {})).map((p) => p.title)).toEqual(['Bản tin tối']);
    expect((await b.call('programme.get', { id: programme.id })).metadata.title).toBe('Bản tin tối');
    expect((await b.call('edit.list', {})).map((p) => p.id)).toEqual([project.id]);
    expect((await b.call('edit.open', { projectId: project.id })).id).toBe(project.id);

    const notices = await b.call('system.recoveries', {});
    expect(notices.map((n) => n.file).sort()).toEqual(lost.map((n) => `db/${n}`).sort());
    const messages = notices.map((n) => n.message);
    expect(messages).toContainEqual(
      expect.stringContaining('Đã khôi phục cài đặt của studio từ bản sao lưu'),
    );
    expect(messages).toContainEqual(expect.stringContaining('Đã khôi phục chương trình "Bản tin tối"'));
    expect(messages).toContainEqual(expect.stringContaining('Đã khôi phục bản biên tập "Phỏng vấn"'));
  });

  it('says which damaged file it set aside', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const a = await studio(data);
    await a.call('settings.update', { uiLanguage: 'en' });
    await closeAll();
    await writeFile(db(data, 'settings.json'), '{"schemaVersion": 2, "da');

    const b = await studio(data);
    expect((await b.call('settings.get', {})).uiLanguage).toBe('en');
    const [notice] = await b.call('system.recoveries', {});
    expect(notice).toMatchObject({ kind: 'store-damaged', file: 'db/settings.json' });
    const kept = /db\/(settings\.corrupt-\d+\.json)/.exec(notice?.message ?? '')?.[1] ?? '';
    expect(await readFile(db(data, kept), 'utf8')).toBe('{"schemaVersion": 2, "da');
  });

  it('will not start with a lost file whose backup is damaged, and leaves both as they are', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const a = await studio(data);
    await a.importFile(signal(path.join(dir, 'x.wav'), { samples: 4_800 }), 'X');
    await closeAll();
    const file = db(data, 'settings.json');
    await rm(file);
    await writeFile(`${file}.bak`, '{"schemaVersion":3,"data":{"languages":[');
    await expect(studio(data)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('{"schemaVersion":3,"data":{"languages":[');
    // The lock was released: once the file is put back, the studio opens.
    await rm(`${file}.bak`);
    await studio(data);
  });
});
