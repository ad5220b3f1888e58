/**
 * The station's list of broadcast languages: the checks a list must pass before it is saved (the
 * default list is the contract's DEFAULT_STATION_LANGUAGES), each failure said in Vietnamese with what to do.
 */
import { DEFAULT_STATION_LANGUAGES, NO_SPEECH, StudioError, type StationLanguage } from '../contract';

export { DEFAULT_STATION_LANGUAGES };

export const MAX_STATION_LANGUAGES = 100;
const MAX_NAME = 60;
/** A short name stands on a timeline clip beside its title: a word or two. */
export const MAX_SHORT_NAME = 16;

/** A language as the System screen sends it: its short name may be left out. */
export type StationLanguageInput = Omit<StationLanguage, 'short'> & { short?: string };

const tidy = (s: string | undefined): string => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * The short name a language had before stations could set one: the default list's for a language
 * it still names the same way, else its Vietnamese name.
 */
export function defaultShortName(l: Omit<StationLanguage, 'short'>): string {
  const known = DEFAULT_STATION_LANGUAGES.find((d) => d.code === l.code && d.vi === l.vi);
  return known?.short ?? l.vi;
}

function invalid(message: string, details: Record<string, unknown>): StudioError {
  return new StudioError('INVALID_REQUEST', message, { field: 'languages', ...details });
}

/**
 * A list as it will be kept: codes lowercased and names trimmed (Unicode NFC), an empty short name
 * replaced by the Vietnamese name. Throws INVALID_REQUEST, naming the row, when a code is not three
 * letters, a name is missing or too long, a code, a name or a short name is there twice, Vietnamese
 * is missing, or the list is empty or too long.
 */
export function checkStationLanguages(input: readonly StationLanguageInput[]): StationLanguage[] {
  if (input.length === 0) {
    throw invalid('Danh sách ngôn ngữ đang trống. Hãy giữ ít nhất Tiếng Việt (mã vie).', { reason: 'empty' });
  }
  if (input.length > MAX_STATION_LANGUAGES) {
    throw invalid(
      `Danh sách có ${input.length} ngôn ngữ, nhiều hơn mức ${MAX_STATION_LANGUAGES}. Hãy bỏ bớt những ngôn ngữ đài không phát.`,
      { reason: 'too-many' },
    );
  }
  const list = input.map((l) => {
    const vi = tidy(l.vi);
    return { code: l.code.trim().toLowerCase(), vi, en: tidy(l.en), short: tidy(l.short) || vi };
  });
  const codes = new Map<string, number>();
  const names = new Map<string, number>();
  const shorts = new Map<string, number>();
  list.forEach((l, i) => {
    const row = `Dòng ${i + 1}`;
    const who = l.vi || l.code || `dòng ${i + 1}`;
    if (!/^[a-z]{3}$/.test(l.code)) {
      throw invalid(
        l.code === ''
          ? `${row} (${who}) chưa có mã ngôn ngữ. Hãy nhập mã ISO 639-3 gồm 3 chữ cái, ví dụ "tyz" cho tiếng Tày.`
          : `Mã "${l.code}" của ${who} không hợp lệ: mã ngôn ngữ là 3 chữ cái không dấu theo ISO 639-3, ví dụ "tyz" cho tiếng Tày.`,
        { row: i, reason: 'code' },
      );
    }
    if (l.code === NO_SPEECH) {
      throw invalid(
        `Mã "${NO_SPEECH}" (${who}) là "Không lời", dành cho nhạc và nhạc hiệu, không phải một ngôn ngữ phát sóng: ` +
          `studio luôn có sẵn lựa chọn đó. Hãy bỏ dòng ${i + 1}.`,
        { row: i, reason: 'no-speech' },
      );
    }
    if (l.vi === '') {
      throw invalid(`${row} (mã ${l.code}) chưa có tên tiếng Việt. Hãy nhập tên, ví dụ "Tày".`, {
        row: i,
        reason: 'vi',
      });
    }
    if (l.en === '') {
      throw invalid(
        `${row} (${l.vi}) chưa có tên tiếng Anh, dùng khi giao diện ở tiếng Anh. Nếu không có tên riêng, hãy nhập lại tên tiếng Việt.`,
        { row: i, reason: 'en' },
      );
    }
    if (l.vi.length > MAX_NAME || l.en.length > MAX_NAME) {
      throw invalid(`Tên của ${l.vi.slice(0, MAX_NAME)}… dài quá ${MAX_NAME} ký tự. Hãy viết gọn lại.`, {
        row: i,
        reason: 'long',
      });
    }
    if (l.short.length > MAX_SHORT_NAME) {
      throw invalid(
        `Tên ngắn "${l.short}" của ${l.vi} dài quá ${MAX_SHORT_NAME} ký tự: tên ngắn hiện trên các khối âm thanh của chương trình. Hãy viết gọn lại, ví dụ "Tày".`,
        { row: i, reason: 'short-long' },
      );
    }
    const sameCode = codes.get(l.code);
    if (sameCode !== undefined) {
      throw invalid(
        `Mã "${l.code}" có ở cả dòng ${sameCode + 1} (${list[sameCode]?.vi}) và dòng ${i + 1} (${l.vi}). Mỗi ngôn ngữ cần một mã riêng.`,
        { row: i, reason: 'duplicate-code' },
      );
    }
    const key = l.vi.toLocaleLowerCase('vi');
    const sameName = names.get(key);
    if (sameName !== undefined) {
      throw invalid(
        `Tên "${l.vi}" có ở cả dòng ${sameName + 1} và dòng ${i + 1}. Hãy đặt tên khác nhau để phân biệt, ví dụ "Dao (Iu Mien)" và "Dao (Kim Mun)".`,
        { row: i, reason: 'duplicate-name' },
      );
    }
    const shortKey = l.short.toLocaleLowerCase('vi');
    const sameShort = shorts.get(shortKey);
    if (sameShort !== undefined) {
      throw invalid(
        `Tên ngắn "${l.short}" có ở cả dòng ${sameShort + 1} (${list[sameShort]?.vi}) và dòng ${i + 1} (${l.vi}). Hãy đặt tên ngắn khác nhau để phân biệt trên chương trình.`,
        { row: i, reason: 'duplicate-short' },
      );
    }
    codes.set(l.code, i);
    names.set(key, i);
    shorts.set(shortKey, i);
  });
  if (!codes.has('vie')) {
    throw invalid('Danh sách phải có Tiếng Việt (mã vie): mọi đài đều phát bằng tiếng Việt.', {
      reason: 'no-vie',
    });
  }
  return list;
}
