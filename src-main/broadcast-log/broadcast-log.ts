/**
 * The broadcast log (nhật ký phát sóng, issue 16): what aired, where, when and for how long, as the
 * schedule's runner and the live desk report it (`BroadcastLogSink`), read by `broadcastLog.list`,
 * the CSV export, the archive and the monthly reports. Nobody edits an entry: only its writer
 * completes it (stations heard, interruptions, end).
 */
import { randomUUID } from 'node:crypto';
import {
  StudioError,
  type BroadcastInterruption,
  type BroadcastLogEntry,
  type BroadcastLogList,
  type BroadcastLogQuery,
  type BroadcastReception,
} from '../contract';
import type { Sql } from '../store';
import type { BroadcastLogSink } from './broadcast-log-sink';
import { BroadcastLogRepository, type BroadcastLogRange } from './broadcast-log-repository';

/** What `list` answers at most at once when the caller names no limit. */
export const DEFAULT_LIST_LIMIT = 1_000;

export class BroadcastLog implements BroadcastLogSink {
  readonly repo: BroadcastLogRepository;

  constructor(
    sql: Sql,
    /** Told after every write (the `broadcastLog.changed` event). */
    private readonly changed: (id: string) => void = () => undefined,
  ) {
    this.repo = new BroadcastLogRepository(sql);
  }

  begin(entry: Omit<BroadcastLogEntry, 'id' | 'actualEnd' | 'outcome' | 'note' | 'interruptions'>): string {
    return this.add({ ...entry, actualEnd: null, outcome: null, note: null, interruptions: [] });
  }

  interrupt(id: string, interruption: BroadcastInterruption): void {
    const item = { ...interruption, at: instant(interruption.at) };
    this.must(id, this.repo.addInterruption(id, item));
  }

  received(id: string, stations: BroadcastReception[]): void {
    this.must(id, this.repo.setStations(id, stations));
  }

  end(
    id: string,
    at: string,
    outcome: NonNullable<BroadcastLogEntry['outcome']>,
    note?: string | null,
  ): void {
    this.must(id, this.repo.finish(id, instant(at), outcome, note ?? null));
  }

  skipped(entry: Omit<BroadcastLogEntry, 'id'>): string {
    return this.add(entry);
  }

  /**
   * A break of the whole air (an encoder restarted) noted on every entry on air now that reaches
   * one of `codes`. Returns the entries noted.
   */
  interruptOnAir(codes: readonly string[], interruption: BroadcastInterruption): string[] {
    const reached = new Set(codes);
    const noted: string[] = [];
    for (const e of this.repo.open()) {
      if (!e.stations.some((s) => reached.has(s.code))) continue;
      this.interrupt(e.id, interruption);
      noted.push(e.id);
    }
    return noted;
  }

  get(id: string): BroadcastLogEntry | null {
    return this.repo.get(id);
  }

  /** Entries overlapping the range (and heard by the station), oldest first. */
  list(query: BroadcastLogQuery): BroadcastLogList {
    const range = rangeOf(query);
    return {
      entries: this.repo.list(range, 0, query.limit ?? DEFAULT_LIST_LIMIT),
      total: this.repo.count(range),
    };
  }

  private add(entry: Omit<BroadcastLogEntry, 'id'>): string {
    const id = randomUUID();
    this.repo.insert({
      ...entry,
      id,
      actualStart: instant(entry.actualStart),
      actualEnd: entry.actualEnd === null ? null : instant(entry.actualEnd),
      scheduledStart: entry.scheduledStart === null ? null : instant(entry.scheduledStart),
      scheduledEnd: entry.scheduledEnd === null ? null : instant(entry.scheduledEnd),
      interruptions: entry.interruptions.map((i) => ({ ...i, at: instant(i.at) })),
    });
    this.changed(id);
    return id;
  }

  private must(id: string, found: boolean): void {
    if (!found) throw new StudioError('NOT_FOUND', `Không có mục nhật ký phát sóng ${id}.`);
    this.changed(id);
  }
}

/** Stored instants are UTC ISO (…Z) so that their text order is their time order. */
function instant(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new StudioError('INVALID_REQUEST', `Thời điểm không hợp lệ: ${at}`);
  return new Date(ms).toISOString();
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A query's bounds as instants: a day (`YYYY-MM-DD`) is this machine's calendar day, `to` included
 * whole; anything else is an instant.
 */
export function rangeOf(query: BroadcastLogQuery): BroadcastLogRange {
  const bound = (value: string | undefined, nextDay: boolean): string | null => {
    if (value === undefined) return null;
    const day = DAY.exec(value);
    if (!day) return instant(value);
    const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
    return new Date(y, m - 1, d + (nextDay ? 1 : 0)).toISOString();
  };
  return {
    from: bound(query.from, false),
    to: bound(query.to, true),
    station: query.station ?? null,
  };
}
