/**
 * The index of programmes in the records database (programme-tables.ts): the only place with SQL
 * about the programmes' tables.
 */
import type { ProgrammeApprovalState, ProgrammeSummary } from '../contract';
import { preparedOnce, type Sql, type SqlStatement } from '../store';

export class ProgrammeIndex {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  /**
   * Newest first (the latest change), then by id: those in use, or (`inTrash`) those in the trash;
   * only those in `approvalState` when given.
   */
  list(inTrash: boolean, approvalState?: ProgrammeApprovalState): ProgrammeSummary[] {
    const where = inTrash ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
    const rows = (
      approvalState === undefined
        ? this.prepare(`SELECT summary FROM programmes WHERE ${where} ORDER BY updated_at DESC, id ASC`).all()
        : this.prepare(
            `SELECT summary FROM programmes WHERE ${where} AND approval_state = ?
             ORDER BY updated_at DESC, id ASC`,
          ).all(approvalState)
    ) as Array<{ summary: string }>;
    return rows.map((r) => JSON.parse(r.summary) as ProgrammeSummary);
  }

  /** Every programme, in the trash or not, in the order they were made. */
  all(): ProgrammeSummary[] {
    const rows = this.prepare('SELECT summary FROM programmes ORDER BY created_at, id').all() as Array<{
      summary: string;
    }>;
    return rows.map((r) => JSON.parse(r.summary) as ProgrammeSummary);
  }

  has(id: string): boolean {
    return this.prepare('SELECT 1 FROM programmes WHERE id = ?').get(id) !== undefined;
  }

  /** Who made a programme (null: the local admin) and its title; undefined when there is none. */
  owner(id: string): { createdBy: string | null; title: string } | undefined {
    return this.prepare('SELECT created_by AS createdBy, title FROM programmes WHERE id = ?').get(id) as
      { createdBy: string | null; title: string } | undefined;
  }

  /** Writes a programme's summary (a new programme, or its latest state). */
  put(s: ProgrammeSummary): void {
    this.prepare(
      `INSERT INTO programmes (id, title, date, created_at, updated_at, deleted_at, created_by, approval_state, summary)
       VALUES (@id, @title, @date, @createdAt, @updatedAt, @deletedAt, @createdBy, @approvalState, @summary)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, date = excluded.date,
         created_at = excluded.created_at, updated_at = excluded.updated_at,
         deleted_at = excluded.deleted_at, created_by = excluded.created_by,
         approval_state = excluded.approval_state, summary = excluded.summary`,
    ).run({
      id: s.id,
      title: s.title,
      date: s.date,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      deletedAt: s.deletedAt,
      createdBy: s.createdBy,
      approvalState: s.approval.state,
      summary: JSON.stringify(s),
    });
  }

  remove(id: string): void {
    this.prepare('DELETE FROM programmes WHERE id = ?').run(id);
  }
}
