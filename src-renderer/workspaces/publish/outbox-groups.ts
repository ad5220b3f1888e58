import type { OutboxItem } from '../../../src-main/contract';

/**
 * The Publish workspace's sections, in the order they show: what is on its way now, what waits
 * (its turn, or its next attempt), what failed for good, what the province holds, what was cancelled.
 */
export const OUTBOX_GROUPS = ['sending', 'waiting', 'failed', 'sent', 'cancelled'] as const;
export type OutboxGroup = (typeof OUTBOX_GROUPS)[number];

export function groupOf(item: OutboxItem): OutboxGroup {
  switch (item.state) {
    case 'uploading':
    case 'publishing':
      return 'sending';
    case 'queued':
      return 'waiting';
    case 'failed':
      return 'failed';
    case 'sent':
      return 'sent';
    case 'cancelled':
      return 'cancelled';
  }
}

const PRIORITY_RANK: Record<OutboxItem['priority'], number> = { emergency: 0, priority: 1, normal: 2 };

/**
 * The items by section, each in a useful order: waiting and sending ones as the outbox sends them
 * (emergency first, then the oldest queued), the history newest first (by when it was sent, else
 * queued). Empty sections are left out.
 */
export function groupItems(items: readonly OutboxItem[]): Array<{ group: OutboxGroup; items: OutboxItem[] }> {
  const out: Array<{ group: OutboxGroup; items: OutboxItem[] }> = [];
  for (const group of OUTBOX_GROUPS) {
    const mine = items.filter((i) => groupOf(i) === group);
    if (mine.length === 0) continue;
    mine.sort(group === 'sending' || group === 'waiting' ? bySendingOrder : newestFirst);
    out.push({ group, items: mine });
  }
  return out;
}

function bySendingOrder(a: OutboxItem, b: OutboxItem): number {
  return PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.queuedAt.localeCompare(b.queuedAt);
}

function newestFirst(a: OutboxItem, b: OutboxItem): number {
  return (b.sentAt ?? b.queuedAt).localeCompare(a.sentAt ?? a.queuedAt);
}

/** What a row offers; main refuses anything else regardless. */
export interface RowActions {
  /** "Thử lại": a failed item, or one waiting for its next attempt, becomes due now. */
  retry: boolean;
  /** "Huỷ": only before a bulletin may exist at the province (main refuses it after the first publish request). */
  cancel: boolean;
  /** "Thu hồi": a bulletin the province holds and has not aired, refused or withdrawn. */
  withdraw: boolean;
}

const CANCELLABLE = new Set<OutboxItem['state']>(['queued', 'uploading', 'failed']);
const WITHDRAWABLE = new Set<string | null>([null, 'received', 'accepted', 'scheduled']);

export function rowActions(item: OutboxItem): RowActions {
  const beforeBulletin = item.bulletinId === null;
  return {
    retry: item.state === 'failed' || (item.state === 'queued' && item.nextAttemptAt !== null),
    cancel: beforeBulletin && CANCELLABLE.has(item.state),
    withdraw: item.state === 'sent' && item.bulletinId !== null && WITHDRAWABLE.has(item.bulletinStatus),
  };
}
