/**
 * The retention rule (issue 17; Decree 08/2017 art. 7): approved programmes' masters and the
 * as-aired recording are kept at least the months of one setting (the monitor's
 * `retentionMonths`: 12 by default, never under 6). Past that they are only listed, with their
 * size; nothing is deleted until an archivist confirms the items (`delete`, audited by the router).
 *
 * A master is kept from the later of its approval and its last airing in the broadcast log; an
 * as-aired day from the day itself. Ids: `master:<programmeId>`, `as-aired:<channel>/<YYYY-MM-DD>`.
 */
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RetentionDeleteResult, RetentionDueItem, RetentionDueList } from '../../contract';
import type { BroadcastLog } from '../../broadcast-log/broadcast-log';
import type { Logger } from '../../platform/logger';
import type { ProgrammeService } from '../../programme/programme-service';

/** An as-aired day past the rule, as the recorder lists it (the archive may not import live/). */
export interface DueRecordingDay {
  channel: string;
  day: string;
  path: string;
  dueSince: string;
  bytes: number;
  segments: number;
}

export interface RetentionDeps {
  /** The rule in months (already at least 6). */
  months: () => number;
  asAiredDue: () => Promise<DueRecordingDay[]>;
  /** Removes a day if it is due now; the bytes freed, or null. */
  removeAsAiredDay: (channel: string, day: string) => Promise<number | null>;
  programmes: Pick<ProgrammeService, 'list' | 'get'>;
  broadcastLog: Pick<BroadcastLog, 'list'>;
  log: Logger;
  now?: () => number;
}

const APPROVED = new Set(['approved', 'sent', 'aired']);
/** Every entry of the log is read to find a programme's last airing: a year is a few thousand. */
const LOG_LIMIT = 1_000_000;

export class Retention {
  private readonly now: () => number;

  constructor(private readonly deps: RetentionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** What the rule allows to delete now, oldest first, with the total size. */
  async list(): Promise<RetentionDueList> {
    const months = this.deps.months();
    const days = (await this.deps.asAiredDue()).map((d): RetentionDueItem => ({
      id: `as-aired:${d.channel}/${d.day}`,
      kind: 'as-aired',
      title: `Bản ghi phát sóng kênh ${d.channel}, ngày ${vnDay(d.day)} (${d.segments} đoạn)`,
      dueSince: d.dueSince,
      sizeBytes: d.bytes,
      file: d.path,
    }));
    const masters = await this.dueMasters(months);
    const items = [...days, ...masters].sort(
      (a, b) => a.dueSince.localeCompare(b.dueSince) || a.id.localeCompare(b.id),
    );
    return { months, items, totalBytes: items.reduce((sum, i) => sum + i.sizeBytes, 0) };
  }

  /** Deletes the items asked for that are due now (the list is read again: nothing else goes). */
  async delete(ids: readonly string[]): Promise<RetentionDeleteResult> {
    const due = new Map((await this.list()).items.map((i) => [i.id, i]));
    const result: RetentionDeleteResult = { deleted: [], refused: [], totalBytes: 0 };
    for (const id of [...new Set(ids)]) {
      const item = due.get(id);
      if (!item) {
        result.refused.push({
          id,
          reason: 'Mục này chưa hết thời hạn lưu trữ hoặc không còn nữa, nên không bị xoá.',
        });
        continue;
      }
      let bytes: number | null;
      if (item.kind === 'as-aired') {
        const [channel, day] = id.slice('as-aired:'.length).split('/') as [string, string];
        bytes = await this.deps.removeAsAiredDay(channel, day);
      } else {
        bytes = await this.removeMaster(id.slice('master:'.length));
      }
      if (bytes === null) {
        result.refused.push({ id, reason: 'Mục này không còn hết hạn lưu trữ nữa, nên không bị xoá.' });
        continue;
      }
      result.deleted.push({ id, bytes });
      result.totalBytes += bytes;
    }
    return result;
  }

  private async dueMasters(months: number): Promise<RetentionDueItem[]> {
    const approved = this.deps.programmes.list(false).filter((p) => APPROVED.has(p.approval.state));
    if (approved.length === 0) return [];
    const lastAired = new Map<string, string>();
    for (const e of this.deps.broadcastLog.list({ limit: LOG_LIMIT }).entries) {
      if (!e.spec.startsWith('programme:') || e.outcome === 'skipped' || e.outcome === 'failed') continue;
      const id = e.spec.slice('programme:'.length);
      const at = e.actualEnd ?? new Date(this.now()).toISOString();
      if ((lastAired.get(id) ?? '') < at) lastAired.set(id, at);
    }
    const out: RetentionDueItem[] = [];
    for (const summary of approved) {
      const masters = await this.masterFiles(summary.id);
      if (!masters) continue;
      const kept = [masters.approvedAt, lastAired.get(summary.id) ?? ''].sort().at(-1) as string;
      const dueSince = addMonths(kept, months);
      if (Date.parse(dueSince) > this.now() || masters.files.length === 0) continue;
      out.push({
        id: `master:${summary.id}`,
        kind: 'master',
        title: `Bản gốc “${summary.title}”`,
        dueSince,
        sizeBytes: masters.files.reduce((sum, f) => sum + f.bytes, 0),
        file: masters.files.find((f) => f.file.endsWith('.wav'))?.file ?? (masters.files[0]?.file as string),
      });
    }
    return out;
  }

  /** The approved render's files still on disk, and when it was approved. */
  private async masterFiles(
    programmeId: string,
  ): Promise<{ approvedAt: string; files: Array<{ file: string; bytes: number }> } | null> {
    const p = await this.deps.programmes.get(programmeId).catch(() => null);
    if (!p?.lastRender) return null;
    const approvedAt = p.approval.history.findLast((s) => s.state === 'approved')?.at;
    if (!approvedAt) return null;
    const files: Array<{ file: string; bytes: number }> = [];
    for (const f of p.lastRender.files) {
      const st = await stat(f.file).catch(() => null);
      if (st?.isFile()) files.push({ file: f.file, bytes: st.size });
    }
    return { approvedAt, files };
  }

  private async removeMaster(programmeId: string): Promise<number | null> {
    const masters = await this.masterFiles(programmeId);
    if (!masters || masters.files.length === 0) return null;
    let bytes = 0;
    for (const f of masters.files) {
      await rm(f.file, { force: true });
      bytes += f.bytes;
    }
    this.deps.log.info(`Master of ${programmeId} removed after confirmation`, {
      files: masters.files.map((f) => path.basename(f.file)),
      bytes,
    });
    return bytes;
  }
}

/** An ISO instant `months` later (the same local day of the month, or the month's last). */
function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const target = new Date(d.getFullYear(), d.getMonth() + months, 1, d.getHours(), d.getMinutes());
  const last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
  target.setDate(Math.min(d.getDate(), last));
  return target.toISOString();
}

function vnDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
