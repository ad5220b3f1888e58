/**
 * The System screen's backups through the real router: the daily backup, a backup to a chosen
 * folder, and a restore that happens at the next start.
 */
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

describe('backups from the System screen', () => {
  it('restores the chosen backup at the next start and says so; the records it replaced are kept', async () => {
    const home = await tempDir();
    const dataDir = path.join(home, 'data');
    let s = await studios.open(dataDir);
    const first = await s.importFile(tone(path.join(home, 'a.wav'), { seconds: 1 }), 'Bản tin sáng');
    // The window host keeps a daily backup from its first start.
    await expect.poll(async () => (await s.call('system.backups', {})).daily.length).toBe(1);

    const out = path.join(home, 'sao-lưu.sqlite');
    const info = await s.call('system.backup', { file: out });
    expect(info.file).toBe(out);
    const second = await s.importFile(tone(path.join(home, 'b.wav'), { seconds: 1, freq: 440 }), 'Phóng sự');

    const list = await s.call('system.restore', { file: out });
    expect(list.pendingRestore).toBe(out);
    // Nothing changes before the restart.
    expect((await s.call('library.list', {})).total).toBe(2);
    await studios.closeAll();

    s = await studios.open(dataDir);
    const ids = (await s.call('library.list', {})).items.map((a) => a.id);
    expect(ids).toEqual([first]);
    expect(ids).not.toContain(second);
    expect((await s.call('system.backups', {})).pendingRestore).toBeNull();
    const notice = (await s.call('system.recoveries', {})).find((r) => r.kind === 'store-restored');
    expect(notice?.message).toContain('Đã khôi phục dữ liệu từ bản sao lưu');
    const aside = (await readdir(path.join(dataDir, 'db'))).filter((n) => n.startsWith('before-restore-'));
    expect(aside).toHaveLength(1);
    expect(notice?.message).toContain(aside[0]);
    expect(await readdir(path.join(dataDir, 'db', aside[0] ?? ''))).toContain('studio.sqlite');

    // The audit log keeps every line written since the backup; its index catches up with them.
    const audit = await s.call('audit.verify', {});
    expect(audit).toMatchObject({ ok: true, firstProblem: null });
    expect(audit.entries).toBeGreaterThanOrEqual(2);
  });

  it('a window may not write a backup outside the folders its user chose, nor restore from there', async () => {
    const home = await tempDir();
    const elsewhere = await tempDir();
    const s = await studios.open(path.join(home, 'data'), { chosen: [] });
    const write = await s.fail('system.backup', { file: path.join(elsewhere, 'x.sqlite') });
    expect(write.code).toBe('PATH_NOT_ALLOWED');
    const planted = path.join(elsewhere, 'y.sqlite');
    await writeFile(planted, 'không phải bản sao lưu');
    const restore = await s.fail('system.restore', { file: planted });
    expect(restore.code).toBe('PATH_NOT_ALLOWED');
    expect(existsSync(path.join(home, 'data', 'db', 'restore-pending.txt'))).toBe(false);
  });

  it('refuses to schedule a file that is not a backup', async () => {
    const home = await tempDir();
    const s = await studios.open(path.join(home, 'data'));
    const junk = path.join(home, 'junk.sqlite');
    await writeFile(junk, 'không phải bản sao lưu');
    const err = await s.fail('system.restore', { file: junk });
    expect(err.code).toBe('STORE_CORRUPT');
    expect((await s.call('system.backups', {})).pendingRestore).toBeNull();
  });
});
