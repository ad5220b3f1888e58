/**
 * The index of programmes in the records database (programme-tables.ts): the only place with SQL
 * about the programmes' tables.
 */
import type { ProgrammeSummary } from '../contract';
import type { Sql } from '../store';

export class ProgrammeIndex {
  constructor(private readonly sql: Sql) {}

  /** Newest first (the latest change), then by id: those in use, or (`inTrash`) those in the trash. */
  list(inTrash: boolean): ProgrammeSummary[] {
    const where = inTrash ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL';
    const rows = this.sql
      .prepare(`SELECT summary FROM programmes WHERE ${where} ORDER BY updated_at DESC, id ASC`)
      .all() as Array<{ summary: string }>;
    return rows.map((r) => JSON.parse(r.summary) as ProgrammeSummary);
  }

  /** Every programme, in the trash or not, in the order they were made. */
  all(): ProgrammeSummary[] {
    const rows = this.sql.prepare('SELECT summary FROM programmes ORDER BY created_at, id').all() as Array<{
      summary: string;
    }>;
    return rows.map((r) => JSON.parse(r.summary) as ProgrammeSummary);
  }

  has(id: string): boolean {
    return this.sql.prepare('SELECT 1 FROM programmes WHERE id = ?').get(id) !== undefined;
  }

  /** Writes a programme's summary (a new programme, or its latest state). */
  put(s: ProgrammeSummary): void {
    this.sql
      .prepare(
        `INSERT INTO programmes (id, title, date, created_at, updated_at, deleted_at, summary)
         VALUES (@id, @title, @date, @createdAt, @updatedAt, @deletedAt, @summary)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, date = excluded.date,
           created_at = excluded.created_at, updated_at = excluded.updated_at,
           deleted_at = excluded.deleted_at, summary = excluded.summary`,
      )
      .run({
        id: s.id,
        title: s.title,
        date: s.date,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        deletedAt: s.deletedAt,
        summary: JSON.stringify(s),
      });
  }

  remove(id: string): void {
    this.sql.prepare('DELETE FROM programmes WHERE id = ?').run(id);
  }
}
