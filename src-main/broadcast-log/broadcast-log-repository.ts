/** The broadcast log's SQL: the only place with SQL about `broadcast_log`. */
import type {
  BroadcastInterruption,
  BroadcastKind,
  BroadcastLogEntry,
  BroadcastReception,
} from '../contract';
import { preparedOnce, type Sql, type SqlStatement } from '../store';

/** A range of instants (UTC ISO) and a station, as the repository filters them. */
export interface BroadcastLogRange {
  /** Entries still on air at or after this instant. */
  from: string | null;
  /** Entries that began before this instant. */
  to: string | null;
  station: string | null;
}

interface Row {
  id: string;
  kind: BroadcastKind;
  title: string;
  spec: string;
  sha256: string | null;
  slotId: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  actualStart: string;
  actualEnd: string | null;
  startedBy: string;
  stations: string;
  interruptions: string;
  outcome: BroadcastLogEntry['outcome'];
  note: string | null;
}

const COLUMNS = `id, kind, title, spec, sha256, slot_id AS slotId, scheduled_start AS scheduledStart,
  scheduled_end AS scheduledEnd, actual_start AS actualStart, actual_end AS actualEnd,
  started_by AS startedBy, stations, interruptions, outcome, note`;

const WHERE = `
  (@to IS NULL OR actual_start < @to)
  AND (@from IS NULL OR actual_end IS NULL OR actual_end >= @from)
  AND (@station IS NULL OR EXISTS (
    SELECT 1 FROM json_each(broadcast_log.stations) s WHERE json_extract(s.value, '$.code') = @station))`;

export class BroadcastLogRepository {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  insert(e: BroadcastLogEntry): void {
    this.prepare(
      `INSERT INTO broadcast_log (id, kind, title, spec, sha256, slot_id, scheduled_start, scheduled_end,
         actual_start, actual_end, started_by, stations, interruptions, outcome, note)
       VALUES (@id, @kind, @title, @spec, @sha256, @slotId, @scheduledStart, @scheduledEnd, @actualStart,
         @actualEnd, @startedBy, @stations, @interruptions, @outcome, @note)`,
    ).run({
      ...e,
      stations: JSON.stringify(e.stations),
      interruptions: JSON.stringify(e.interruptions),
    });
  }

  /** Appends an interruption; false when there is no such entry. */
  addInterruption(id: string, interruption: BroadcastInterruption): boolean {
    const info = this.prepare(
      `UPDATE broadcast_log SET interruptions = json_insert(interruptions, '$[#]', json(@item)) WHERE id = @id`,
    ).run({ id, item: JSON.stringify(interruption) });
    return info.changes > 0;
  }

  setStations(id: string, stations: BroadcastReception[]): boolean {
    const info = this.prepare(`UPDATE broadcast_log SET stations = @stations WHERE id = @id`).run({
      id,
      stations: JSON.stringify(stations),
    });
    return info.changes > 0;
  }

  finish(
    id: string,
    at: string,
    outcome: NonNullable<BroadcastLogEntry['outcome']>,
    note: string | null,
  ): boolean {
    const info = this.prepare(
      `UPDATE broadcast_log SET actual_end = @at, outcome = @outcome, note = COALESCE(@note, note) WHERE id = @id`,
    ).run({ id, at, outcome, note });
    return info.changes > 0;
  }

  get(id: string): BroadcastLogEntry | null {
    const row = this.prepare(`SELECT ${COLUMNS} FROM broadcast_log WHERE id = ?`).get(id) as Row | undefined;
    return row ? entryOf(row) : null;
  }

  count(range: BroadcastLogRange): number {
    const row = this.prepare(`SELECT count(*) AS n FROM broadcast_log WHERE ${WHERE}`).get(range) as {
      n: number;
    };
    return row.n;
  }

  /** Oldest first, `limit` at a time after `offset`. */
  list(range: BroadcastLogRange, offset: number, limit: number): BroadcastLogEntry[] {
    const rows = this.prepare(
      `SELECT ${COLUMNS} FROM broadcast_log WHERE ${WHERE}
       ORDER BY actual_start, rowid LIMIT @limit OFFSET @offset`,
    ).all({ ...range, offset, limit }) as Row[];
    return rows.map(entryOf);
  }

  /** Entries still on air (no end), oldest first: what a crash or a restart left open. */
  open(): BroadcastLogEntry[] {
    const rows = this.prepare(
      `SELECT ${COLUMNS} FROM broadcast_log WHERE outcome IS NULL ORDER BY actual_start, rowid`,
    ).all() as Row[];
    return rows.map(entryOf);
  }
}

function entryOf(row: Row): BroadcastLogEntry {
  return {
    ...row,
    stations: JSON.parse(row.stations) as BroadcastReception[],
    interruptions: JSON.parse(row.interruptions) as BroadcastInterruption[],
  };
}
