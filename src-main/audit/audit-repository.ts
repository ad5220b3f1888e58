/** The audit log's index: the only place with SQL about `audit_entries` (audit-tables.ts). */
import { preparedOnce, type Sql, type SqlStatement } from '../store';

export interface AuditIndexRow {
  seq: number;
  at: string;
  userId: string | null;
  host: string;
  action: string;
  objectKind: string | null;
  objectId: string | null;
  file: string;
  line: number;
  sha256: string;
}

const COLUMNS = `seq, at, user_id AS userId, host, action, object_kind AS objectKind,
  object_id AS objectId, file, line, sha256`;

export class AuditRepository {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  insert(row: AuditIndexRow): void {
    this.prepare(
      `INSERT INTO audit_entries (seq, at, user_id, host, action, object_kind, object_id, file, line, sha256)
       VALUES (@seq, @at, @userId, @host, @action, @objectKind, @objectId, @file, @line, @sha256)`,
    ).run(row);
  }

  get(seq: number): AuditIndexRow | undefined {
    return this.prepare(`SELECT ${COLUMNS} FROM audit_entries WHERE seq = ?`).get(seq) as
      AuditIndexRow | undefined;
  }

  /** The highest seq in the index, 0 when it is empty. */
  maxSeq(): number {
    return (this.prepare('SELECT MAX(seq) AS m FROM audit_entries').get() as { m: number | null }).m ?? 0;
  }

  /** The first row outside `1..last`: a row whose line is no longer in the files. */
  firstOutside(last: number): AuditIndexRow | undefined {
    return this.prepare(
      `SELECT ${COLUMNS} FROM audit_entries WHERE seq < 1 OR seq > ? ORDER BY seq LIMIT 1`,
    ).get(last) as AuditIndexRow | undefined;
  }
}
