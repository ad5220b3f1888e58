/**
 * Where a request may write (issue 10 point 7) and the folder browser of the web host (issue 9
 * point 5), through the router as the UI calls it: exports and renders go only into the studio's
 * export folder or a folder the user chose among their own; symlinks are resolved before looking.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, importAs } from '../support/programme';

const tempDir = useTempDirs();
const S = 48_000;
const opened: TestStudio[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.studio.close()));
});

/** A home folder of the user's, a folder outside it, and a studio that has chosen nothing yet. */
async function station() {
  const root = await tempDir();
  const home = path.join(root, 'home');
  const outside = path.join(root, 'ngoài');
  await mkdir(home);
  await mkdir(outside);
  const t = await open(root, home);
  const asset = await t.importFile(
    signal(path.join(root, 'tin.wav'), { samples: S, tone: { freq: 440, amp: 0.3 } }),
    'Bản tin',
  );
  return { root, home, outside, t, asset };
}

async function open(root: string, home: string): Promise<TestStudio> {
  const t = await openTestStudio(path.join(root, 'data'), { homeDir: home, chosen: [] });
  opened.push(t);
  return t;
}

describe('export paths', () => {
  it('writes only into the export folder or a folder the user chose; nothing anywhere else, not through a symlink', async () => {
    const { home, outside, t, asset } = await station();
    const exportsDir = path.join(t.dataDir, 'exports');
    const p = await t.call('edit.open', { assetId: asset });
    const exportTo = (file: string, overwrite = false) =>
      t.call('edit.export', { projectId: p.id, format: 'wav', path: file, overwrite });
    const refused = async (file: string, overwrite = false) => {
      const err = await t.fail('edit.export', { projectId: p.id, format: 'wav', path: file, overwrite });
      expect(err.code).toBe('PATH_NOT_ALLOWED');
      expect(err.message).toContain('Chọn nơi lưu…');
      return err;
    };
    const finished = async (file: string) => {
      const job = await exportTo(file);
      expect((await t.studio.services.edit.exports.wait(job.id)).state).toBe('finished');
      expect(existsSync(file)).toBe(true);
    };

    // Not chosen: a folder outside the user's, and the home folder itself.
    await refused(path.join(outside, 'Bản tin.wav'));
    await refused(path.join(home, 'Bản tin.wav'));
    expect(await readdir(home)).toEqual([]);

    // The studio's own export folder, and a folder in it, are always allowed.
    await finished(path.join(exportsDir, 'Bản tin.wav'));
    await mkdir(path.join(exportsDir, 'Tháng 12'));
    await finished(path.join(exportsDir, 'Tháng 12', 'Bản tin.wav'));

    // Chosen in the folder browser: allowed from then on.
    const chosenDir = path.join(home, 'Xuất');
    await mkdir(chosenDir);
    await refused(path.join(chosenDir, 'Bản tin.wav'));
    expect(await t.call('system.chooseFolder', { path: chosenDir })).toEqual({ path: chosenDir });
    await finished(path.join(chosenDir, 'Bản tin.wav'));

    // A symlink in the chosen folder that leads out of it is refused, as a folder or as a file.
    await symlink(outside, path.join(chosenDir, 'ra ngoài'));
    await refused(path.join(chosenDir, 'ra ngoài', 'Bản tin.wav'));
    await writeFile(path.join(outside, 'cũ.wav'), 'giữ nguyên');
    await symlink(path.join(outside, 'cũ.wav'), path.join(chosenDir, 'cũ.wav'));
    await refused(path.join(chosenDir, 'cũ.wav'), true);
    const link = await symlink(path.join(exportsDir, 'Tháng 12'), path.join(outside, 'vào trong')).then(() =>
      path.join(outside, 'vào trong'),
    );
    // …while a symlink elsewhere that leads into an allowed folder writes there, where it points.
    await finished(path.join(link, 'Qua liên kết.wav'));
    expect(existsSync(path.join(exportsDir, 'Tháng 12', 'Qua liên kết.wav'))).toBe(true);

    // Even with the whole home folder chosen: not its hidden files and folders.
    await t.call('system.chooseFolder', { path: home });
    await writeFile(path.join(home, '.bashrc'), 'export PATH=/usr/bin\n');
    await refused(path.join(home, '.bashrc.wav'));
    await mkdir(path.join(home, '.config'));
    await refused(path.join(home, '.config', 'Bản tin.wav'));
    expect(await readFile(path.join(home, '.bashrc'), 'utf8')).toBe('export PATH=/usr/bin\n');
    expect(await readdir(path.join(home, '.config'))).toEqual([]);

    // A folder outside the user's folders cannot be chosen; nothing was ever written outside.
    expect((await t.fail('system.chooseFolder', { path: outside })).code).toBe('PATH_NOT_ALLOWED');
    expect((await t.fail('system.chooseFolder', { path: '/etc' })).code).toBe('PATH_NOT_ALLOWED');
    await refused('/etc/studio.wav');
    expect((await readdir(outside)).sort()).toEqual(['cũ.wav', 'vào trong']);
    expect(await readFile(path.join(outside, 'cũ.wav'), 'utf8')).toBe('giữ nguyên');
  });

  it('renders a programme and writes its file only where the user chose', async () => {
    const { root, home, outside, t } = await station();
    const voice = await importAs(
      t,
      signal(path.join(root, 'giọng.wav'), { samples: S, tone: { freq: 300, amp: 0.3 } }),
      'Giọng',
    );
    let p = await t.call('programme.create', { metadata: { title: 'Thời sự', languages: ['vie'] } });
    p = (await addAsset(t, p, 'voice', voice)).p;
    const render = (extra: { dir?: string; name?: string }) =>
      t.fail('programme.render', { id: p.id, formats: ['wav'], ...extra });
    expect((await render({ dir: outside })).code).toBe('PATH_NOT_ALLOWED');
    expect((await render({ dir: home })).code).toBe('PATH_NOT_ALLOWED');
    // A name cannot lead out of the export folder either.
    expect((await render({ name: '../../../ngoài/Thời sự' })).code).toBe('PATH_NOT_ALLOWED');
    expect(
      (await t.fail('programme.export', { id: p.id, path: path.join(outside, 'Thời sự.json') })).code,
    ).toBe('PATH_NOT_ALLOWED');
    expect(await readdir(outside)).toEqual([]);

    await t.call('system.chooseFolder', { path: home });
    const job = await t.call('programme.render', { id: p.id, formats: ['wav'], dir: home, name: 'Thời sự' });
    expect((await t.studio.services.programme.renders.waitRender(job.id)).state).toBe('finished');
    expect((await readdir(home)).sort()).toEqual(['Thời sự.report.json', 'Thời sự.wav']);
  });
});

