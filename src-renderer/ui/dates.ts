/**
 * Every date the studio shows or reads, in the UI's language and never the OS's or the browser's
 * locale: Vietnamese writes day/month/year ("06/12/2026"), English writes the month as a word
 * ("6 Dec 2026") so that no reader can take the day for the month. Dates are stored as ISO 8601:
 * a calendar day as `YYYY-MM-DD`, a moment as a full date-time, shown in local time.
 *
 * Written by hand rather than with `Intl`/`toLocale*`: their output depends on the ICU data of the
 * machine (Chromium's, Electron's, Node's) and changes between versions, and a typed date must be
 * read back exactly as it was shown.
 */
import type { UiLanguage } from '../../src-main/contract';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_EN_LONG = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The years a date the studio reads may fall in: a typo like "06/12/226" is not read as year 226. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day, months and days counted from 1. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `{ 2026, 12, 6 }` → "2026-12-06". */
export function isoDay(d: Day): string {
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

/** Whether the day exists in the calendar (no 31 February, 29 February only in leap years). */
export function isRealDay(d: Day): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= daysInMonth(d.year, d.month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The calendar day of an ISO value: a `YYYY-MM-DD` stays that day (no time zone can move it); a
 * date-time is the day it was on this machine's clock. `null` for what is not an ISO date.
 */
export function dayOf(iso: string): Day | null {
  const only = DAY_ONLY.exec(iso);
  if (only) {
    const d = { year: Number(only[1]), month: Number(only[2]), day: Number(only[3]) };
    return isRealDay(d) ? d : null;
  }
  const t = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(t.getTime())) return null;
  return { year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate() };
}

/** "2026-12-05T23:30:00Z" on a machine in Hà Nội → "2026-12-06"; a `YYYY-MM-DD` stays as it is. */
export function localDay(iso: string): string | null {
  const d = dayOf(iso);
  return d ? isoDay(d) : null;
}

/** Today on this machine's clock, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return isoDay({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}

function dayText(d: Day, lang: UiLanguage): string {
  return lang === 'vi'
    ? `${pad(d.day)}/${pad(d.month)}/${d.year}`
    : `${d.day} ${MONTHS_EN[d.month - 1]} ${d.year}`;
}

/**
 * A day or a moment as its day: "06/12/2026" (vi), "6 Dec 2026" (en); "—" for none. Text that is
 * not an ISO date is shown as it is rather than as a wrong date.
 */
export function formatDate(iso: string | null, lang: UiLanguage): string {
  if (!iso) return '—';
  const d = dayOf(iso);
  return d ? dayText(d, lang) : iso;
}

/** A moment's time on this machine's clock, 24-hour: "09:05", or "09:05:30" with seconds. */
export function formatTime(iso: string, seconds = false): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const hm = `${pad(t.getHours())}:${pad(t.getMinutes())}`;
  return seconds ? `${hm}:${pad(t.getSeconds())}` : hm;
}

/** A moment: "06/12/2026 09:05" (vi), "6 Dec 2026, 09:05" (en); "—" for none. */
export function formatDateTime(iso: string | null, lang: UiLanguage): string {
  if (!iso) return '—';
  const d = dayOf(iso);
  if (!d || DAY_ONLY.test(iso)) return formatDate(iso, lang);
  return `${dayText(d, lang)}${lang === 'vi' ? ' ' : ', '}${formatTime(iso)}`;
}

/** A moment of a list that grows through the day (history): "09:05" today, else with its date. */
export function formatRecent(iso: string, lang: UiLanguage, now: Date = new Date()): string {
  return localDay(iso) === today(now) ? formatTime(iso) : formatDateTime(iso, lang);
}

/** The example the field's messages give: 6 December 2026, as the UI writes it. */
export const EXAMPLE_DAY = '2026-12-06';

/** Why typed text is not a date: not a date at all, a day that does not exist, or a year too far. */
export type DateProblem = 'unreadable' | 'notReal' | 'year';

export type ParsedDate = { ok: true; day: string | null } | { ok: false; problem: DateProblem };

function monthByName(name: string): number | null {
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n.length < 3) return null;
  const k = MONTHS_EN_LONG.findIndex((m) => m.toLowerCase().startsWith(n));
  return k < 0 ? null : k + 1;
}

