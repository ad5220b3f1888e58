/**
 * The station's language list: what a list must be to be kept, each refusal in Vietnamese naming
 * the row; and a settings file from before the list gets the default one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError, type StationLanguage } from '../../src-main/contract';
import { checkStationLanguages, DEFAULT_STATION_LANGUAGES } from '../../src-main/settings/languages';
import { SettingsService } from '../../src-main/settings/settings-service';
import { Store } from '../../src-main/store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const vie: StationLanguage = { code: 'vie', vi: 'Tiếng Việt', en: 'Vietnamese' };

function refusal(list: StationLanguage[]): string {
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
      { code: 'tyz', vi: 'Tày', en: 'Tày' },
      vie,
      { code: 'ktv', vi: 'Cơ Tu', en: 'Katu' },
    ]);
    expect(checkStationLanguages([...DEFAULT_STATION_LANGUAGES])).toEqual(DEFAULT_STATION_LANGUAGES);
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
});
