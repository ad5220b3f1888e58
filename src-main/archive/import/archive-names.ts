/**
 * What an old archive's file name says: the day it was made, its title and, when the name says
 * "tiếng Mông", "tieng Tay"…, its language. Stations named their files by hand for years, so the
 * usual shapes are read (`2021-03-14 Bản tin…`, `20210314_…`, `14-03-2021 …`, the date at the end
 * too), and `--pattern` covers the rest: `{date:DD.MM.YYYY} - {title}`, `{title} ({date:YYYYMMDD})`.
 */
import { DEFAULT_STATION_LANGUAGES } from '../../contract';
import { foldVietnamese } from '../../platform/vietnamese-fold';

export interface ArchiveName {
  /** `YYYY-MM-DD`, or null when the name carries no real date. */
  date: string | null;
  title: string;
  /** ISO 639-3, when the name says which language; null leaves the library's own guess. */
  language: string | null;
}

/** The title of a file whose name is only a date. */
export const UNTITLED = 'Không tên';

/** Names of the station languages as written after "tiếng", longest first (Thái Đen before Thái). */
const LANGUAGE_NAMES: Array<{ name: string; code: string }> = [
  ...DEFAULT_STATION_LANGUAGES.flatMap((l) => [
    { name: l.vi, code: l.code },
    { name: l.short, code: l.code },
    { name: l.en, code: l.code },
  ]),
  // The names staff write that the list does not spell out.
  { name: 'Việt', code: 'vie' },
  { name: 'Kinh', code: 'vie' },
  { name: 'Hmông', code: 'hnj' },
  { name: 'H’Mông', code: 'hnj' },
  { name: "H'Mông", code: 'hnj' },
  { name: 'Hmong', code: 'hnj' },
  { name: 'Dao', code: 'ium' },
  { name: 'Thái', code: 'blt' },
  { name: 'Ê Đê', code: 'rad' },
  { name: 'Ê-đê', code: 'rad' },
  { name: 'Khmer', code: 'khm' },
  { name: 'Chăm', code: 'cja' },
  { name: 'Cơ Ho', code: 'kpm' },
]
  .map((l) => ({ ...l, name: l.name.normalize('NFC').toLowerCase().replace(/[()]/g, '') }))
  .filter((l) => l.name !== 'tiếng việt')
  .sort((a, b) => b.name.length - a.name.length);

const WORD_END = String.raw`(?=$|[^\p{L}\p{N}])`;

/**
 * The language a title names after "tiếng" (or "tieng"). A name typed with its marks must match
 * with them ("tiếng Tây" is not Tày); one typed without any is matched folded ("tieng Tay").
 */
export function languageInTitle(title: string): string | null {
  const text = title.normalize('NFC').toLowerCase().replace(/[()]/g, '');
  const at = /(?:^|[^\p{L}])(tiếng|tieng)\s+/gu;
  for (let m = at.exec(text); m; m = at.exec(text)) {
    const rest = text.slice(m.index + m[0].length);
    for (const { name, code } of LANGUAGE_NAMES) {
      const exact = new RegExp(`^${escape(name)}${WORD_END}`, 'u');
      if (exact.test(rest)) return code;
    }
    for (const { name, code } of LANGUAGE_NAMES) {
      const folded = foldVietnamese(name);
      const word = rest.slice(0, name.length);
      // Only a word typed without marks is compared folded.
      if (word !== foldVietnamese(word)) continue;
      if (new RegExp(`^${escape(folded)}${WORD_END}`, 'u').test(rest)) return code;
    }
  }
  return null;
}

/** A real calendar day as `YYYY-MM-DD`, or null (31 February, month 13, a year outside 1950–2099). */
export function calendarDay(year: number, month: number, day: number): string | null {
  if (year < 1950 || year > 2099 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const SEP = '[-._ ]';
/** The built-in shapes of a date in a name: year first (with or without separators), or day first. */
const DATE_FORMS: Array<{ re: string; order: 'ymd' | 'dmy' }> = [
  { re: String.raw`(\d{4})${SEP}(\d{1,2})${SEP}(\d{1,2})`, order: 'ymd' },
  { re: String.raw`(\d{4})(\d{2})(\d{2})`, order: 'ymd' },
  { re: String.raw`(\d{1,2})${SEP}(\d{1,2})${SEP}(\d{4})`, order: 'dmy' },
  { re: String.raw`(\d{2})(\d{2})(\d{4})`, order: 'dmy' },
];

function dayOf(m: RegExpExecArray, order: 'ymd' | 'dmy'): string | null {
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return order === 'ymd' ? calendarDay(a, b, c) : calendarDay(c, b, a);
}

/** A title from what is left of a name: underscores as spaces, no separators at its ends. */
export function cleanTitle(text: string): string {
  return text
    .normalize('NFC')
    .replace(/_/g, ' ')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–—.,:;]+|[\s\-–—.,:;]+$/gu, '')
    .slice(0, 500);
}

