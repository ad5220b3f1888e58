/**
 * Importing onto a disk that is full, on a real (tiny) tmpfs mounted for the test: the free-space
 * check refuses before copying, and when the disk fills during the copy anyway (another program
 * wrote to it meanwhile), ENOSPC becomes DISK_FULL and the library is left as it was. Mounting needs
 * root; where it is not allowed these tests are skipped (the free-space check is also covered with
 * an injected figure in media-import-service.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tone } from '../support/media-inputs';
import { closeOpenedMedia, filesUnder, openMedia } from '../support/media-services';

function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status === 0;
  if (ok) spawnSync('umount', [dir]);
  spawnSync('rmdir', [dir]);
  return ok;
}
const MOUNT_OK = canMount();
const mounted: string[] = [];

async function tinyDisk(size: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-media-full-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mounted.push(dir);
  return dir;
}

let inputs: string;
let big: string;
let small: string;

beforeAll(async () => {
  inputs = await mkdtemp(path.join(os.tmpdir(), 'studio-media-full-in-'));
  big = tone(path.join(inputs, 'Bản tin dài.wav'), { seconds: 30, channels: 2 }); // ~5 MB
  small = tone(path.join(inputs, 'ngắn.mp3'), { seconds: 1, codec: ['-c:a', 'libmp3lame'] });
});

afterEach(async () => {
  closeOpenedMedia();
  for (const dir of mounted.splice(0)) {
    spawnSync('umount', [dir]);
    await rm(dir, { recursive: true, force: true });
  }
});

afterAll(async () => {
  await rm(inputs, { recursive: true, force: true });
});

describe.skipIf(!MOUNT_OK)('importing onto a full disk', () => {
  it('refuses before copying when the file does not fit', async () => {
    const data = await tinyDisk('3m');
    const m = await openMedia(data);
    const r = await m.importer.importOne(big);
    expect(r.ok ? 'ok' : r.error.code).toBe('DISK_FULL');
    expect(r.ok ? '' : r.error.message).toMatch(/Cần thêm khoảng \d+ MB/);
    expect(await filesUnder(path.join(data, 'library'))).toEqual([]);
  });

  it('turns ENOSPC during the copy into DISK_FULL and leaves the library as it was', async () => {
    const data = await tinyDisk('3m');
    // The check is told there is room (as when another program fills the disk meanwhile).
    const m = await openMedia(data, { freeBytes: async () => 100 * 1024 ** 3 });
    const first = await m.importer.importOne(small);
    expect(first.ok).toBe(true);
    const before = await filesUnder(path.join(data, 'library'));

    const done = await m.importer.wait(m.importer.start([big, small]).id);
    expect(done.results.map((r) => (r.ok ? (r.duplicate ? 'duplicate' : 'ok') : r.error.code))).toEqual([
      'DISK_FULL',
      'duplicate',
    ]);
    const failed = done.results[0];
    expect(failed?.ok ? '' : failed?.error.message).toContain('đầy');
    expect(await filesUnder(path.join(data, 'library'))).toEqual(before);
    expect(m.library.size).toBe(1);

    // The records survive: a restart sees the one asset.
    const reopened = await openMedia(data);
    expect(reopened.library.size).toBe(1);
  });
});
