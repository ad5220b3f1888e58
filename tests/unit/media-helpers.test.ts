import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliResult, formatDuration } from '../../src-main/cli/commands/import';
import type { Asset, ImportFileResult } from '../../src-main/contract';
import {
  dateFromTags,
  storedExtension,
  titleFromFileName,
  titleFromTags,
} from '../../src-main/media/import-service';
import { classifyFailure, fsError, sniff } from '../../src-main/media/media-errors';
import { foldedWords, foldVietnamese } from '../../src-main/platform/vietnamese-fold';

describe('foldVietnamese', () => {
  it('drops diacritics, maps đ to d and lowers case, for composed and decomposed text alike', () => {
    expect(foldVietnamese('Tin tức Đắk Lắk')).toBe('tin tuc dak lak');
    expect(foldVietnamese('Phỏng vấn bà Nguyễn Thị Lan'.normalize('NFD'))).toBe(
      'phong van ba nguyen thi lan',
    );
    expect(foldVietnamese('  ĐÀI   truyền\tthanh ')).toBe('dai truyen thanh');
    expect(foldedWords('Thời sự  tối')).toEqual(['thoi', 'su', 'toi']);
  });
});

describe('titles and dates from a file', () => {
  it('takes the title from the tags, else from the file name, in NFC', () => {
    expect(titleFromTags({ title: '  Bản tin\u0000 sáng ' })).toBe('Bản tin sáng');
    expect(titleFromTags({})).toBe('');
    const nfd = 'Phỏng vấn bà Nguyễn Thị Lan.m4a'.normalize('NFD');
    expect(titleFromFileName(nfd)).toBe('Phỏng vấn bà Nguyễn Thị Lan');
    expect(titleFromFileName(nfd)).toBe(titleFromFileName(nfd).normalize('NFC'));
    expect(titleFromFileName('tin_tuc_sang.mp3')).toBe('tin tuc sang');
    expect(titleFromFileName('.mp3')).toBe('Không tên');
  });

  it('keeps a recording date only when the tags give a whole date', () => {
    expect(dateFromTags({ date: '2026-03-02' })).toBe('2026-03-02');
    expect(dateFromTags({ creation_time: '2026-03-02T08:15:00.000000Z' })).toBe('2026-03-02T08:15:00.000Z');
    expect(dateFromTags({ date: '2026' })).toBeNull();
    expect(dateFromTags({ creation_time: '1970-01-01T00:00:00.000000Z' })).toBeNull();
  });

  it('stores under the original extension when it is sane', () => {
    expect(storedExtension('Bản tin.MP3')).toBe('mp3');
    expect(storedExtension('noext')).toBe('bin');
    expect(storedExtension('weird.m4a?x')).toBe('bin');
  });
});

describe('errors', () => {
  it('maps a full disk to DISK_FULL and a missing or forbidden file to MEDIA_UNREADABLE', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(fsError(err('ENOSPC'), '/x/a.mp3', 'library').code).toBe('DISK_FULL');
    expect(fsError(err('ENOSPC'), '/x/a.mp3', 'library').message).toContain('đầy');
    expect(fsError(err('ENOENT'), '/x/a.mp3', 'source').code).toBe('MEDIA_UNREADABLE');
    expect(fsError(err('EACCES'), '/x/a.mp3', 'source').message).toContain('quyền');
    // The system's error code is for a technician: in the technical detail, not in the message.
    const io = fsError(err('EIO'), '/x/a.mp3', 'source');
    expect(io.message).not.toContain('EIO');
    expect(io.technical).toContain('EIO');
    const library = fsError(err('EROFS'), '/x/a.mp3', 'library');
    expect(library.message).not.toMatch(/EROFS|studio doctor/);
    expect(library.technical).toContain('EROFS');
  });

  it('recognises text, pictures and documents renamed to audio', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-sniff-'));
    try {
      const put = async (name: string, data: Buffer | string) => {
        const f = path.join(dir, name);
        await writeFile(f, data);
        return f;
      };
      expect(await sniff(await put('a.mp3', 'Kịch bản chương trình\nDòng hai\n'))).toEqual({ kind: 'text' });
      expect(await sniff(await put('b.mp3', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])))).toEqual({
        kind: 'image',
        name: 'JPEG',
      });
      expect(await sniff(await put('c.mp3', '%PDF-1.7\n'))).toEqual({ kind: 'document', name: 'PDF' });
      expect(await sniff(await put('d.mp3', Buffer.from([0, 1, 2, 250, 0, 7, 9, 0])))).toEqual({
        kind: 'unknown',
      });

      const notAudio = await classifyFailure(
        path.join(dir, 'a.mp3'),
        'a.mp3: Invalid data found when processing input\n',
      );
      expect(notAudio.code).toBe('MEDIA_NOT_AUDIO');
      expect(notAudio.message).toContain('văn bản');
      // Named like audio, it says so; named .txt, there is nothing to say about its name.
      expect(notAudio.message).toContain('dù tên tệp có đuôi .mp3 như tệp âm thanh');
      const notes = await classifyFailure(
        await put('ghi chú.txt', 'Biên bản họp\n'),
        'ghi chú.txt: Invalid data found when processing input\n',
      );
      expect(notes.message).toBe(
        'Tệp "ghi chú.txt" là tệp văn bản, không phải âm thanh. Hãy chọn đúng tệp ghi âm.',
      );
      const corrupt = await classifyFailure(
        path.join(dir, 'd.mp3'),
        'd.mp3: Invalid data found when processing input\n',
      );
      expect(corrupt.code).toBe('MEDIA_CORRUPT');
      expect(corrupt.message).not.toContain('Invalid data');
      expect(corrupt.technical).toContain('Invalid data found when processing input');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('studio import --json objects', () => {
  const asset = {
    id: 'a'.repeat(64),
    durationSec: 12.5,
    sampleRate: 44100,
    channels: 2,
    loudness: { integratedLufs: -20.1, lraLu: 3, peakDbfs: -1.2 },
    title: 'not in the contract',
  } as unknown as Asset;

  it('have exactly the contract’s keys', () => {
    const ok: ImportFileResult = { file: 'a.mp3', ok: true, asset, duplicate: false };
    expect(cliResult(ok)).toEqual({
      file: 'a.mp3',
      ok: true,
      asset: {
        id: 'a'.repeat(64),
        durationSec: 12.5,
        sampleRate: 44100,
        channels: 2,
        loudness: { integratedLufs: -20.1, lraLu: 3, peakDbfs: -1.2 },
      },
    });
    expect(cliResult({ ...ok, duplicate: true })).toMatchObject({ duplicate: true });
    const failed: ImportFileResult = {
      file: 'b.mp3',
      ok: false,
      error: { code: 'MEDIA_EMPTY', message: 'Tệp trống', details: { x: 1 } },
    };
    expect(cliResult(failed)).toEqual({
      file: 'b.mp3',
      ok: false,
      error: { code: 'MEDIA_EMPTY', message: 'Tệp trống' },
    });
  });

  it('format durations the way the station reads them', () => {
    expect(formatDuration(2)).toBe('0:02');
    expect(formatDuration(151.27)).toBe('2:31');
    expect(formatDuration(10800)).toBe('3:00:00');
  });
});