/** The file name without its extension, in NFC (macOS and some copies write names in NFD). */
export function stemOf(fileName: string): string {
  const name = fileName.normalize('NFC');
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * Reads a file name (with or without its folder): by `pattern` first when given, else (or when the
 * pattern does not fit) by the usual shapes: a date at the start, else one standing alone anywhere.
 */
export function parseArchiveName(fileName: string, pattern?: ArchivePattern | null): ArchiveName {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = stemOf(base);
  const byPattern = pattern ? pattern.match(stem) : null;
  if (byPattern) return withLanguage(byPattern.date, byPattern.title);
  for (const { re, order } of DATE_FORMS) {
    const m = new RegExp(`^${re}(?=$|[^0-9])`, 'u').exec(stem);
    const date = m ? dayOf(m, order) : null;
    if (m && date) return withLanguage(date, stem.slice(m[0].length));
  }
  for (const { re, order } of DATE_FORMS) {
    const find = new RegExp(`(?<![0-9])${re}(?![0-9])`, 'gu');
    for (let m = find.exec(stem); m; m = find.exec(stem)) {
      const date = dayOf(m, order);
      if (date) return withLanguage(date, stem.slice(0, m.index) + ' ' + stem.slice(m.index + m[0].length));
    }
  }
  return withLanguage(null, stem);
}

function withLanguage(date: string | null, rawTitle: string): ArchiveName {
  const title = cleanTitle(rawTitle) || UNTITLED;
  return { date, title, language: languageInTitle(title) };
}

/** A `--pattern` compiled: `{date:FORMAT}` (YYYY, YY, MM, M, DD, D and separators), `{title}`, `{*}`. */
export interface ArchivePattern {
  source: string;
  match(stem: string): { date: string | null; title: string } | null;
}

const PATTERN_HELP =
  'Mẫu tên tệp phải có {date:…} (ví dụ {date:DD.MM.YYYY} hoặc {date:YYYYMMDD}) và có thể có {title} ' +
  'và {*} (phần bỏ qua), ví dụ "{date:DD.MM.YYYY} - {title}".';

/** Compiles a pattern; throws an Error with a Vietnamese message when it cannot be used. */
export function compilePattern(source: string): ArchivePattern {
  const text = source.normalize('NFC');
  let re = '';
  const fields: string[] = [];
  let hasDate = false;
  const token = /\{(date:([^}]+)|title|\*)\}/gu;
  let last = 0;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    re += literal(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] === 'title') {
      if (fields.includes('title')) throw new Error(PATTERN_HELP);
      re += '(.*?)';
      fields.push('title');
    } else if (m[1] === '*') {
      re += '.*?';
    } else {
      if (hasDate) throw new Error(PATTERN_HELP);
      hasDate = true;
      const format = m[2] ?? '';
      const parts = /(YYYY|YY|MM|M|DD|D|[^YMD]+)/gu;
      let seen = '';
      for (let p = parts.exec(format); p; p = parts.exec(format)) {
        const piece = p[1] ?? '';
        seen += piece;
        if (/^[YMD]/.test(piece)) {
          fields.push(piece);
          re += piece === 'YYYY' ? '(\\d{4})' : piece.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
        } else re += literal(piece);
      }
      if (
        seen !== format ||
        !fields.some((f) => f.startsWith('Y')) ||
        !fields.includes('MM') === !fields.includes('M')
      )
        throw new Error(PATTERN_HELP);
      if (!fields.includes('DD') && !fields.includes('D')) throw new Error(PATTERN_HELP);
    }
  }
  re += literal(text.slice(last));
  if (!hasDate) throw new Error(PATTERN_HELP);
  const compiled = new RegExp(`^${re}$`, 'u');
  return {
    source,
    match(stem) {
      const m = compiled.exec(stem.normalize('NFC'));
      if (!m) return null;
      let y = 0;
      let mo = 0;
      let d = 0;
      let title = '';
      fields.forEach((field, i) => {
        const v = m[i + 1] ?? '';
        if (field === 'title') title = v;
        else if (field === 'YYYY') y = Number(v);
        else if (field === 'YY')
          y = 2000 + Number(v) > new Date().getFullYear() + 1 ? 1900 + Number(v) : 2000 + Number(v);
        else if (field.startsWith('M')) mo = Number(v);
        else d = Number(v);
      });
      return { date: calendarDay(y, mo, d), title };
    },
  };
}

/** Literal text of a pattern: a space matches any run of spaces or underscores. */
function literal(text: string): string {
  return text.split(/\s+/u).map(escape).join('[\\s_]+');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
