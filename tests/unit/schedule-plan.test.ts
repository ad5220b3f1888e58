import { describe, expect, it } from 'vitest';
import type { ScheduleOccurrence, ScheduleSlot, Station } from '../../src-main/contract';
import { findConflicts, planOccurrences, weekAround } from '../../src-main/schedule';

function station(code: string, group: string | null, enabled = true): Station {
  return {
    code,
    name: `Xã ${code}`,
    unitCode: null,
    unitName: null,
    group,
    reach: { kind: 'pull' },
    enabled,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const stations = [
  station('A', 'núi'),
  station('B', 'núi'),
  station('C', 'sông'),
  station('D', 'sông', false),
];

function slot(id: string, change: Partial<ScheduleSlot>): ScheduleSlot {
  return {
    id,
    title: `Mục ${id}`,
    at: '06:00:00',
    repeat: { kind: 'daily' },
    play: 'file:/tmp/a.mp3',
    lengthSeconds: 1800,
    target: { kind: 'all' },
    priority: 'normal',
    sha256: 'ab'.repeat(32),
    skipDates: [],
    enabled: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'admin',
    ...change,
  };
}

/** Wall-clock time on the PC, whatever its zone. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();
// Monday 7 December 2026 to the next Monday.
const week = { fromMs: at(2026, 12, 7), toMs: at(2026, 12, 14) };

describe('planOccurrences', () => {
  it('places a daily slot on every day of the week at its wall-clock hour, to every enabled station', () => {
    const plan = planOccurrences(
      [slot('s1', { at: '17:00:00', lengthSeconds: 2700 })],
      stations,
      week.fromMs,
      week.toMs,
    );
    expect(plan.map((o) => o.date)).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
    expect(plan[2]).toEqual({
      slotId: 's1',
      date: '2026-12-09',
      startMs: at(2026, 12, 9, 17),
      endMs: at(2026, 12, 9, 17, 45),
      priority: 'normal',
      codes: ['A', 'B', 'C'],
    });
  });

  it('places a weekly slot on its weekdays only, a once slot on its date, and skips the exception dates', () => {
    const plan = planOccurrences(
      [
        slot('relay', {
          at: '19:00',
          repeat: { kind: 'weekly', days: ['mon', 'wed', 'fri'] },
          skipDates: ['2026-12-09'],
        }),
        slot('once', {
          at: '08:30:15',
          repeat: { kind: 'once', date: '2026-12-12' },
          target: { kind: 'group', group: 'Núi' },
        }),
        slot('off', { enabled: false }),
      ],
      stations,
      week.fromMs,
      week.toMs,
    );
    expect(plan.map((o) => `${o.slotId} ${o.date}`)).toEqual([
      'relay 2026-12-07',
      'relay 2026-12-11',
      'once 2026-12-12',
    ]);
    expect(plan[2]!.startMs).toBe(at(2026, 12, 12, 8, 30, 15));
    expect(plan[2]!.codes).toEqual(['A', 'B']);
  });

  it('includes an occurrence that began before the window and still runs, and none that ended', () => {
    const slots = [
      slot('late', { at: '23:30:00', lengthSeconds: 3600 }),
      slot('early', { at: '05:00:00', lengthSeconds: 600 }),
    ];
    const plan = planOccurrences(slots, stations, at(2026, 12, 8, 0, 10), at(2026, 12, 8, 6));
    expect(plan.map((o) => `${o.slotId} ${o.date}`)).toEqual(['late 2026-12-07', 'early 2026-12-08']);
  });

  it('plans a slot whose stations are all turned off to nobody', () => {
    const plan = planOccurrences(
      [slot('s', { target: { kind: 'stations', codes: ['D'] } })],
      stations,
      week.fromMs,
      at(2026, 12, 8),
    );
    expect(plan).toHaveLength(1);
    expect(plan[0]!.codes).toEqual([]);
  });

  it('gives the week from Monday 00:00 that holds a moment', () => {
    expect(weekAround(at(2026, 12, 13, 23, 59))).toEqual(week);
    expect(weekAround(at(2026, 12, 7))).toEqual(week);
  });
});

describe('findConflicts', () => {
  const occurrence = (
    slotId: string,
    startH: number,
    endH: number,
    priority: ScheduleOccurrence['priority'],
    codes: string[],
  ) => ({
    slotId,
    date: '2026-12-07',
    startMs: at(2026, 12, 7, startH),
    endMs: at(2026, 12, 7, endH),
    priority,
    codes,
  });

  it('finds occurrences that hold a station at the same moment, resolved by the TT 39 classes', () => {
    const news = occurrence('news', 6, 8, 'normal', ['A', 'B', 'C']);
    const storm = occurrence('storm', 7, 9, 'emergency', ['B', 'C']);
    const notice = occurrence('notice', 7, 10, 'normal', ['C']);
    const elsewhere = occurrence('elsewhere', 6, 10, 'priority', ['E']);
    const later = occurrence('later', 10, 11, 'priority', ['C']);
    const conflicts = findConflicts([later, notice, storm, news, elsewhere]);
    expect(conflicts.map((c) => [c.first.slotId, c.second.slotId, c.codes, c.resolution])).toEqual([
      ['news', 'storm', ['B', 'C'], 'preempts'],
      ['news', 'notice', ['C'], 'queued'],
      ['storm', 'notice', ['C'], 'preempted'],
    ]);
  });

  it('finds none where one ends as the next begins', () => {
    expect(
      findConflicts([occurrence('a', 6, 7, 'normal', ['A']), occurrence('b', 7, 8, 'normal', ['A'])]),
    ).toEqual([]);
  });

  it('marks, in a planned week, every day a priority slot meets a daily normal one', () => {
    const plan = planOccurrences(
      [
        slot('daily', { at: '06:00' }),
        slot('bulletin', {
          at: '06:15',
          lengthSeconds: 300,
          priority: 'priority',
          target: { kind: 'stations', codes: ['C'] },
        }),
      ],
      stations,
      week.fromMs,
      week.toMs,
    );
    const conflicts = findConflicts(plan);
    expect(conflicts).toHaveLength(7);
    expect(
      conflicts.every(
        (c) => c.first.slotId === 'daily' && c.resolution === 'preempts' && c.codes.join() === 'C',
      ),
    ).toBe(true);
  });
});
