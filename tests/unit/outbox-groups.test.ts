/**
 * The Publish workspace's sections and each row's actions (issue 14): the queue in the order the
 * outbox sends it (emergency first, then the oldest), the history newest first, and which of
 * "Thử lại", "Huỷ", "Thu hồi" a row offers in each state.
 */
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src-main/contract';
import { groupItems, rowActions } from '../../src-renderer/workspaces/publish/outbox-groups';

let n = 0;
function item(patch: Partial<OutboxItem>): OutboxItem {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    programmeId: 'p'.repeat(32),
    title: `Bản tin ${n}`,
    sha256: 'a'.repeat(64),
    bytes: 1000,
    state: 'queued',
    priority: 'normal',
    bytesSent: 0,
    attempts: 0,
    lastError: null,
    nextAttemptAt: null,
    bulletinId: null,
    queuedAt: '2026-12-07T03:00:00.000Z',
    queuedBy: null,
    sentAt: null,
    bulletinStatus: null,
    bulletinReason: null,
    scheduledAt: null,
    airings: [],
    statusCheckedAt: null,
    programmeChangedAt: null,
    ...patch,
  };
}

describe('groupItems', () => {
  it('orders the sections and, within them, the queue as it is sent and the history newest first', () => {
    const oldNormal = item({ title: 'cũ', queuedAt: '2026-12-07T01:00:00.000Z' });
    const newEmergency = item({ title: 'khẩn', priority: 'emergency', queuedAt: '2026-12-07T02:00:00.000Z' });
    const priority = item({ title: 'ưu tiên', priority: 'priority', queuedAt: '2026-12-07T02:30:00.000Z' });
    const uploading = item({ title: 'đang tải', state: 'uploading' });
    const failed = item({ title: 'lỗi', state: 'failed' });
    const sentEarly = item({ title: 'gửi sớm', state: 'sent', sentAt: '2026-12-06T08:00:00.000Z' });
    const sentLate = item({ title: 'gửi muộn', state: 'sent', sentAt: '2026-12-07T08:00:00.000Z' });
    const cancelled = item({ title: 'huỷ', state: 'cancelled' });
    const groups = groupItems([
      sentEarly,
      oldNormal,
      cancelled,
      priority,
      sentLate,
      newEmergency,
      failed,
      uploading,
    ]);
    expect(groups.map((g) => [g.group, g.items.map((i) => i.title)])).toEqual([
      ['sending', ['đang tải']],
      ['waiting', ['khẩn', 'ưu tiên', 'cũ']],
      ['failed', ['lỗi']],
      ['sent', ['gửi muộn', 'gửi sớm']],
      ['cancelled', ['huỷ']],
    ]);
  });

  it('leaves out empty sections', () => {
    expect(groupItems([item({ state: 'publishing' })]).map((g) => g.group)).toEqual(['sending']);
    expect(groupItems([])).toEqual([]);
  });
});

describe('rowActions', () => {
  it('retries what failed or waits for its next try, not what waits for its first turn', () => {
    expect(rowActions(item({ state: 'failed' })).retry).toBe(true);
    expect(rowActions(item({ nextAttemptAt: '2026-12-07T03:05:00.000Z' })).retry).toBe(true);
    expect(rowActions(item({})).retry).toBe(false);
    expect(rowActions(item({ state: 'sent', bulletinId: 'b1' })).retry).toBe(false);
  });

  it('cancels only before a bulletin may exist', () => {
    expect(rowActions(item({})).cancel).toBe(true);
    expect(rowActions(item({ state: 'uploading' })).cancel).toBe(true);
    expect(rowActions(item({ state: 'failed' })).cancel).toBe(true);
    expect(rowActions(item({ state: 'publishing' })).cancel).toBe(false);
    expect(rowActions(item({ state: 'failed', bulletinId: 'b1' })).cancel).toBe(false);
    expect(rowActions(item({ state: 'cancelled' })).cancel).toBe(false);
  });

  it('withdraws a bulletin the province holds and has not aired, refused or withdrawn', () => {
    const sent = (bulletinStatus: OutboxItem['bulletinStatus']) =>
      rowActions(item({ state: 'sent', bulletinId: 'b1', bulletinStatus })).withdraw;
    expect(
      [null, 'received', 'accepted', 'scheduled'].map((s) => sent(s as OutboxItem['bulletinStatus'])),
    ).toEqual([true, true, true, true]);
    expect(['rejected', 'aired', 'withdrawn'].map((s) => sent(s as OutboxItem['bulletinStatus']))).toEqual([
      false,
      false,
      false,
    ]);
    expect(rowActions(item({ state: 'queued' })).withdraw).toBe(false);
  });
});
