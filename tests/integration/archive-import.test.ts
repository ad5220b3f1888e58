/**
 * The bulk import of an old archive (issue 17), over a real folder of real audio made by ffmpeg:
 * through the router as the Lưu trữ workspace calls it (the command line: archive-import-cli.test.ts).
 */
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchiveImportProgress } from '../../src-main/contract';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const MONG = '2021-03-14 Bản tin tiếng Mông - giống lúa mới.mp3';
/** As a Mac writes it: decomposed. */
const THOI_SU = '20200105_Thời sự sáng tiếng Tày.wav'.normalize('NFD');
const DAK_LAK = '14-03-2021 Phóng sự Đắk Lắk.ogg';

/** An old archive as stations keep them: folders per year, odd files among the audio. */
async function oldArchive(root: string): Promise<string> {
  const dir = path.join(root, 'kho cũ');
  await mkdir(path.join(dir, 'Năm 2020'), { recursive: true });
  await mkdir(path.join(dir, 'Bản sao'), { recursive: true });
  tone(path.join(dir, MONG), { seconds: 1.5, freq: 440, codec: ['-c:a', 'libmp3lame', '-b:a', '64k'] });
  tone(path.join(dir, 'Năm 2020', THOI_SU), { seconds: 1, freq: 660 });
  tone(path.join(dir, DAK_LAK), { seconds: 1, freq: 880, codec: ['-c:a', 'libvorbis'] });
  // The same audio again under another name: stored once.
  await copyFile(path.join(dir, MONG), path.join(dir, 'Bản sao', '2021-03-15 Bản sao giống lúa.mp3'));
  tone(path.join(dir, 'Không có ngày.mp3'), { seconds: 1, freq: 550, codec: ['-c:a', 'libmp3lame'] });
  await writeFile(path.join(dir, 'ghi chú.txt'), 'Danh sách băng cũ\n');
  await writeFile(path.join(dir, '2021-04-01 Băng hỏng.mp3'), Buffer.alloc(4096, 7));
  return dir;
}

describe('archive.import', () => {
  it('takes dated audio with its title, date and language, stores a copy once, and says why the rest was not taken', async () => {
    const root = await tempDir();
    const dir = await oldArchive(root);
    const t = await studios.open(path.join(root, 'data'));

    const summary = await t.call('archive.import', { dir });
    expect(summary.dir).toBe(dir);
    const taken = Object.fromEntries(summary.taken.map((x) => [x.file, x]));
    expect(Object.keys(taken).sort()).toEqual(
      [
        MONG,
        DAK_LAK,
        path.join('Năm 2020', THOI_SU),
        path.join('Bản sao', '2021-03-15 Bản sao giống lúa.mp3'),
      ].sort(),
    );
    const mong = taken[MONG]!;
    expect(mong).toMatchObject({
      title: 'Bản tin tiếng Mông - giống lúa mới',
      date: '2021-03-14',
      language: 'hnj',
      duplicate: false,
    });
    expect(mong.durationSec).toBeGreaterThan(1.4);
    expect(taken[path.join('Bản sao', '2021-03-15 Bản sao giống lúa.mp3')]).toMatchObject({
      assetId: mong.assetId,
      duplicate: true,
    });
    expect(taken[path.join('Năm 2020', THOI_SU)]).toMatchObject({
      title: 'Thời sự sáng tiếng Tày'.normalize('NFC'),
      date: '2020-01-05',
      language: 'tyz',
    });
    expect(taken[DAK_LAK]).toMatchObject({ title: 'Phóng sự Đắk Lắk', date: '2021-03-14', language: 'vie' });

    const skipped = Object.fromEntries(summary.skipped.map((x) => [x.file, x]));
    expect(Object.keys(skipped).sort()).toEqual(
      ['2021-04-01 Băng hỏng.mp3', 'Không có ngày.mp3', 'ghi chú.txt'].sort(),
    );
    expect(skipped['ghi chú.txt']).toMatchObject({ reasonCode: 'not-audio' });
    expect(skipped['ghi chú.txt']!.reason).toMatch(/Không phải tệp âm thanh/);
    expect(skipped['Không có ngày.mp3']).toMatchObject({ reasonCode: 'no-date' });
    expect(skipped['2021-04-01 Băng hỏng.mp3']).toMatchObject({ reasonCode: 'unreadable' });
    expect(summary.cancelled).toBe(false);

    // In the library as the name says, found by a search like any other asset.
    const asset = await t.call('library.get', { id: mong.assetId });
    expect(asset).toMatchObject({
      title: 'Bản tin tiếng Mông - giống lúa mới',
      recordedAt: '2021-03-14',
      language: 'hnj',
    });
    const found = await t.call('library.list', { text: 'giong lua moi' });
    expect(found.items.map((a) => a.id)).toEqual([mong.assetId]);

    // Progress for the UI: one event once the folder is read, then one per file, the last at the end.
    const progress = t.events
      .filter((e) => e.event === 'archive.import.progress')
      .map((e) => e.payload as ArchiveImportProgress);
    expect(progress[0]).toMatchObject({ dir, total: 7, done: 0 });
    expect(progress.at(-1)).toMatchObject({ dir, total: 7, done: 7, taken: 4, skipped: 3 });
    expect(progress).toHaveLength(8);

    // Again: every audio file is already there, nothing is stored twice.
    const stored = await readdir(path.join(root, 'data', 'library'), { recursive: true });
    const again = await t.call('archive.import', { dir });
    expect(again.taken.map((x) => x.duplicate)).toEqual([true, true, true, true]);
    expect(await readdir(path.join(root, 'data', 'library'), { recursive: true })).toEqual(stored);
  });

  it('refuses a folder that is not there, and a pattern without a date, in Vietnamese', async () => {
    const root = await tempDir();
    const t = await studios.open(path.join(root, 'data'));
    expect(await t.fail('archive.import', { dir: path.join(root, 'không có') })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/Không mở được thư mục/),
    });
    expect(await t.fail('archive.import', { dir: root, pattern: '{title}' })).toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/Mẫu tên tệp/),
    });
    expect(await t.fail('archive.import', { dir: 'kho-cu' })).toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
