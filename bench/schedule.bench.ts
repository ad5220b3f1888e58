/**
 * Schedule benchmark (issue 16): a week of schedule for 50 stations planned and checked for
 * conflicts, as `schedule.list` does it: the slots read from the records database (SQLite), placed
 * on the week's dates (`planOccurrences`, targets resolved against the registry) and swept for
 * conflicts (`findConflicts`). Target ≤ 100 ms.
 *
 * The schedule is a district's: 10 groups of 5 communes, each group with 3 daily programmes
 * (06:00, 11:00, 17:00), a relay of VOV 1 between them on weekdays and a provincial relay every
 * evening; a priority bulletin to every station at 11:15 daily (it meets every group's 11:00
 * programme); one weekly slot per station on Saturdays and a few once-only announcements; some
 * exception dates. 121 slots, about 400 occurrences and 100 conflicts a week.
 *
 * Anchor: sending the same answer (slots, occurrences, conflicts) across a window's wire,
 * JSON.stringify then JSON.parse, measured in the same run. Each figure is the median of many runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LiveTarget, ScheduleSlot, Station, Weekday } from '../src-main/contract';
import {
  findConflicts,
  planOccurrences,
  ScheduleStore,
  scheduleTables,
  weekAround,
} from '../src-main/schedule';
import { Database, Store } from '../src-main/store';
import type { Benchmark } from './benchmark';

const GROUPS = 10;
const PER_GROUP = 5;
const RUNS = 60;

function stations(): Station[] {
  const list: Station[] = [];
  for (let g = 0; g < GROUPS; g++)
    for (let i = 0; i < PER_GROUP; i++)
      list.push({
        code: `XA-${g}${i}`,
        name: `Xã ${g}-${i}`,
        unitCode: null,
        unitName: null,
        group: `Cụm ${g}`,
        reach: { kind: 'pull' },
        enabled: true,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      });
  return list;
}

type NewSlot = Omit<ScheduleSlot, 'id' | 'createdAt'>;

function slot(at: string, lengthSeconds: number, target: LiveTarget, change: Partial<NewSlot> = {}): NewSlot {
  return {
    title: `Mục ${at}`,
    at,
    repeat: { kind: 'daily' },
    play: 'file:/srv/audio/ban-tin.mp3',
    lengthSeconds,
    target,
    priority: 'normal',
    sha256: 'ab'.repeat(32),
    skipDates: [],
    enabled: true,
    createdBy: 'bench',
    ...change,
  };
}

function districtSchedule(week: string[]): NewSlot[] {
  const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
  const slots: NewSlot[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const group: LiveTarget = { kind: 'group', group: `Cụm ${g}` };
    // Exceptions: a few groups skip a morning or an evening this week.
    slots.push(slot('06:00:00', 1800, group, g % 3 === 0 ? { skipDates: [week[2]!] } : {}));
    slots.push(slot('11:00:00', 1800, group));
    slots.push(slot('17:00:00', 2700, group, g % 4 === 0 ? { skipDates: [week[5]!, week[6]!] } : {}));
    slots.push(
      slot('07:00:00', 3 * 3600, group, {
        play: 'url:http://vov.example/vov1',
        sha256: null,
        repeat: { kind: 'weekly', days: weekdays },
      }),
    );
    slots.push(slot('19:00:00', 3600, group, { play: 'url:http://tinh.example/ptth', sha256: null }));
  }
  slots.push(slot('11:15:00', 300, { kind: 'all' }, { priority: 'priority' }));
  for (const s of stations()) {
    slots.push(
      slot(
        '16:00:00',
        1200,
        { kind: 'stations', codes: [s.code] },
        { repeat: { kind: 'weekly', days: ['sat'] } },
      ),
    );
  }
  for (let i = 0; i < 20; i++) {
    const codes = [`XA-${i % GROUPS}${i % PER_GROUP}`, `XA-${(i + 3) % GROUPS}${(i + 1) % PER_GROUP}`];
    slots.push(
      slot(
        `0${6 + (i % 3)}:${String((i * 7) % 60).padStart(2, '0')}:00`,
        600,
        { kind: 'stations', codes },
        {
          repeat: { kind: 'once', date: week[i % 7]! },
          priority: i % 5 === 0 ? 'emergency' : 'priority',
        },
      ),
    );
  }
  return slots;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'schedule week plan + conflicts (50 stations)',
    anchor: 'JSON round trip of the same week',
    async run() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-bench-schedule-'));
      const database = Database.open(path.join(dir, 'studio.sqlite'), [scheduleTables]);
      try {
        const store = await ScheduleStore.open(new Store(dir), database.sql);
        const { fromMs, toMs } = weekAround(new Date(2026, 11, 9).getTime());
        const week = Array.from({ length: 7 }, (_, i) => {
          const d = new Date(fromMs + (i * 86_400_000 + 43_200_000));
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        });
        database.transaction(() => {
          for (const s of districtSchedule(week)) store.add(s);
        });
        const registry = stations();
        const plan = () => {
          const slots = store.list();
          const occurrences = planOccurrences(slots, registry, fromMs, toMs);
          return { slots, occurrences, conflicts: findConflicts(occurrences) };
        };
        let answer = plan();
        const ours: number[] = [];
        const anchor: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          let t0 = performance.now();
          answer = plan();
          ours.push(performance.now() - t0);
          t0 = performance.now();
          JSON.parse(JSON.stringify(answer));
          anchor.push(performance.now() - t0);
        }
        return {
          ours: median(ours),
          anchor: median(anchor),
          unit: 'ms',
          target: '≤ 100 ms',
          note: `${answer.slots.length} slots, ${answer.occurrences.length} occurrences, ${answer.conflicts.length} conflicts in the week; median of ${RUNS}`,
        };
      } finally {
        database.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
