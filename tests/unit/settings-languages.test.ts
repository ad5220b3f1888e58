/**
 * The station's language list: what a list must be to be kept, each refusal in Vietnamese naming
 * the row; and a settings file from before the list gets the default one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../src-main/contract';
import {
  checkStationLanguages,
  DEFAULT_STATION_LANGUAGES,
  type StationLanguageInput,
} from '../../src-main/settings/languages';
import { SettingsService } from '../../src-main/settings/settings-service';
import { Store } from '../../src-main/store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const vie: StationLanguageInput = { code: 'vie', vi: 'Tiếng Việt', en: 'Vietnamese', short: 'Việt' };

function refusal(list: StationLanguageInput[]): string {
  try {
    checkStationLanguages(list);
  } catch (err) {
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('INVALID_REQUEST');
    return (err as StudioError).message;
  }
  throw new Error('the list was accepted');
}

describe('station languages', () => {
  it('keeps a list in its order, tidied: codes lowercased, names trimmed and composed (NFC)', () => {
    const coTu = { code: ' KTV ', vi: '  Cơ   Tu '.normalize('NFD'), en: 'Katu ' };
    expect(checkStationLanguages([{ code: 'tyz', vi: 'Tày', en: 'Tày' }, vie, coTu])).toEqual([
      { code: 'tyz', vi: 'Tày', en: 'Tày', short: 'Tày' },
      vie,
      { code: 'ktv', vi: 'Cơ Tu', en: 'Katu', short: 'Cơ Tu' },
    ]);
    expect(checkStationLanguages([...DEFAULT_STATION_LANGUAGES])).toEqual(DEFAULT_STATION_LANGUAGES);
  });

  it('keeps a short name for each language, the Vietnamese name when none is given', () => {
    expect(
      checkStationLanguages([
        { ...vie, short: '  Việt '.normalize('NFD') },
        { code: 'hnj', vi: 'Mông', en: 'Hmong', short: '' },
      ]).map((l) => l.short),
    ).toEqual(['Việt', 'Mông']);
    expect(DEFAULT_STATION_LANGUAGES.map((l) => l.short)).toContain('Xơ Đăng');
    expect(refusal([{ ...vie, short: 'Tiếng Việt phổ thông' }])).toBe(
      'Tên ngắn "Tiếng Việt phổ thông" của Tiếng Việt dài quá 16 ký tự: tên ngắn hiện trên các khối âm thanh của chương trình. Hãy viết gọn lại, ví dụ "Tày".',
    );
    expect(
      refusal([
        vie,
        { code: 'ium', vi: 'Dao (Iu Mien)', en: 'Iu Mien', short: 'Dao' },
        { code: 'mji', vi: 'Dao (Kim Mun)', en: 'Kim Mun', short: 'dao' },
      ]),
    ).toBe(
      'Tên ngắn "dao" có ở cả dòng 2 (Dao (Iu Mien)) và dòng 3 (Dao (Kim Mun)). Hãy đặt tên ngắn khác nhau để phân biệt trên chương trình.',
    );
  });

  it('refuses what cannot be kept, saying which row and what to do', () => {
    expect(refusal([])).toBe('Danh sách ngôn ngữ đang trống. Hãy giữ ít nhất Tiếng Việt (mã vie).');
    expect(refusal([vie, { code: 'co tu', vi: 'Cơ Tu', en: 'Katu' }])).toBe(
      'Mã "co tu" của Cơ Tu không hợp lệ: mã ngôn ngữ là 3 chữ cái không dấu theo ISO 639-3, ví dụ "tyz" cho tiếng Tày.',
    );
    expect(refusal([vie, { code: 'ctù', vi: 'Cơ Tu', en: 'Katu' }])).toContain('không hợp lệ');
    expect(refusal([vie, { code: '', vi: 'Cơ Tu', en: 'Katu' }])).toBe(
      'Dòng 2 (Cơ Tu) chưa có mã ngôn ngữ. Hãy nhập mã ISO 639-3 gồm 3 chữ cái, ví dụ "tyz" cho tiếng Tày.',
    );
    expect(refusal([vie, { code: 'ktv', vi: ' ', en: 'Katu' }])).toBe(
      'Dòng 2 (mã ktv) chưa có tên tiếng Việt. Hãy nhập tên, ví dụ "Tày".',
    );
    expect(refusal([vie, { code: 'ktv', vi: 'Cơ Tu', en: '' }])).toContain('chưa có tên tiếng Anh');
    expect(refusal([vie, { code: 'zxx', vi: 'Nhạc', en: 'Music' }])).toBe(
      'Mã "zxx" (Nhạc) là "Không lời", dành cho nhạc và nhạc hiệu, không phải một ngôn ngữ phát sóng: ' +
        'studio luôn có sẵn lựa chọn đó. Hãy bỏ dòng 2.',
    );
    expect(refusal([vie, { code: 'ktv', vi: 'x'.repeat(61), en: 'Katu' }])).toContain('dài quá 60 ký tự');
    expect(
      refusal([vie, { code: 'tyz', vi: 'Tày', en: 'Tày' }, { code: 'tyz', vi: 'Tày–Nùng', en: 'Tày–Nùng' }]),
    ).toBe('Mã "tyz" có ở cả dòng 2 (Tày) và dòng 3 (Tày–Nùng). Mỗi ngôn ngữ cần một mã riêng.');
    expect(
      refusal([vie, { code: 'ium', vi: 'Dao', en: 'Dao' }, { code: 'mji', vi: 'dao', en: 'Dao' }]),
    ).toContain('Tên "dao" có ở cả dòng 2 và dòng 3.');
    expect(refusal([{ code: 'tyz', vi: 'Tày', en: 'Tày' }])).toBe(
      'Danh sách phải có Tiếng Việt (mã vie): mọi đài đều phát bằng tiếng Việt.',
    );
    const many = Array.from({ length: 101 }, (_, i) => ({
      code: `a${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
      vi: `Ngôn ngữ ${i}`,
      en: `Language ${i}`,
    }));
    expect(refusal(many)).toContain('nhiều hơn mức 100');
  });

  it('gives a settings file from before the list the default list, keeping what it had', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'db'), { recursive: true });
    await writeFile(
      path.join(dir, 'db', 'settings.json'),
      JSON.stringify({ schemaVersion: 1, data: { uiLanguage: 'en', ffmpegPath: '/opt/ffmpeg' } }),
    );
    const settings = await SettingsService.open(
      new Store(dir),
      () => undefined,
      async () => undefined,
    );
    expect(settings.get()).toEqual({
      uiLanguage: 'en',
      ffmpegPath: '/opt/ffmpeg',
      languages: DEFAULT_STATION_LANGUAGES,
      // Version 3 → 4 (accounts): the default idle lock.
      idleLockMinutes: 15,
    });
    const events: unknown[] = [];
    const again = await SettingsService.open(
      new Store(dir),
      (_e, p) => events.push(p),
      async () => undefined,
    );
    await expect(again.update({ languages: [{ code: 'tyz', vi: 'Tày', en: 'Tày' }] })).rejects.toThrow(
      /phải có Tiếng Việt/,
    );
    const next = await again.update({ languages: [vie, { code: 'ktv', vi: 'Cơ Tu', en: 'Katu' }] });
    expect(next.languages.map((l) => l.code)).toEqual(['vie', 'ktv']);
    expect(events).toEqual([next]);
  });

  it('gives the languages of a settings file from before short names the default short names, or their Vietnamese names', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'db'), { recursive: true });
    const languages = [
      { code: 'vie', vi: 'Tiếng Việt', en: 'Vietnamese' },
      { code: 'tyz', vi: 'Tày–Nùng', en: 'Tày–Nùng' },
      { code: 'ktv', vi: 'Cơ Tu', en: 'Katu' },
    ];
    await writeFile(
      path.join(dir, 'db', 'settings.json'),
      JSON.stringify({ schemaVersion: 2, data: { uiLanguage: 'vi', ffmpegPath: null, languages } }),
    );
    const settings = await SettingsService.open(
      new Store(dir),
      () => undefined,
      async () => undefined,
    );
    expect(settings.get().languages.map((l) => l.short)).toEqual(['Việt', 'Tày–Nùng', 'Cơ Tu']);
  });
});
