/** The outbox's SQL: the only place with SQL about `outbox_items`. */
import type { BulletinAiring, BulletinStatus, OutboxItem, OutboxState } from '../contract';
import { preparedOnce, type Sql, type SqlStatement } from '../store';

export type OutboxPriority = OutboxItem['priority'];
const RANK: Record<OutboxPriority, number> = { normal: 0, priority: 1, emergency: 2 };
const PRIORITY_OF = ['normal', 'priority', 'emergency'] as const;

/** An item as the runner needs it: the contract's view and what only main keeps. */
export interface StoredOutboxItem extends OutboxItem {
  file: string;
  idempotencyKey: string;
  uploadUrl: string | null;
  submission: string | null;
  /** The body as the adapter first sent it (`ProvincialAdapter.bulletinBody`). */
  body: string | null;
  queuedByUserId: string | null;
}

export interface NewOutboxItem {
  id: string;
  programmeId: string;
  title: string;
  sha256: string;
  file: string;
  bytes: number;
  idempotencyKey: string;
  priority: OutboxPriority;
  queuedAt: string;
  queuedByUserId: string | null;
  queuedByName: string | null;
}

/** What an attempt changes on its item; absent fields are kept. */
export interface OutboxChange {
  state?: OutboxState;
  uploadUrl?: string | null;
  bytesSent?: number;
  attempts?: number;
  lastError?: string | null;
  nextAttemptAt?: string | null;
  submission?: string | null;
  body?: string | null;
  bulletinId?: string | null;
  sentAt?: string | null;
  bulletinStatus?: BulletinStatus | null;
  bulletinReason?: string | null;
  scheduledAt?: string | null;
  airings?: BulletinAiring[];
  statusCheckedAt?: string | null;
  programmeChangedAt?: string | null;
}

interface Row {
  id: string;
  programmeId: string;
  title: string;
  sha256: string;
  file: string;
  bytes: number;
  idempotencyKey: string;
  state: OutboxState;
  priority: number;
  uploadUrl: string | null;
  bytesSent: number;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  submission: string | null;
  body: string | null;
  bulletinId: string | null;
  queuedAt: string;
  queuedByUserId: string | null;
  queuedByName: string | null;
  sentAt: string | null;
  bulletinStatus: BulletinStatus | null;
  bulletinReason: string | null;
  scheduledAt: string | null;
  airings: string;
  statusCheckedAt: string | null;
  programmeChangedAt: string | null;
}

const COLUMNS = `id, programme_id AS programmeId, title, sha256, file, bytes,
  idempotency_key AS idempotencyKey, state, priority, upload_url AS uploadUrl, bytes_sent AS bytesSent,
  attempts, last_error AS lastError, next_attempt_at AS nextAttemptAt, submission, body,
  bulletin_id AS bulletinId, queued_at AS queuedAt, queued_by_user_id AS queuedByUserId,
  queued_by_name AS queuedByName, sent_at AS sentAt, bulletin_status AS bulletinStatus,
  bulletin_reason AS bulletinReason, scheduled_at AS scheduledAt, airings,
  status_checked_at AS statusCheckedAt, programme_changed_at AS programmeChangedAt`;

/** Items still on their way: what a run takes and a restart resumes. */
const ACTIVE = `state IN ('queued', 'uploading', 'publishing')`;

/** Bulletins the province holds (sent, neither rejected nor withdrawn): a changed programme marks them. */
const HELD = `state = 'sent' AND bulletin_id IS NOT NULL
  AND (bulletin_status IS NULL OR bulletin_status NOT IN ('rejected', 'withdrawn'))`;

/**
 * Sent bulletins whose status may still change (the sync asks about them): not rejected or
 * withdrawn, and not aired by every target unit of its submission (until then more communes may
 * report). The same rule as `statusIsFinal` in bulletin-status.ts, so years of aired bulletins
 * are not read at every sync.
 */
const UNSETTLED = `${HELD}
  AND NOT (bulletin_status = 'aired' AND NOT EXISTS (
    SELECT 1 FROM json_each(submission, '$.targetUnits') AS unit
    WHERE unit.value NOT IN (SELECT json_extract(a.value, '$.unitCode') FROM json_each(airings) AS a)))`;

const fromRow = ({ queuedByName, priority, airings, ...row }: Row): StoredOutboxItem => ({
  ...row,
  priority: PRIORITY_OF[priority] ?? 'normal',
  queuedBy: queuedByName,
  airings: JSON.parse(airings) as BulletinAiring[],
});

/** The contract's view: no file path, key, upload URL or body. */
export function publicItem(item: StoredOutboxItem): OutboxItem {
  const { file, idempotencyKey, uploadUrl, submission, body, queuedByUserId, ...view } = item;
  void [file, idempotencyKey, uploadUrl, submission, body, queuedByUserId];
  return view;
}

