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
  /** The entry's details as JSON text, as `JSON.stringify` wrote them in its line; null without. */
  details: string | null;
  file: string;
  line: number;
  sha256: string;
}

/** An index row with the hash of the row before it (64 zeros before the first). */
export interface AuditChainedRow extends AuditIndexRow {
  prev: string;
}

/**
 * What the viewer asks for, already in the index's terms: instants (ISO, UTC; `from` included,
 * `to` excluded), the user (null: the local admin), call names (any of them), the object's id, and
 * a text looked for in the action, the object and the details.
 */
export interface AuditIndexQuery {
  from?: string;
  to?: string;
  userId?: string | null;
  actions?: readonly string[];
  objectId?: string;
  text?: string;
}

const COLUMNS = `seq, at, user_id AS userId, host, action, object_kind AS objectKind,
  object_id AS objectId, details, file, line, sha256`;

const GENESIS = '0'.repeat(64);

/** `%…%` for LIKE, with the text's own `%`, `_` and `\` taken literally. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The WHERE clause of a query and its parameters; the clause's text depends only on which filters are set. */
function where(q: AuditIndexQuery): { clause: string; params: Record<string, unknown> } {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.from !== undefined) {
    parts.push('at >= @from');
    params.from = q.from;
  }
  if (q.to !== undefined) {
    parts.push('at < @to');
    params.to = q.to;
  }
  if (q.userId === null) parts.push('user_id IS NULL');
  else if (q.userId !== undefined) {
    parts.push('user_id = @userId');
    params.userId = q.userId;
  }
  if (q.actions !== undefined) {
    parts.push('action IN (SELECT value FROM json_each(@actions))');
    params.actions = JSON.stringify(q.actions);
  }
  if (q.objectId !== undefined) {
    parts.push('object_id = @objectId');
    params.objectId = q.objectId;
  }
  if (q.text) {
    parts.push(
      `(action LIKE @text ESCAPE '\\' OR object_kind LIKE @text ESCAPE '\\' OR object_id LIKE @text ESCAPE '\\'
        OR user_id LIKE @text ESCAPE '\\' OR details LIKE @text ESCAPE '\\')`,
    );
    params.text = likePattern(q.text);
  }
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** What readers of the index may ask (the log alone inserts). */
export type AuditIndexReader = Pick<
  AuditRepository,
  'get' | 'actions' | 'users' | 'count' | 'page' | 'after' | 'countsBy'
>;

export class AuditRepository {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  insert(row: AuditIndexRow): void {
    this.prepare(
      `INSERT INTO audit_entries (seq, at, user_id, host, action, object_kind, object_id, details, file, line, sha256)
       VALUES (@seq, @at, @userId, @host, @action, @objectKind, @objectId, @details, @file, @line, @sha256)`,
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

  /** Every call name in the index (a few dozen at most): what an action group is matched against. */
  actions(): string[] {
    return (this.prepare('SELECT DISTINCT action FROM audit_entries').all() as Array<{ action: string }>).map(
      (r) => r.action,
    );
  }

  /** Every user id in the index (null: the local admin), once each. */
  users(): Array<string | null> {
    return (
      this.prepare('SELECT DISTINCT user_id AS userId FROM audit_entries').all() as Array<{
        userId: string | null;
      }>
    ).map((r) => r.userId);
  }

  count(q: AuditIndexQuery): number {
    const { clause, params } = where(q);
    return (this.prepare(`SELECT COUNT(*) AS n FROM audit_entries ${clause}`).get(params) as { n: number }).n;
  }

  /** A page of the matching rows, newest first, each with the hash of the row before it. */
  page(q: AuditIndexQuery, offset: number, limit: number): AuditChainedRow[] {
    const { clause, params } = where(q);
    return this.prepare(
      `SELECT ${COLUMNS}, COALESCE((SELECT p.sha256 FROM audit_entries p WHERE p.seq = e.seq - 1), '${GENESIS}') AS prev
       FROM audit_entries e ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
    ).all({ ...params, limit, offset }) as AuditChainedRow[];
  }

  /**
   * Up to `limit` matching rows after `afterSeq`, oldest first: an export reads a whole year this
   * way, a chunk at a time, without holding the connection between chunks (appends go on).
   */
  after(q: AuditIndexQuery, afterSeq: number, limit: number): AuditChainedRow[] {
    const { clause, params } = where(q);
    const keyed = clause ? `${clause} AND seq > @afterSeq` : 'WHERE seq > @afterSeq';
    return this.prepare(
      `SELECT ${COLUMNS}, COALESCE((SELECT p.sha256 FROM audit_entries p WHERE p.seq = e.seq - 1), '${GENESIS}') AS prev
       FROM audit_entries e ${keyed} ORDER BY seq LIMIT @limit`,
    ).all({ ...params, afterSeq, limit }) as AuditChainedRow[];
  }

  /** How many matching rows each (action, user) pair has. */
  countsBy(q: AuditIndexQuery): Array<{ action: string; userId: string | null; n: number }> {
    const { clause, params } = where(q);
    return this.prepare(
      `SELECT action, user_id AS userId, COUNT(*) AS n FROM audit_entries ${clause} GROUP BY action, user_id`,
    ).all(params) as Array<{ action: string; userId: string | null; n: number }>;
  }
}
