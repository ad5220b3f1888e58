/**
 * Reports benchmark (issue 17): a month's airtime report over a year of broadcast log for 50
 * stations, as `report.airtime` makes it: the twelve months' entries read from the records database
 * (SQLite) and added up by language, with the ethnic share's trend (`computeAirtime`). Target ≤ 1 s.
 *
 * The year is a district's: 10 groups of 5 communes, each group every day with 3 programmes (30, 30
 * and 45 min; Vietnamese with a Tày, Mông or Dao part) and 2 relays (3 h, 1 h), and a priority
 * bulletin to all 50 stations: 51 entries a day, 18,615 in the year, 102,200 station receptions.
 *
 * Anchor: a plain linear scan of the same entries in the same run: one SELECT of the year's
 * `stations` column, each parsed and its seconds summed per station. Each figure is the median.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BroadcastLog } from '../src-main/broadcast-log/broadcast-log';
import { broadcastLogTables } from '../src-main/broadcast-log/broadcast-log-tables';
import { DEFAULT_STATION_LANGUAGES, type BroadcastLogEntry } from '../src-main/contract';
import { computeAirtime, localMonthRange, type ProgrammeFacts } from '../src-main/reports/airtime';
import { entriesOfYearTo } from '../src-main/reports/reports-service';
import { Database } from '../src-main/store';
import type { Benchmark } from './benchmark';

const GROUPS = 10;
const PER_GROUP = 5;
const RUNS = 7;
const MONTH = '2026-11';
const ETHNIC = ['tyz', 'hnj', 'ium'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Programmes of the year: one per group and slot, each with its language mix. */
function programmes(): Map<string, ProgrammeFacts> {
  const map = new Map<string, ProgrammeFacts>();
  for (let g = 0; g < GROUPS; g++)
    for (const [slot, length] of [
      [0, 1800],
      [1, 1800],
      [2, 2700],
    ] as const) {
      map.set(`p${g}-${slot}`, {
        subject: ['Thời sự', 'Nông nghiệp', 'Y tế'][slot]!,
        durationSec: length,
        secondsByLanguage: { vie: length * 0.6, [ETHNIC[g % 3]!]: length * 0.3 },
      });
    }
  map.set('all', { subject: 'Phòng chống thiên tai', durationSec: 300, secondsByLanguage: { vie: 300 } });
  return map;
}

function writeYear(log: BroadcastLog): number {
  const [y, m] = MONTH.split('-').map(Number) as [number, number];
  let n = 0;
  const add = (
    title: string,
    spec: string,
    kind: BroadcastLogEntry['kind'],
    start: Date,
    seconds: number,
    codes: string[],
  ) => {
    log.skipped({
      kind,
      title,
      spec,
      sha256: null,
      slotId: null,
      scheduledStart: null,
      scheduledEnd: null,
      actualStart: start.toISOString(),
      actualEnd: new Date(start.getTime() + seconds * 1000).toISOString(),
      startedBy: 'Lịch phát',
      stations: codes.map((code) => ({ code, seconds })),
      interruptions: [],
      outcome: 'aired',
      note: null,
    });
    n++;
  };
  const all = Array.from(
    { length: GROUPS * PER_GROUP },
    (_, i) => `XA-${Math.floor(i / PER_GROUP)}${i % PER_GROUP}`,
  );
  for (
    let day = new Date(y, m - 12, 1);
    day < new Date(y, m, 1);
    day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)
  ) {
    const at = (h: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), h);
    for (let g = 0; g < GROUPS; g++) {
      const codes = all.slice(g * PER_GROUP, (g + 1) * PER_GROUP);
      add('Bản tin sáng', `programme:p${g}-0`, 'programme', at(6), 1800, codes);
      add('Tiếp sóng VOV1', 'url:http://127.0.0.1:9/vov1', 'relay', at(7), 3 * 3600, codes);
      add('Bản tin trưa', `programme:p${g}-1`, 'programme', at(11), 1800, codes);
      add('Bản tin chiều', `programme:p${g}-2`, 'programme', at(17), 2700, codes);
      add('Tiếp sóng tỉnh', 'url:http://127.0.0.1:9/tinh', 'relay', at(19), 3600, codes);
    }
    add('Thông báo khẩn', 'programme:all', 'programme', at(11), 300, all);
  }
  return n;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'airtime report of a month over a year of broadcast log (50 stations)',
    anchor: 'plain linear scan of the same entries',
    async run() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-bench-reports-'));
      const database = Database.open(path.join(dir, 'studio.sqlite'), [broadcastLogTables]);
      try {
        const log = new BroadcastLog(database.sql);
        const entries = database.transaction(() => writeYear(log));
        const facts = programmes();
        const report = () =>
          computeAirtime({
            month: MONTH,
            by: 'language',
            entries: entriesOfYearTo(log.repo, MONTH),
            programme: (id) => facts.get(id) ?? null,
            languages: DEFAULT_STATION_LANGUAGES,
            stationName: (code) => code,
            programmesByReporter: [],
            auditChainHead: '0'.repeat(64),
            generatedAt: new Date().toISOString(),
          });
        const from = localMonthRange('2025-12').from;
        const to = localMonthRange(MONTH).to;
        const scan = database.sql.prepare(
          'SELECT stations FROM broadcast_log WHERE actual_start >= ? AND actual_start < ?',
        );
        const plain = () => {
          const perStation = new Map<string, number>();
          for (const row of scan.iterate(from, to) as Iterable<{ stations: string }>)
            for (const s of JSON.parse(row.stations) as Array<{ code: string; seconds: number }>)
              perStation.set(s.code, (perStation.get(s.code) ?? 0) + s.seconds);
          return perStation;
        };
        let answer = report();
        plain();
        const ours: number[] = [];
        const anchor: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          let t0 = performance.now();
          answer = report();
          ours.push(performance.now() - t0);
          t0 = performance.now();
          plain();
          anchor.push(performance.now() - t0);
        }
        const share = (answer.ethnicShare * 100).toFixed(1);
        return {
          ours: median(ours),
          anchor: median(anchor),
          unit: 'ms',
          target: '≤ 1000 ms',
          note: `${entries} entries in the year, ${answer.rows.length} language rows, ${Math.round(answer.totalSeconds / 3600)} h in ${MONTH} (${share}% ethnic); median of ${RUNS}`,
        };
      } finally {
        database.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
