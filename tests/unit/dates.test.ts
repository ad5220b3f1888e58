/**
 * The studio's one date module: what it shows in each UI language and what it reads back, on a
 * machine whose clock is in Hà Nội (UTC+7), where a moment near midnight UTC is already the next day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateTime,
  formatTime,
  isCompleteDate,
  localDay,
  parseDate,
  today,
} from '../../src-renderer/ui/dates';

const tz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Ho_Chi_Minh';
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('formatDate', () => {
  it('writes day/month/year in Vietnamese and the month as a word in English', () => {
    expect(formatDate('2026-12-06', 'vi')).toBe('06/12/2026');
    expect(formatDate('2026-12-06', 'en')).toBe('6 Dec 2026');
    expect(formatDate('2026-01-31', 'vi')).toBe('31/01/2026');
    expect(formatDate('2026-01-31', 'en')).toBe('31 Jan 2026');
  });

  it('shows a moment as the day it was on this machine, not in UTC', () => {
    // 23:30 UTC on 5 December is 06:30 on 6 December in Hà Nội.
    expect(formatDate('2026-12-05T23:30:00Z', 'vi')).toBe('06/12/2026');
    expect(formatDate('2026-12-05T23:30:00.000Z', 'en')).toBe('6 Dec 2026');
    expect(localDay('2026-12-05T23:30:00Z')).toBe('2026-12-06');
  });

  it('never moves a calendar day, whatever the time zone', () => {
    expect(localDay('2026-12-06')).toBe('2026-12-06');
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(formatDate('2026-12-06', 'vi')).toBe('06/12/2026');
    } finally {
      process.env.TZ = 'Asia/Ho_Chi_Minh';
    }
  });

  it('says "—" for no date and shows text that is not a date as it is', () => {
    expect(formatDate(null, 'vi')).toBe('—');
    expect(formatDate('', 'en')).toBe('—');
    expect(formatDate('hôm qua', 'vi')).toBe('hôm qua');
    expect(formatDate('2026-02-31', 'vi')).toBe('2026-02-31');
  });
});

describe('formatDateTime and formatTime', () => {
  it('adds the local 24-hour time', () => {
    expect(formatDateTime('2026-12-06T02:05:09Z', 'vi')).toBe('06/12/2026 09:05');
    expect(formatDateTime('2026-12-06T02:05:09Z', 'en')).toBe('6 Dec 2026, 09:05');
    expect(formatTime('2026-12-06T15:05:09Z')).toBe('22:05');
    expect(formatTime('2026-12-06T15:05:09Z', true)).toBe('22:05:09');
  });

  it('shows a calendar day without a time', () => {
    expect(formatDateTime('2026-12-06', 'vi')).toBe('06/12/2026');
    expect(formatDateTime(null, 'en')).toBe('—');
  });
});

describe('parseDate', () => {
  const day = (text: string) => {
    const r = parseDate(text);
    return r.ok ? r.day : r.problem;
  };

  it('reads day-first numbers with any separator, and two-digit years as 20xx', () => {
    expect(day('06/12/2026')).toBe('2026-12-06');
    expect(day('6/12/2026')).toBe('2026-12-06');
    expect(day(' 6 / 12 / 2026 ')).toBe('2026-12-06');
    expect(day('6-12-2026')).toBe('2026-12-06');
    expect(day('6.12.26')).toBe('2026-12-06');
    expect(day('2026-12-06')).toBe('2026-12-06');
  });

  it('reads what the English UI shows and the usual English ways of writing a date', () => {
    expect(day('6 Dec 2026')).toBe('2026-12-06');
    expect(day('06 dec. 2026')).toBe('2026-12-06');
    expect(day('6 December, 2026')).toBe('2026-12-06');
    expect(day('Dec 6, 2026')).toBe('2026-12-06');
    expect(day('september 30 2026')).toBe('2026-09-30');
    expect(day('6 De 2026')).toBe('unreadable');
    expect(day('6 Decembre 2026')).toBe('unreadable');
  });

  it('reads a date written out in Vietnamese', () => {
    expect(day('ngày 6 tháng 12 năm 2026')).toBe('2026-12-06');
    expect(day('6 tháng 12 2026')).toBe('2026-12-06');
    expect(day('Ngày 06 tháng 12, năm 2026')).toBe('2026-12-06');
  });

  it('refuses days that do not exist, and years out of range', () => {
    expect(day('31/02/2026')).toBe('notReal');
    expect(day('29/02/2026')).toBe('notReal');
    expect(day('29/02/2028')).toBe('2028-02-29');
    expect(day('00/12/2026')).toBe('notReal');
    expect(day('12/13/2026')).toBe('notReal');
    expect(day('31 Apr 2026')).toBe('notReal');
    expect(day('06/12/1850')).toBe('year');
    expect(day('06/12/2226')).toBe('year');
  });

  it('refuses what is not a date, and reads empty text as no date', () => {
    expect(day('06/12/226')).toBe('unreadable');
    expect(day('hôm nay')).toBe('unreadable');
    expect(day('06122026')).toBe('unreadable');
    expect(day('')).toBe(null);
    expect(day('   ')).toBe(null);
  });

  it('reads back exactly what it shows, in both languages, for every day of a leap year', () => {
    for (let t = Date.UTC(2028, 0, 1); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      expect(day(formatDate(iso, 'vi'))).toBe(iso);
      expect(day(formatDate(iso, 'en'))).toBe(iso);
    }
  });
});

describe('isCompleteDate and today', () => {
  it('tells a date written out in full from one still being typed', () => {
    expect(isCompleteDate('06/12/2026')).toBe(true);
    expect(isCompleteDate('6 Dec 2026')).toBe(true);
    expect(isCompleteDate('06/12/20')).toBe(false);
    expect(isCompleteDate('06/12/202')).toBe(false);
  });

  it('gives today on this machine’s clock', () => {
    expect(today(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-06');
  });
});
