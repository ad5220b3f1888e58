/** The notifications' SQL: the only place with SQL about `notifications` and `notification_reads`. */
import type { NotificationKind, StudioNotification } from '../contract';
import { preparedOnce, type Sql, type SqlStatement } from '../store';

export interface NewNotification {
  at: string;
  kind: NotificationKind;
  audience: { userId: string } | { permission: string };
  programmeId: string | null;
  title: string;
  byUserId: string | null;
  byName: string | null;
  comment: string | null;
  emergency: boolean;
}

/** Whose notifications: a user (null: the local admin), the key of their read marks, their permissions. */
export interface Reader {
  userId: string | null;
  key: string;
  permissions: readonly string[];
}

/**
 * The notifications a reader sees: addressed to their user or to a permission they hold, and not
 * about something they did themselves (the local admin, who does everything, sees all).
 */
const VISIBLE = `
  (n.audience_user_id = @userId OR n.audience_permission IN (SELECT value FROM json_each(@permissions)))
  AND (@userId IS NULL OR n.by_user_id IS NULL OR n.by_user_id <> @userId)`;

const params = (r: Reader) => ({ userId: r.userId, key: r.key, permissions: JSON.stringify(r.permissions) });

interface Row {
  id: number;
  at: string;
  kind: NotificationKind;
  programmeId: string | null;
  title: string;
  byUserId: string | null;
  byName: string | null;
  comment: string | null;
  emergency: number;
  read: number;
}

export class NotificationRepository {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  add(n: NewNotification): number {
    const info = this.prepare(
      `INSERT INTO notifications (at, kind, audience_user_id, audience_permission, programme_id, title,
         by_user_id, by_name, comment, emergency)
       VALUES (@at, @kind, @audienceUserId, @audiencePermission, @programmeId, @title, @byUserId, @byName,
         @comment, @emergency)`,
    ).run({
      at: n.at,
      kind: n.kind,
      audienceUserId: 'userId' in n.audience ? n.audience.userId : null,
      audiencePermission: 'permission' in n.audience ? n.audience.permission : null,
      programmeId: n.programmeId,
      title: n.title,
      byUserId: n.byUserId,
      byName: n.byName,
      comment: n.comment,
      emergency: n.emergency ? 1 : 0,
    });
    return Number(info.lastInsertRowid);
  }

  list(reader: Reader, limit: number): StudioNotification[] {
    const rows = this.prepare(
      `SELECT n.id, n.at, n.kind, n.programme_id AS programmeId, n.title, n.by_user_id AS byUserId,
         n.by_name AS byName, n.comment, n.emergency, (r.reader IS NOT NULL) AS read
       FROM notifications n
       LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.reader = @key
       WHERE ${VISIBLE}
       ORDER BY n.id DESC LIMIT @limit`,
    ).all({ ...params(reader), limit }) as Row[];
    return rows.map((r) => ({ ...r, emergency: r.emergency === 1, read: r.read === 1 }));
  }

  unread(reader: Reader): number {
    return (
      this.prepare(
        `SELECT COUNT(*) AS n FROM notifications n
         WHERE ${VISIBLE}
           AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.reader = @key)`,
      ).get(params(reader)) as { n: number }
    ).n;
  }

  /** Marks read those of `ids` (or, when null, every one) the reader sees; returns how many were newly marked. */
  markRead(reader: Reader, ids: readonly number[] | null, at: string): number {
    // One statement each: all of them are marked, or none.
    if (ids === null) {
      return this.prepare(
        `INSERT OR IGNORE INTO notification_reads (notification_id, reader, read_at)
         SELECT n.id, @key, @at FROM notifications n WHERE ${VISIBLE}`,
      ).run({ ...params(reader), at }).changes;
    }
    return this.prepare(
      `INSERT OR IGNORE INTO notification_reads (notification_id, reader, read_at)
       SELECT n.id, @key, @at FROM notifications n
       WHERE n.id IN (SELECT value FROM json_each(@ids)) AND ${VISIBLE}`,
    ).run({ ...params(reader), at, ids: JSON.stringify(ids) }).changes;
  }
}
