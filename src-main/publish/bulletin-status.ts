/**
 * The province's side of a sent item, kept in step with it: each bulletin whose status may still
 * change is read again through the adapter (`sync`, the background runner's periodic call and
 * `outbox.sync`), one bulletin is read again when the province nudges (`refresh`, the callback
 * receiver), and what the province answered to a publish or a withdrawal is recorded (`record`).
 * Only what the adapter read is recorded: a callback's body is never believed.
 *
 * Final, so never asked again: rejected, withdrawn, and aired once every target unit of the
 * bulletin reported it (until then more communes may still report, so it is asked again).
 */
import type { OutboxItem, OutboxSyncResult } from '../contract';
import { PublishError, type ProvincialAdapter, type PublishedBulletin } from './adapter';
import {
  publicItem,
  type OutboxChange,
  type OutboxRepository,
  type StoredOutboxItem,
} from './outbox-repository';

/** The first commune's airing report of a bulletin (null commune: the province named none). */
export interface ProgrammeAiring {
  airedAt: string;
  unitCode: string | null;
}

export interface BulletinStatusDeps {
  repo: OutboxRepository;
  /** The configured province's adapter; StudioError when not configured. */
  connect(): Promise<{ adapter: ProvincialAdapter }>;
  /** The item's bulletin aired (its first airing report): its programme moves to "đã phát". */
  aired(item: StoredOutboxItem, first: ProgrammeAiring): Promise<void>;
  log?: { warn(message: string, detail?: unknown): void };
  now?: () => Date;
}

/** Whether an item's bulletin can change no more at the province. */
export function statusIsFinal(
  item: Pick<StoredOutboxItem, 'bulletinStatus' | 'airings' | 'submission'>,
): boolean {
  if (item.bulletinStatus === 'rejected' || item.bulletinStatus === 'withdrawn') return true;
  if (item.bulletinStatus !== 'aired') return false;
  const aired = new Set(item.airings.map((a) => a.unitCode));
  return targetUnitsOf(item.submission).every((unit) => aired.has(unit));
}

function targetUnitsOf(submission: string | null): string[] {
  if (submission === null) return [];
  try {
    const units = (JSON.parse(submission) as { targetUnits?: unknown }).targetUnits;
    return Array.isArray(units) ? units.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return [];
  }
}

/** A failure that got no answer at all (the link is down): the rest of a sweep would get none either. */
function noAnswer(err: unknown): boolean {
  return err instanceof PublishError && err.unreachable;
}

export class BulletinStatusSync {
  private readonly now: () => Date;
  private sweeping: Promise<OutboxSyncResult> | null = null;
  /** Reads of one bulletin under way: a burst of nudges for it makes one request. */
  private readonly refreshing = new Map<string, Promise<OutboxItem | null>>();

  constructor(private readonly deps: BulletinStatusDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Reads the status of every sent bulletin whose status is not final, the least recently read
   * first; stops early when the province does not answer at all. One sweep at a time (a second
   * caller shares it).
   */
  sync(signal?: AbortSignal): Promise<OutboxSyncResult> {
    this.sweeping ??= this.sweep(signal).finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async sweep(signal?: AbortSignal): Promise<OutboxSyncResult> {
    const due = this.deps.repo.unsettled().filter((item) => !statusIsFinal(item));
    const result: OutboxSyncResult = { checked: 0, changed: 0, items: [], failed: 0, lastError: null };
    if (due.length === 0) return result;
    const { adapter } = await this.deps.connect();
    for (const item of due) {
      if (signal?.aborted) break;
      result.checked += 1;
      try {
        const bulletin = await adapter.bulletin(item.bulletinId as string, signal);
        const { item: now, changed } = this.record(item.id, bulletin);
        if (changed) result.items.push(publicItem(now));
        await this.followAiring(now);
      } catch (err) {
        if (signal?.aborted) break;
        result.failed += 1;
        result.lastError ??= err instanceof Error ? err.message : String(err);
        this.deps.log?.warn(
          `Bulletin ${item.bulletinId} status not read: ${err instanceof PublishError ? err.technical : String(err)}`,
        );
        if (noAnswer(err)) break;
      }
    }
    result.changed = result.items.length;
    return result;
  }

  /**
   * Reads one bulletin's status again (a callback's nudge): the item as it is now, or null when no
   * item of this studio published that bulletin.
   */
  refresh(bulletinId: string, signal?: AbortSignal): Promise<OutboxItem | null> {
    let reading = this.refreshing.get(bulletinId);
    if (!reading) {
      reading = this.readOne(bulletinId, signal).finally(() => this.refreshing.delete(bulletinId));
      this.refreshing.set(bulletinId, reading);
    }
    return reading;
  }

  private async readOne(bulletinId: string, signal?: AbortSignal): Promise<OutboxItem | null> {
    const item = this.deps.repo.byBulletin(bulletinId);
    if (!item) return null;
    const { adapter } = await this.deps.connect();
    const { item: now } = this.record(item.id, await adapter.bulletin(bulletinId, signal));
    await this.followAiring(now);
    return publicItem(now);
  }

  /**
   * An aired bulletin's programme is told, with the first commune's report, each time its status
   * is read (until it is final): marking is idempotent, and a programme that missed it once (a
   * failure, a publish answered "aired" before it was marked sent) is marked on the next read.
   */
  async followAiring(item: StoredOutboxItem): Promise<void> {
    if (item.bulletinStatus !== 'aired') return;
    const first = [...item.airings].sort((a, b) => Date.parse(a.airedAt) - Date.parse(b.airedAt))[0];
    try {
      await this.deps.aired(
        item,
        first
          ? { airedAt: first.airedAt, unitCode: first.unitCode }
          : { airedAt: this.now().toISOString(), unitCode: null },
      );
    } catch (err) {
      this.deps.log?.warn(`Programme ${item.programmeId} not marked aired`, err);
    }
  }

  /** Records what the province answered about an item's bulletin; `changed` when anything differs. */
  record(itemId: string, bulletin: PublishedBulletin): { item: StoredOutboxItem; changed: boolean } {
    const before = this.deps.repo.get(itemId);
    if (!before) throw new Error(`outbox item ${itemId} vanished`);
    if (bulletin.sha256 !== before.sha256) {
      // Not the audio this item sent: nothing of it is taken for this item's bulletin.
      throw new PublishError(
        'retry',
        'Hệ thống của tỉnh trả về bản tin có âm thanh khác bản đã gửi; studio không ghi nhận trạng thái này.',
        `bulletin ${bulletin.id}: sha256 ${bulletin.sha256}, sent ${before.sha256}`,
      );
    }
    const change: OutboxChange = {
      bulletinStatus: bulletin.status,
      bulletinReason: bulletin.reason,
      scheduledAt: bulletin.scheduledAt,
      airings: bulletin.airings,
    };
    const changed =
      before.bulletinStatus !== bulletin.status ||
      before.bulletinReason !== bulletin.reason ||
      before.scheduledAt !== bulletin.scheduledAt ||
      JSON.stringify(before.airings) !== JSON.stringify(bulletin.airings);
    const item = this.deps.repo.update(itemId, {
      ...(changed ? change : {}),
      statusCheckedAt: this.now().toISOString(),
    });
    return { item, changed };
  }
}