const CHANGE_COLUMNS: Record<keyof OutboxChange, string> = {
  state: 'state',
  uploadUrl: 'upload_url',
  bytesSent: 'bytes_sent',
  attempts: 'attempts',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
  submission: 'submission',
  body: 'body',
  bulletinId: 'bulletin_id',
  sentAt: 'sent_at',
  bulletinStatus: 'bulletin_status',
  bulletinReason: 'bulletin_reason',
  scheduledAt: 'scheduled_at',
  airings: 'airings',
  statusCheckedAt: 'status_checked_at',
  programmeChangedAt: 'programme_changed_at',
};

export class OutboxRepository {
  private readonly prepare: (source: string) => SqlStatement;

  /** `changed` hears every write (an item added, or the fields an update set): the outbox's events. */
  constructor(
    sql: Sql,
    private readonly changed: (id: string, change: OutboxChange | 'added') => void = () => undefined,
  ) {
    this.prepare = preparedOnce(sql);
  }

  add(item: NewOutboxItem): void {
    this.prepare(
      `INSERT INTO outbox_items (id, programme_id, title, sha256, file, bytes, idempotency_key, state,
         priority, queued_at, queued_by_user_id, queued_by_name)
       VALUES (@id, @programmeId, @title, @sha256, @file, @bytes, @idempotencyKey, 'queued', @priority,
         @queuedAt, @queuedByUserId, @queuedByName)`,
    ).run({ ...item, priority: RANK[item.priority] });
    this.changed(item.id, 'added');
  }

  get(id: string): StoredOutboxItem | null {
    const row = this.prepare(`SELECT ${COLUMNS} FROM outbox_items WHERE id = ?`).get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * The item that carries this master of the programme: on its way, or sent and still held by the
   * province for the programme as it is. Not one that failed or was cancelled, nor a bulletin the
   * province rejected or the station withdrew, nor one sent before the programme changed: queuing
   * the master again then makes a new item (and a new bulletin).
   */
  liveFor(programmeId: string, sha256: string): StoredOutboxItem | null {
    const row = this.prepare(
      `SELECT ${COLUMNS} FROM outbox_items
       WHERE programme_id = ? AND sha256 = ? AND (${ACTIVE} OR (${HELD} AND programme_changed_at IS NULL))
       ORDER BY queued_at DESC LIMIT 1`,
    ).get(programmeId, sha256) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  list(): StoredOutboxItem[] {
    return (
      this.prepare(`SELECT ${COLUMNS} FROM outbox_items ORDER BY queued_at DESC, rowid DESC`).all() as Row[]
    ).map(fromRow);
  }

  /** Items on their way, in sending order: emergency first, then priority, then the oldest. */
  active(): StoredOutboxItem[] {
    return (
      this.prepare(
        `SELECT ${COLUMNS} FROM outbox_items WHERE ${ACTIVE} ORDER BY priority DESC, queued_at, rowid`,
      ).all() as Row[]
    ).map(fromRow);
  }

  /** Sent bulletins whose status may still change, the least recently read first. */
  unsettled(): StoredOutboxItem[] {
    return (
      this.prepare(
        `SELECT ${COLUMNS} FROM outbox_items WHERE ${UNSETTLED}
         ORDER BY status_checked_at IS NOT NULL, status_checked_at, sent_at, rowid`,
      ).all() as Row[]
    ).map(fromRow);
  }

  /** The item that published this bulletin. */
  byBulletin(bulletinId: string): StoredOutboxItem | null {
    const row = this.prepare(`SELECT ${COLUMNS} FROM outbox_items WHERE bulletin_id = ?`).get(bulletinId) as
      Row | undefined;
    return row ? fromRow(row) : null;
  }

  /**
   * The programme went back to draft at `at`: its sent bulletins still at the province (not
   * rejected or withdrawn) are marked, unless marked already. Answers the items it marked.
   */
  markProgrammeChanged(programmeId: string, at: string): StoredOutboxItem[] {
    const ids = (
      this.prepare(
        `SELECT id FROM outbox_items WHERE programme_id = ? AND ${HELD} AND programme_changed_at IS NULL`,
      ).all(programmeId) as Array<{ id: string }>
    ).map((r) => r.id);
    return ids.map((id) => this.update(id, { programmeChangedAt: at }));
  }

  update(id: string, change: OutboxChange): StoredOutboxItem {
    const keys = (Object.keys(change) as Array<keyof OutboxChange>).filter((k) => change[k] !== undefined);
    if (keys.length > 0) {
      // The statement depends only on which fields change: a handful of shapes, each prepared once.
      const sets = keys.map((k) => `${CHANGE_COLUMNS[k]} = @${k}`).join(', ');
      const values =
        change.airings === undefined ? change : { ...change, airings: JSON.stringify(change.airings) };
      this.prepare(`UPDATE outbox_items SET ${sets} WHERE id = @id`).run({ ...values, id });
    }
    const item = this.get(id);
    if (!item) throw new Error(`outbox item ${id} vanished`);
    if (keys.length > 0) this.changed(id, change);
    return item;
  }
}
