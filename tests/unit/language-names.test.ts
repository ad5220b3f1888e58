/**
 * How the UI names a language: the station's names first, the default list's for a language taken
 * off it, the code only for a language nobody named, and "Không lời" for items without speech.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STATION_LANGUAGES } from '../../src-main/contract/languages';
import { languageName, languageShortName, setStationLanguages } from '../../src-renderer/i18n/languages';

afterEach(() => setStationLanguages(undefined));

describe('language names', () => {
  it('names a language by the station list, whole or short, never by its code', () => {
    setStationLanguages([
      { code: 'vie', vi: 'Tiếng Việt', en: 'Vietnamese', short: 'Việt' },
      { code: 'tyz', vi: 'Tày–Nùng', en: 'Tày–Nùng', short: 'Tày–Nùng' },
    ]);
    expect(languageName('tyz', 'vi')).toBe('Tày–Nùng');
    expect(languageShortName('vie', 'vi')).toBe('Việt');
    expect(languageShortName('vie', 'en')).toBe('Việt');
    // Taken off the station's list: the default list still names it.
    expect(languageName('sed', 'en')).toBe('Sedang');
    expect(languageShortName('sed', 'vi')).toBe('Xơ Đăng');
    // Named nowhere: the code is all there is.
    expect(languageShortName('ktv', 'vi')).toBe('ktv');
  });

  it('names an item without speech "Không lời", whatever stands for no language', () => {
    for (const none of [null, undefined, '', 'zxx']) {
      expect(languageName(none, 'vi')).toBe('Không lời');
      expect(languageShortName(none, 'en')).toBe('No speech');
    }
  });

  it('has a short name for every language of the default list', () => {
    for (const l of DEFAULT_STATION_LANGUAGES) expect(l.short.length).toBeGreaterThan(0);
  });
});
