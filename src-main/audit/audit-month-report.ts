/**
 * The monthly report of the audit log (`audit.monthReport`, `studio audit report`): the month's
 * entries by action group and by user, the whole chain checked, and the chain's head at the
 * month's end read from the log files. Printed and kept elsewhere, the head proves later that no
 * entry up to it was rewritten: rewriting one changes the `prev` of every line after it, so the
 * head's hash too.
 *
 * A module that grows: issue 17 adds the month's airtime beside these figures.
 */
import {
  AUDIT_ACTION_GROUPS,
  auditActionGroup,
  type AuditActionGroup,
  type AuditEntry,
  type AuditMonthReport,
} from '../contract';
import { GENESIS } from './audit-files';
import type { AuditLog } from './audit-log';
import { localMonthBounds } from './audit-time';
import type { AuditNames } from './audit-viewer';

export async function auditMonthReport(
  log: AuditLog,
  names: AuditNames,
  month: string,
  now: Date = new Date(),
): Promise<AuditMonthReport> {
  const { from, to } = localMonthBounds(month);
  const end = Date.parse(to);
  // The last intact entry made before the month's end, as the files have it.
  let head: { seq: number; sha256: string; at: string | null } = { seq: 0, sha256: GENESIS, at: null };
  const chain = await log.verify((entry: AuditEntry, sha256) => {
    if (Date.parse(entry.at) < end) head = { seq: entry.seq, sha256, at: entry.at };
  });
  // A broken chain vouches only for the entries before the break: if the month's last entry (by
  // the index) is past it, no head can be given.
  const lastInIndex = log.entries.page({ to }, 0, 1)[0]?.seq ?? 0;
  const vouched = chain.ok || lastInIndex <= chain.entries;

  const counts = log.entries.countsBy({ from, to });
  const byGroup = new Map<AuditActionGroup, number>();
  const byUser = new Map<string | null, number>();
  for (const { action, userId, n } of counts) {
    const group = auditActionGroup(action);
    byGroup.set(group, (byGroup.get(group) ?? 0) + n);
    byUser.set(userId, (byUser.get(userId) ?? 0) + n);
  }
  return {
    month,
    from,
    to,
    entries: counts.reduce((sum, c) => sum + c.n, 0),
    byGroup: AUDIT_ACTION_GROUPS.map((group) => ({ group, count: byGroup.get(group) ?? 0 })),
    byUser: [...byUser]
      .map(([userId, count]) => ({
        userId,
        userName: userId === null ? null : names.userName(userId),
        count,
      }))
      .sort((a, b) => b.count - a.count || String(a.userId).localeCompare(String(b.userId))),
    chain,
    head: vouched ? head : null,
    generatedAt: now.toISOString(),
  };
}
