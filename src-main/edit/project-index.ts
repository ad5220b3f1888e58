/**
 * The index of edit projects in the records database (edit-tables.ts): the only place with SQL
 * about the editor's tables.
 */
import type { EditProjectSummary } from '../contract';
import type { Sql } from '../store';

interface Row {
  id: string;
  asset_id: string;
  title: string;
  created_at: string;
  updated_at: string;
  duration_samples: number;
  history_length: number;
}

const COLUMNS = 'id, asset_id, title, created_at, updated_at, duration_samples, history_length';

export class ProjectIndex {
  constructor(private readonly sql: Sql) {}

  /** Newest first (the latest change), then by id; only one asset's when `assetId` is given. */
  list(assetId?: string): EditProjectSummary[] {
    const rows =
      assetId === undefined
        ? this.sql.prepare(`SELECT ${COLUMNS} FROM edit_projects ORDER BY updated_at DESC, id ASC`).all()
        : this.sql
            .prepare(
              `SELECT ${COLUMNS} FROM edit_projects WHERE asset_id = ? ORDER BY updated_at DESC, id ASC`,
            )
            .all(assetId);
    return (rows as Row[]).map(summary);
  }

  has(id: string): boolean {
    return this.sql.prepare('SELECT 1 FROM edit_projects WHERE id = ?').get(id) !== undefined;
  }

  /** Writes a project's summary (a new project, or its latest state). */
  put(s: EditProjectSummary): void {
    this.sql
      .prepare(
        `INSERT INTO edit_projects (${COLUMNS})
         VALUES (@id, @assetId, @title, @createdAt, @updatedAt, @durationSamples, @historyLength)
         ON CONFLICT (id) DO UPDATE SET asset_id = excluded.asset_id, title = excluded.title,
           created_at = excluded.created_at, updated_at = excluded.updated_at,
           duration_samples = excluded.duration_samples, history_length = excluded.history_length`,
      )
      .run({
        id: s.id,
        assetId: s.assetId,
        title: s.title,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        durationSamples: s.durationSamples,
        historyLength: s.historyLength,
      });
  }
}

function summary(r: Row): EditProjectSummary {
  return {
    id: r.id,
    assetId: r.asset_id,
    title: r.title,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    durationSamples: r.duration_samples,
    historyLength: r.history_length,
  };
}