describe('the folder browser', () => {
  it("lists the user's own folders only, and opens on the last folder chosen, also after a restart", async () => {
    const { root, home, outside, t } = await station();
    const exportsDir = path.join(t.dataDir, 'exports');
    for (const d of ['Nhạc', 'Bản tin 10', 'Bản tin 9', '.ssh']) await mkdir(path.join(home, d));
    await writeFile(path.join(home, 'Thời sự.mp3'), '');
    await writeFile(path.join(home, 'ghi chú.txt'), '');
    await writeFile(path.join(home, 'sao-luu-studio-2026-12-06.sqlite'), '');
    await symlink('/etc', path.join(home, 'hệ thống'));
    await symlink(path.join(home, 'Nhạc'), path.join(home, 'Lối tắt nhạc'));

    const first = await t.call('system.listFolder', {});
    expect(first.path).toBe(exportsDir);
    expect(first.roots.map((r) => [r.kind, r.path])).toEqual(
      expect.arrayContaining([
        ['home', home],
        ['exports', exportsDir],
      ]),
    );

    const listing = await t.call('system.listFolder', { path: home });
    expect(listing).toMatchObject({
      path: home,
      parent: null,
      // Hidden folders are left out; a symlink shows as a folder (opening it decides).
      folders: ['Bản tin 9', 'Bản tin 10', 'hệ thống', 'Lối tắt nhạc', 'Nhạc'],
      files: ['Thời sự.mp3'],
      writable: true,
    });
    // Asked for the records' backups (restoring from a chosen file): those files instead.
    expect(await t.call('system.listFolder', { path: home, files: 'backups' })).toMatchObject({
      folders: listing.folders,
      files: ['sao-luu-studio-2026-12-06.sqlite'],
    });
    expect((await t.call('system.listFolder', { path: path.join(home, 'Nhạc') })).parent).toBe(home);
    // Through a symlink: where it leads, if that is the user's.
    expect((await t.call('system.listFolder', { path: path.join(home, 'Lối tắt nhạc') })).path).toBe(
      path.join(home, 'Nhạc'),
    );

    for (const refused of ['/etc', outside, path.join(home, 'hệ thống'), path.join(home, '.ssh'), 'Nhạc']) {
      const err = await t.fail('system.listFolder', { path: refused });
      expect(err.code, refused).toBe('PATH_NOT_ALLOWED');
    }
    expect((await t.fail('system.listFolder', { path: path.join(home, 'Không có') })).code).toBe('NOT_FOUND');

    await t.call('system.chooseFolder', { path: path.join(home, 'Nhạc') });
    expect((await t.call('system.listFolder', {})).path).toBe(path.join(home, 'Nhạc'));
    await t.studio.close();
    opened.splice(opened.indexOf(t), 1);
    const again = await open(root, home);
    expect((await again.call('system.listFolder', {})).path).toBe(path.join(home, 'Nhạc'));
  });
});
