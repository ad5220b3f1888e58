/**
 * The schedule's runner on a test studio's real live service (schedule-runner*.test.ts): a log kept
 * in memory, a planner of one-date slots, slots of tone files at 06:00:SS today, two stations each
 * heard by a tone receiver, and the runner on a clock set to a chosen instant before the hour.
 */
import { afterEach } from 'vitest';
import type {
  BroadcastInterruption,
  BroadcastLogEntry,
  BroadcastReception,
  ScheduleOccurrence,
  ScheduleSettings,
  ScheduleSlot,
  Station,
} from '../../src-main/contract';
import { resolveTarget } from '../../src-main/live/live-targets';
import { scaledClock } from '../../src-main/schedule/schedule-clock';
import { ScheduleRunner, type ScheduleLogSink } from '../../src-main/schedule/schedule-runner';
import { sha256OfFile } from '../../src-main/platform/file-hash';
import { freePort } from './icecast';
import { useToneEars, type Ear } from './tone-ear';
import type { TestStudio } from './test-studio';

/** The broadcast log as the runner writes it, kept in memory. */
export function memoryLog(): ScheduleLogSink & { entries: BroadcastLogEntry[] } {
  const entries: BroadcastLogEntry[] = [];
  const byId = (id: string) => entries.find((e) => e.id === id)!;
  let n = 0;
  return {
    entries,
    begin(entry) {
      const id = `e${++n}`;
      entries.push({ ...entry, id, actualEnd: null, outcome: null, note: null, interruptions: [] });
      return id;
    },
    interrupt(id, i: BroadcastInterruption) {
      byId(id).interruptions.push(i);
    },
    received(id, stations: BroadcastReception[]) {
      byId(id).stations = stations;
    },
    end(id, at, outcome, note) {
      Object.assign(byId(id), { actualEnd: at, outcome, note: note ?? null });
    },
    skipped(entry) {
      const id = `e${++n}`;
      entries.push({ ...entry, id });
      return id;
    },
  };
}

/** A stand-in for the schedule's planner, one-date slots only. */
export function planOnce(
  slots: readonly ScheduleSlot[],
  stations: readonly Station[],
  fromMs: number,
  toMs: number,
) {
  const out: ScheduleOccurrence[] = [];
  for (const slot of slots) {
    if (!slot.enabled || slot.repeat.kind !== 'once') continue;
    const [y, m, d] = slot.repeat.date.split('-').map(Number);
    const [h, mi, s] = slot.at.split(':').map(Number);
    const startMs = new Date(y!, m! - 1, d!, h, mi, s).getTime();
    const endMs = startMs + slot.lengthSeconds * 1000;
    if (endMs <= fromMs || startMs >= toMs) continue;
    const codes = resolveTarget(stations, slot.target).map((x) => x.code);
    out.push({ slotId: slot.id, date: slot.repeat.date, startMs, endMs, priority: slot.priority, codes });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
}

export const HOUR = '06:00';
export const today = new Date();
export const DATE = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
export const T0 = new Date(today.getFullYear(), today.getMonth(), today.getDate(), 6, 0, 0).getTime();

export async function slotOf(
  id: string,
  second: number,
  file: string,
  lengthSeconds: number,
  priority: ScheduleSlot['priority'],
): Promise<ScheduleSlot> {
  return {
    id,
    title: `Mục ${id}`,
    at: `${HOUR}:${String(second).padStart(2, '0')}`,
    repeat: { kind: 'once', date: DATE },
    play: `file:${file}`,
    lengthSeconds,
    target: { kind: 'all' },
    priority,
    sha256: await sha256OfFile(file),
    skipDates: [],
    enabled: true,
    createdAt: new Date().toISOString(),
    createdBy: 'test',
  };
}

/** A studio with two stations on a free port, and a receiver on each station's MP3 stream. */
async function stationsHeard(t: TestStudio, listenToTones: (url: string) => Ear) {
  const port = await freePort();
  await t.call('live.configure', { port });
  await t.call('stations.configure', { streamBaseUrl: `http://127.0.0.1:${port}` });
  const ears = new Map<string, Ear>();
  for (const code of ['XA-A', 'XA-B']) {
    await t.call('stations.add', { code, name: `Xã ${code.slice(3)}` });
    const s = await t.call('stations.streams', { code });
    ears.set(code, listenToTones(s.streams.find((x) => x.codec === 'mp3')!.url));
  }
  return ears;
}

function runnerOf(
  closers: Array<() => void | Promise<void>>,
  t: TestStudio,
  slots: ScheduleSlot[],
  settings: ScheduleSettings,
  clockAtMs: number,
  log = memoryLog(),
) {
  const clock = scaledClock({ startMs: clockAtMs });
  const runner = new ScheduleRunner({
    schedule: { list: () => slots, settings: () => settings, onChange: () => () => undefined },
    plan: planOnce,
    stations: () => t.studio.services.stations.list().stations,
    live: t.studio.services.live,
    log,
    approvedMaster: () => Promise.reject(new Error('no programme in this test')),
    clock,
    logger: t.studio.log,
  });
  closers.push(() => runner.stop());
  return { runner, log, clock };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const startLate = (e: BroadcastLogEntry) => Date.parse(e.actualStart) - Date.parse(e.scheduledStart!);

/** The rig for one test file: its runners stopped and its receivers closed after each test. */
export function useScheduleRig() {
  const listenToTones = useToneEars();
  const closers: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return {
    stationsHeard: (t: TestStudio) => stationsHeard(t, listenToTones),
    runnerOf: (
      t: TestStudio,
      slots: ScheduleSlot[],
      settings: ScheduleSettings,
      clockAtMs: number,
      log = memoryLog(),
    ) => runnerOf(closers, t, slots, settings, clockAtMs, log),
  };
}
