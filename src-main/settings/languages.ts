/**
 * The station's list of broadcast languages: the checks a list must pass before it is saved (the
 * default list is the contract's DEFAULT_STATION_LANGUAGES), each failure said in Vietnamese with what to do.
 */
import { DEFAULT_STATION_LANGUAGES, StudioError, type StationLanguage } from '../contract';

export { DEFAULT_STATION_LANGUAGES };

export const MAX_STATION_LANGUAGES = 100;
const MAX_NAME = 60;

function invalid(message: string, details: Record<string, unknown>): StudioError {
  return new StudioError('INVALID_REQUEST', message, { field: 'languages', ...details });
}

/**
 * A list as it will be kept: codes lowercased and names trimmed (Unicode NFC). Throws
 * INVALID_REQUEST, naming the row, when a code is not three letters, a name is missing or too
 * long, a code or a name is there twice, Vietnamese is missing, or the list is empty or too long.
 */
export function checkStationLanguages(input: readonly StationLanguage[]): StationLanguage[] {
  if (input.length === 0) {
    throw invalid('Danh sách ngôn ngữ đang trống. Hãy giữ ít nhất Tiếng Việt (mã vie).', { reason: 'empty' });
  }
  if (input.length > MAX_STATION_LANGUAGES) {
    throw invalid(
      `Danh sách có ${input.length} ngôn ngữ, nhiều hơn mức ${MAX_STATION_LANGUAGES}. Hãy bỏ bớt những ngôn ngữ đài không phát.`,
      { reason: 'too-many' },
    );
  }
  const list = input.map((l) => ({
    code: l.code.trim().toLowerCase(),
    vi: l.vi.normalize('NFC').replace(/\s+/g, ' ').trim(),
    en: l.en.normalize('NFC').replace(/\s+/g, ' ').trim(),
  }));
  const codes = new Map<string, number>();
  const names = new Map<string, number>();
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
    codes.set(l.code, i);
    names.set(key, i);
  });
  if (!codes.has('vie')) {
    throw invalid('Danh sách phải có Tiếng Việt (mã vie): mọi đài đều phát bằng tiếng Việt.', {
      reason: 'no-vie',
    });
  }
  return list;
}
