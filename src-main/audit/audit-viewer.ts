/**
 * The audit viewer's answers (`audit.list`, `audit.exportCsv`), from the log's index in the records
 * database: filters, pages newest first, and every matching entry as CSV. The names people know
 * (a user's, a programme's title) come from the services that own them, through `AuditNames`.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import {
  auditActionGroup,
  StudioError,
  type AuditCsvExport,
  type AuditFilter,
  type AuditListEntry,
  type AuditListPage,
} from '../contract';
import type { AuditLog } from './audit-log';
import { CSV_BOM, csvRow } from '../platform/csv';
import type { AuditChainedRow, AuditIndexQuery } from './audit-repository';
import { localDayStart } from './audit-time';

/** Names the studio knows today; null when it knows none (the local admin, something removed). */
export interface AuditNames {
  userName(userId: string): string | null;
  /** Looks up many objects at once (a page's): `kind:id` → title. */
  objectTitles(objects: ReadonlyArray<{ kind: string | null; id: string }>): Map<string, string>;
}

export const noAuditNames: AuditNames = { userName: () => null, objectTitles: () => new Map() };

/** Rows an export reads from the index at a time. */
const EXPORT_CHUNK = 1_000;

export const CSV_HEADER = [
  'Số thứ tự',
  'Thời điểm (UTC)',
  'Người dùng',
  'Máy',
  'Hành động',
  'Đối tượng',
  'Chi tiết',
  'Mã băm dòng trước',
];

export class AuditViewer {
  constructor(
    private readonly log: AuditLog,
    private readonly names: AuditNames = noAuditNames,
  ) {}

  list(filter: AuditFilter, offset: number, limit: number): AuditListPage {
    const q = this.query(filter);
    const index = this.log.entries;
    const rows = index.page(q, offset, limit);
    const titles = this.names.objectTitles(objectsOf(rows));
    const users = index
      .users()
      .map((userId) => ({ userId, userName: userId === null ? null : this.names.userName(userId) }))
      .sort((a, b) => (a.userName ?? a.userId ?? '').localeCompare(b.userName ?? b.userId ?? '', 'vi'));
    return { entries: rows.map((r) => this.entry(r, titles)), total: index.count(q), users };
  }

  /**
   * Writes every matching entry, oldest first, to `file` (through `file.part`, renamed when whole:
   * a failed export leaves no half file under the chosen name). Refuses a file that is there
   * unless `overwrite`.
   */
  async exportCsv(file: string, filter: AuditFilter, overwrite: boolean): Promise<AuditCsvExport> {
    if (!overwrite && (await exists(file))) {
      throw new StudioError(
        'CONFLICT',
        'Đã có một tệp trùng tên ở đó. Hãy đặt tên khác, hoặc xác nhận ghi đè.',
      );
    }
    const q = this.query(filter);
    const part = `${file}.${randomUUID().slice(0, 8)}.part`;
    const handle = await open(part, 'wx');
    let rows = 0;
    try {
      await handle.write(CSV_BOM + csvRow(CSV_HEADER));
      for (let after = 0; ;) {
        const chunk = this.log.entries.after(q, after, EXPORT_CHUNK);
        if (chunk.length === 0) break;
        const titles = this.names.objectTitles(objectsOf(chunk));
        await handle.write(chunk.map((r) => csvRow(csvValues(this.entry(r, titles)))).join(''));
        rows += chunk.length;
        after = (chunk.at(-1) as AuditChainedRow).seq;
      }
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(part, { force: true });
      throw err;
    }
    await handle.close();
    await rename(part, file);
    return { file, rows, sizeBytes: (await stat(file)).size };
  }

  /** The filter in the index's terms: days as instants, a group as the call names in it. */
  private query(filter: AuditFilter): AuditIndexQuery {
    const q: AuditIndexQuery = {};
    if (filter.from) q.from = localDayStart(filter.from);
    if (filter.to) q.to = localDayStart(filter.to, 1);
    if (filter.userId !== undefined) q.userId = filter.userId;
    if (filter.objectId) q.objectId = filter.objectId;
    if (filter.text) q.text = filter.text;
    if (filter.group !== undefined || filter.action !== undefined) {
      const candidates = filter.action !== undefined ? [filter.action] : this.log.entries.actions();
      q.actions = candidates.filter(
        (a) => filter.group === undefined || auditActionGroup(a) === filter.group,
      );
    }
    return q;
  }

  private entry(row: AuditChainedRow, titles: Map<string, string>): AuditListEntry {
    return {
      seq: row.seq,
      at: row.at,
      userId: row.userId,
      userName: row.userId === null ? null : this.names.userName(row.userId),
      host: row.host,
      action: row.action,
      group: auditActionGroup(row.action),
      objectKind: row.objectKind,
      objectId: row.objectId,
      objectTitle: row.objectId === null ? null : (titles.get(`${row.objectKind}:${row.objectId}`) ?? null),
      details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
      sha256: row.sha256,
      prev: row.prev,
    };
  }
}

function objectsOf(rows: readonly AuditChainedRow[]): Array<{ kind: string | null; id: string }> {
  return rows.flatMap((r) => (r.objectId === null ? [] : [{ kind: r.objectKind, id: r.objectId }]));
}

/** A row of the CSV: the columns of `CSV_HEADER`. */
function csvValues(e: AuditListEntry): Array<string | number | null> {
  const user =
    e.userId === null ? 'Quản trị (máy này)' : e.userName ? `${e.userName} (${e.userId})` : e.userId;
  const object =
    e.objectId === null
      ? ''
      : `${e.objectKind ?? ''}:${e.objectId}${e.objectTitle ? ` “${e.objectTitle}”` : ''}`;
  return [e.seq, e.at, user, e.host, e.action, object, e.details ? JSON.stringify(e.details) : '', e.prev];
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
