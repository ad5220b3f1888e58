import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  languageInTitle,
  parseArchiveName,
} from '../../src-main/archive/import/archive-names';

const nfd = (s: string) => s.normalize('NFD');

describe('the name of an old archive file', () => {
  it.each([
    [
      '2021-03-14 Bản tin tiếng Mông - giống lúa mới.mp3',
      '2021-03-14',
      'Bản tin tiếng Mông - giống lúa mới',
      'hnj',
    ],
    ['20210314_Thoi su sang.wav', '2021-03-14', 'Thoi su sang', null],
    ['20210314_ban_tin_tieng_tay.mp3', '2021-03-14', 'ban tin tieng tay', 'tyz'],
    ['14-03-2021 Phóng sự Đắk Lắk.mp3', '2021-03-14', 'Phóng sự Đắk Lắk', null],
    ['14.03.2021 - Tin tức tiếng Thái Đen.mp3', '2021-03-14', 'Tin tức tiếng Thái Đen', 'blt'],
    ['4-3-2021 Tiếng Ba Na, bản tin chiều.ogg', '2021-03-04', 'Tiếng Ba Na, bản tin chiều', 'bdq'],
    ['2019_12_31 Chào năm mới.flac', '2019-12-31', 'Chào năm mới', null],
    ['2019.1.5 Thời sự.mp3', '2019-01-05', 'Thời sự', null],
    ['Thời sự tối 14-03-2021.mp3', '2021-03-14', 'Thời sự tối', null],
    ['Ban tin tieng Gia Rai 20200101.m4a', '2020-01-01', 'Ban tin tieng Gia Rai', 'jra'],
    ['2022-07-01.mp3', '2022-07-01', 'Không tên', null],
    ['2021-03-14 BẢN TIN TIẾNG MƯỜNG.WAV', '2021-03-14', 'BẢN TIN TIẾNG MƯỜNG', 'mtq'],
    ['2021-03-14 Bản tin tiếng Tày–Nùng.mp3', '2021-03-14', 'Bản tin tiếng Tày–Nùng', 'tyz'],
    ['2021-03-14 Chương trình tiếng Việt.mp3', '2021-03-14', 'Chương trình tiếng Việt', 'vie'],
    ['2021-03-14 Tiếng Xơ Đăng - mùa rẫy.mp3', '2021-03-14', 'Tiếng Xơ Đăng - mùa rẫy', 'sed'],
  ])('%s', (name, date, title, language) => {
    expect(parseArchiveName(name)).toEqual({ date, title, language });
  });

  it('reads an NFD name (as macOS writes it) the same as its NFC twin, and gives NFC', () => {
    const name = '2021-03-14 Bản tin tiếng Mông - giống lúa mới.mp3';
    expect(nfd(name)).not.toBe(name);
    const parsed = parseArchiveName(nfd(name));
    expect(parsed).toEqual(parseArchiveName(name));
    expect(parsed.title).toBe(parsed.title.normalize('NFC'));
    expect(parseArchiveName(nfd('20210314_Đời sống tiếng Dao.mp3'))).toEqual({
      date: '2021-03-14',
      title: 'Đời sống tiếng Dao',
      language: 'ium',
    });
  });

  it('takes only the file name, not its folders', () => {
    expect(parseArchiveName('/kho/2019/2021-03-14 Thời sự.mp3').title).toBe('Thời sự');
    expect(parseArchiveName('C:\\Kho\\20210314 Thời sự.mp3').date).toBe('2021-03-14');
  });

  it.each([
    'Bản tin tiếng Mông - giống lúa mới.mp3',
    '2021-02-30 Ngày không có.mp3',
    '2021-13-01 Tháng mười ba.mp3',
    '31-02-2021 Cũng không có.mp3',
    '1899-01-01 Quá xưa.mp3',
    'Số 12345678.mp3',
    'Nghị định 08 2017.mp3',
  ])('finds no date in %s', (name) => {
    expect(parseArchiveName(name).date).toBeNull();
  });

  it('tells a language written with its marks from a word that only folds to it', () => {
    // "Tây" (west) is not Tày; typed without marks, "tay" is read as Tày.
    expect(languageInTitle('Tin tiếng Tây Bắc')).toBeNull();
    expect(languageInTitle('Tin tieng Tay')).toBe('tyz');
    expect(languageInTitle('Tin tiếng Tày')).toBe('tyz');
    expect(languageInTitle('tiếng Mông')).toBe('hnj');
    expect(languageInTitle('tieng Hmong')).toBe('hnj');
    expect(languageInTitle('Tiếng Dao Kim Mun')).toBe('mji');
    expect(languageInTitle('tiếng Thái Dón')).toBe('twh');
    expect(languageInTitle('tiếng nói của bà con')).toBeNull();
    expect(languageInTitle('Mông')).toBeNull();
    expect(languageInTitle('chuyện tiếng động')).toBeNull();
  });
});

describe('a pattern for other names', () => {
  it('reads day-first dates with dots and a title after a dash', () => {
    const p = compilePattern('{date:DD.MM.YYYY} - {title}');
    expect(parseArchiveName('14.03.2021 - Thời sự sáng.mp3', p)).toEqual({
      date: '2021-03-14',
      title: 'Thời sự sáng',
      language: null,
    });
  });

  it('reads a date at the end in brackets, skips a part, and two-digit years', () => {
    const p = compilePattern('{*}_{title} ({date:YYYYMMDD})');
    expect(parseArchiveName('DAI_Bản tin tiếng Mông (20210314).mp3', p)).toEqual({
      date: '2021-03-14',
      title: 'Bản tin tiếng Mông',
      language: 'hnj',
    });
    const yy = compilePattern('{title} {date:D-M-YY}');
    expect(parseArchiveName('Thời sự 4-3-21.mp3', yy).date).toBe('2021-03-04');
    expect(parseArchiveName('Thời sự 4-3-98.mp3', yy).date).toBe('1998-03-04');
  });

  it('falls back to the usual shapes where the pattern does not fit', () => {
    const p = compilePattern('{date:DD.MM.YYYY} - {title}');
    expect(parseArchiveName('2021-03-14 Thời sự.mp3', p).date).toBe('2021-03-14');
    expect(parseArchiveName('Thời sự.mp3', p).date).toBeNull();
  });

  it('refuses a pattern without a date, or with a date it cannot read', () => {
    for (const bad of [
      '{title}',
      '{date:YYYY} {title}',
      '{date:MM-DD} {title}',
      '{date:DD.MM.YYYY} {title} {title}',
    ])
      expect(() => compilePattern(bad), bad).toThrow(/Mẫu tên tệp/);
  });
});
