/**
 * Placing slots on dates: which occurrences fall in a window of epoch time. Pure: the stations are
 * given, the wall clock is the PC's time zone (Vietnam keeps no summer time, but a PC set to a zone
 * that does still gets the hour the operator wrote: dates are built field by field, not by adding
 * 24 hours).
 */
import {
  WEEKDAYS,
  type ScheduleOccurrence,
  type ScheduleRepeat,
  type ScheduleSlot,
  type Station,
  type Weekday,
} from '../contract';
import { resolveTarget } from '../live/live-targets';

/**
 * Every occurrence of the enabled slots that holds the air at some moment of [fromMs, toMs), by
 * start then slot. An occurrence that began before `fromMs` and still runs is included (the runner,
 * opened mid-slot, airs its remainder). `codes` are the enabled stations its target reaches now;
 * empty when it reaches none (a group whose stations were all turned off): it is planned, and shown,
 * but airs nowhere.
 */
export function planOccurrences(
  slots: readonly ScheduleSlot[],
  stations: readonly Station[],
  fromMs: number,
  toMs: number,
): ScheduleOccurrence[] {
  const occurrences: ScheduleOccurrence[] = [];
  for (const slot of slots) {
    if (!slot.enabled) continue;
    const lengthMs = Math.round(slot.lengthSeconds * 1000);
    const [h, m, s] = parseTime(slot.at);
    const skip = new Set(slot.skipDates);
    let codes: string[] | null = null;
    // From the date an occurrence still running at `fromMs` could have started on.
    for (const day of datesBetween(fromMs - lengthMs, toMs)) {
      const date = isoDate(day);
      if (!repeatsOn(slot.repeat, day, date) || skip.has(date)) continue;
      const startMs = new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, s).getTime();
      const endMs = startMs + lengthMs;
      if (endMs <= fromMs || startMs >= toMs) continue;
      codes ??= reached(stations, slot);
      occurrences.push({ slotId: slot.id, date, startMs, endMs, priority: slot.priority, codes });
    }
  }
  return occurrences.sort(
    (a, b) => a.startMs - b.startMs || (a.slotId < b.slotId ? -1 : a.slotId > b.slotId ? 1 : 0),
  );
}

/** The week (Monday 00:00 to the next Monday 00:00, wall clock) that holds `atMs`. */
export function weekAround(atMs: number): { fromMs: number; toMs: number } {
  const day = new Date(atMs);
  const sinceMonday = (day.getDay() + 6) % 7;
  const from = new Date(day.getFullYear(), day.getMonth(), day.getDate() - sinceMonday);
  const to = new Date(from.getFullYear(), from.getMonth(), from.getDate() + 7);
  return { fromMs: from.getTime(), toMs: to.getTime() };
}

/** `HH:MM:SS` (or `HH:MM`) as its three numbers. */
export function parseTime(at: string): [number, number, number] {
  const [h = 0, m = 0, s = 0] = at.split(':').map(Number);
  return [h, m, s];
}

/** The weekday of a wall-clock date, as the schedule spells it. */
export function weekdayOf(day: Date): Weekday {
  return WEEKDAYS[(day.getDay() + 6) % 7]!;
}

/** `YYYY-MM-DD` of a wall-clock date. */
export function isoDate(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

function repeatsOn(repeat: ScheduleRepeat, day: Date, date: string): boolean {
  switch (repeat.kind) {
    case 'once':
      return repeat.date === date;
    case 'daily':
      return true;
    case 'weekly':
      return repeat.days.includes(weekdayOf(day));
  }
}

/** Local midnights of every date from the one holding `fromMs` to the one holding `toMs - 1`. */
function* datesBetween(fromMs: number, toMs: number): Generator<Date> {
  const first = new Date(fromMs);
  const last = new Date(toMs - 1);
  const end = new Date(last.getFullYear(), last.getMonth(), last.getDate()).getTime();
  for (let i = 0; ; i++) {
    const day = new Date(first.getFullYear(), first.getMonth(), first.getDate() + i);
    if (day.getTime() > end) return;
    yield day;
  }
}

function reached(stations: readonly Station[], slot: ScheduleSlot): string[] {
  try {
    return resolveTarget(stations, slot.target).map((s) => s.code);
  } catch {
    // No station enabled where it points: planned all the same, to nobody (the runner logs it).
    return [];
  }
}