/** The day, month and year written in `text`, before any check that they make a real day. */
function readParts(text: string): Day | null {
  const s = text.trim().normalize('NFC').replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // Day first, as Vietnam and most of the world write it: 6/12/2026, 06-12-2026, 6.12.26.
  m = /^(\d{1,2}) ?[/.-] ?(\d{1,2}) ?[/.-] ?(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const y = Number(m[3]);
    return { year: m[3]!.length === 2 ? 2000 + y : y, month: Number(m[2]), day: Number(m[1]) };
  }
  // "ngày 6 tháng 12 năm 2026", "6 tháng 12 2026".
  m = /^(?:ngày )?(\d{1,2}) tháng (\d{1,2})(?:,? năm)?,? (\d{4})$/i.exec(s);
  if (m) return { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  // "6 Dec 2026", "6 December, 2026".
  m = /^(\d{1,2}) ([A-Za-z]+\.?),? (\d{4})$/.exec(s);
  if (m) {
    const month = monthByName(m[2]!);
    return month ? { year: Number(m[3]), month, day: Number(m[1]) } : null;
  }
  // "Dec 6, 2026", "December 6 2026".
  m = /^([A-Za-z]+\.?) (\d{1,2}),? (\d{4})$/.exec(s);
  if (m) {
    const month = monthByName(m[1]!);
    return month ? { year: Number(m[3]), month, day: Number(m[2]) } : null;
  }
  return null;
}

/**
 * Reads a typed date in any of the forms the studio shows or people write: "06/12/2026",
 * "6-12-26", "6 tháng 12 năm 2026", "6 Dec 2026", "December 6, 2026", "2026-12-06". The day comes
 * first whenever it is written in numbers, in English too: the field shows back what it read
 * ("6 Dec 2026"), so a reader used to month-first sees at once how it was understood. Empty text
 * is no date (`day: null`).
 */
export function parseDate(text: string): ParsedDate {
  if (text.trim() === '') return { ok: true, day: null };
  const d = readParts(text);
  if (!d) return { ok: false, problem: 'unreadable' };
  if (!isRealDay(d)) return { ok: false, problem: 'notReal' };
  if (d.year < FIRST_YEAR || d.year > LAST_YEAR) return { ok: false, problem: 'year' };
  return { ok: true, day: isoDay(d) };
}

/** Whether `text` is written out in full (a four-digit year, or ISO): safe to act on while typing. */
export function isCompleteDate(text: string): boolean {
  return /\d{4}\s*$/.test(text.trim()) || DAY_ONLY.test(text.trim());
}

// ---- Calendar arithmetic (the date field's calendar) ----------------------------------------------

/** `YYYY-MM-DD` as a UTC moment, so that adding days never meets a clock change. */
function utc(day: string): Date {
  const d = dayOf(day) ?? { year: 2026, month: 1, day: 1 };
  return new Date(Date.UTC(d.year, d.month - 1, d.day));
}

const utcDay = (t: Date) =>
  isoDay({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });

/** "2026-12-31" + 1 → "2027-01-01". */
export function addDays(day: string, n: number): string {
  const t = utc(day);
  t.setUTCDate(t.getUTCDate() + n);
  return utcDay(t);
}

/** "2026-01-31" + 1 month → "2026-02-28": the same day of the month, or the month's last. */
export function addMonths(day: string, n: number): string {
  const d = dayOf(day) ?? { year: 2026, month: 1, day: 1 };
  const k = d.year * 12 + (d.month - 1) + n;
  const year = Math.floor(k / 12);
  const month = (k % 12) + 1;
  return isoDay({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

/** 0 for Monday … 6 for Sunday: Vietnam's week starts on Monday (Thứ Hai). */
export function weekdayOf(day: string): number {
  return (utc(day).getUTCDay() + 6) % 7;
}

/** The six weeks (Monday to Sunday) that show `day`'s month, as ISO days. */
export function monthGrid(day: string): string[][] {
  const d = dayOf(day) ?? { year: 2026, month: 1, day: 1 };
  const first = isoDay({ ...d, day: 1 });
  const start = addDays(first, -weekdayOf(first));
  return Array.from({ length: 6 }, (_, w) => Array.from({ length: 7 }, (_, k) => addDays(start, w * 7 + k)));
}

/** Headings of the calendar's columns, Monday first. */
export function weekdayNames(lang: UiLanguage): string[] {
  return lang === 'vi'
    ? ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN']
    : ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
}

/** "Tháng 12 năm 2026", "December 2026". */
export function monthTitle(day: string, lang: UiLanguage): string {
  const d = dayOf(day) ?? { year: 2026, month: 1, day: 1 };
  return lang === 'vi' ? `Tháng ${d.month} năm ${d.year}` : `${MONTHS_EN_LONG[d.month - 1]} ${d.year}`;
}

/** A day read out in full, for screen readers and tooltips: "Thứ Hai, 07/12/2026", "Monday, 7 Dec 2026". */
export function longDate(day: string, lang: UiLanguage): string {
  const names =
    lang === 'vi'
      ? ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật']
      : ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  return `${names[weekdayOf(day)]}, ${formatDate(day, lang)}`;
}
