/**
 * The outbox: approved programmes on their way to the province, one table row each
 * (`outbox-repository.ts`), sent by `run()` in order (emergency first, then the oldest).
 *
 * Each attempt checks the approved master again (the file must still hash to what was approved and
 * queued), resumes the upload from the server's offset, publishes with the key made when the item
 * was queued, and writes its progress to the table as it goes, so a restart, or a SIGKILL at any
 * moment, goes on where the province is. A failure worth retrying waits with exponential backoff
 * and jitter (capped); a refusal for good fails the item with the reason in Vietnamese.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { backoffDelay } from '../platform/backoff';
import {
  StudioError,
  type OutboxItem,
  type OutboxRunResult,
  type OutboxSyncResult,
  type QueuedOutboxItem,
} from '../contract';
import { PublishError, type BulletinSubmission, type ProvincialAdapter, type UploadSource } from './adapter';
import { BulletinStatusSync, type ProgrammeAiring } from './bulletin-status';
import {
  publicItem,
  type OutboxChange,
  type OutboxPriority,
  type OutboxRepository,
  type StoredOutboxItem,
} from './outbox-repository';

/** The approved master, as the programme's gate gives it (programme/approved-master.ts). */
export interface ApprovedAudio {
  programmeId: string;
  title: string;
  file: string;
  sha256: string;
  emergency: boolean;
}

/** What a bulletin says about a programme, from its metadata and its render (no audio, no station). */
export type BulletinFacts = Omit<BulletinSubmission, 'audio' | 'station'>;

/** Who queued an item: the programme is marked sent in their name. */
export interface Sender {
  userId: string | null;
  name: string | null;
}

/** What the studio itself refuses (not approved, no communes, gone): retrying would change nothing. */
const STUDIO_REFUSALS = new Set<string>([
  'PROGRAMME_NOT_APPROVED',
  'PROGRAMME_STATE',
  'PROGRAMME_IN_TRASH',
  'NOT_FOUND',
]);

/** The longest wait a province's Retry-After is granted. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export interface OutboxDeps {
  repo: OutboxRepository;
  /** The gate: the approved master, checked on disk now; PROGRAMME_NOT_APPROVED otherwise. */
  approvedMaster(programmeId: string): Promise<ApprovedAudio>;
  /** The bulletin's metadata of a programme. */
  bulletinFacts(programmeId: string): Promise<BulletinFacts>;
  /** The programme's approval moves to "đã gửi tỉnh" (once its bulletin is published). */
  markSent(programmeId: string, sha256: string, by: Sender): Promise<void>;
  /**
   * The programme's approval moves to "đã phát" (its bulletin's first airing report), only while it
   * is sent with exactly `sha256`; anything else leaves it as it is.
   */
  markAired(programmeId: string, sha256: string, airing: ProgrammeAiring): Promise<unknown>;
  /** An adapter for the configured province and the station's code; StudioError when not configured. */
  connect(): Promise<{ adapter: ProvincialAdapter; stationCode: string }>;
  fileSize(file: string): Promise<number>;
  /**
   * Where the province may POST status notices (the callback receiver), named in each new
   * submission; null or absent: none (the status is polled).
   */
  callbackUrl?: () => string | null;
  log?: { warn(message: string, detail?: unknown): void };
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** First retry's delay (default 2 s); doubled each failure, capped at `maxDelayMs` (default 10 min). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface RunOptions {
  /** Retry until nothing is waiting (default: each item due now once). */
  untilEmpty?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export class Outbox {
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private running: Promise<OutboxRunResult> | null = null;
  /** The attempt under way, so that cancelling its item stops it. */
  private inFlight: { itemId: string; controller: AbortController } | null = null;
  /** The province's status of sent bulletins (bulletin-status.ts). */
  readonly statuses: BulletinStatusSync;

  constructor(private readonly deps: OutboxDeps) {
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? sleep;
    this.statuses = new BulletinStatusSync({
      repo: deps.repo,
      connect: () => deps.connect(),
      aired: async (item, first) => {
        await deps.markAired(item.programmeId, item.sha256, first);
      },
      now: this.now,
      ...(deps.log ? { log: deps.log } : {}),
    });
  }

  /**
   * Asks the province for the status of every sent bulletin that may still change (not rejected,
   * withdrawn, or aired everywhere it was meant to) and records what changed: `outbox.sync`, and
   * what a background runner calls every few minutes.
   */
  sync(signal?: AbortSignal): Promise<OutboxSyncResult> {
    return this.statuses.sync(signal);
  }

  /**
   * The programme went back to draft (a change after approval): its bulletins still at the
   * province are marked (`programmeChangedAt`), for the Publish workspace to offer withdrawal. Not
   * withdrawn by itself: whether the old version should stop airing is the chief editor's call.
   */
  programmeChanged(programmeId: string): OutboxItem[] {
    return this.deps.repo.markProgrammeChanged(programmeId, this.now().toISOString()).map(publicItem);
  }

  /**
   * Queues the approved master of a programme. The same master queued again (still on its way, or
   * sent) answers the item that has it: a programme is delivered once.
   */
  async queue(programmeId: string, by: Sender): Promise<QueuedOutboxItem> {
    const master = await this.deps.approvedMaster(programmeId);
    const existing = this.deps.repo.liveFor(programmeId, master.sha256);
    if (existing) return { ...publicItem(existing), alreadyQueued: true };
    const facts = await this.deps.bulletinFacts(programmeId);
    const priority: OutboxPriority = master.emergency ? 'emergency' : facts.priority;
    const id = randomUUID();
    this.deps.repo.add({
      id,
      programmeId,
      title: master.title,
      sha256: master.sha256,
      file: master.file,
      bytes: await this.deps.fileSize(master.file),
      idempotencyKey: randomUUID(),
      priority,
      queuedAt: this.now().toISOString(),
      queuedByUserId: by.userId,
      queuedByName: by.name,
    });
    return { ...publicItem(this.stored(id)), alreadyQueued: false };
  }

  list(): OutboxItem[] {
    return this.deps.repo.list().map(publicItem);
  }

  /**
   * The item is not sent: allowed while no bulletin can exist at the province for it (queued,
   * uploading, or publishing, or failed, before its first publish request was made: the body is
   * kept just before that request). An attempt under way is stopped. Otherwise CONFLICT, pointing
   * to withdrawal. Cancelling a cancelled item answers it unchanged.
   */
  cancel(itemId: string): OutboxItem {
    const item = this.stored(itemId);
    if (item.state === 'cancelled') return publicItem(item);
    if (item.state === 'sent') {
      throw new StudioError(
        'CONFLICT',
        `"${item.title}" đã gửi lên tỉnh nên không huỷ được nữa. Nếu không muốn bản tin này được phát, hãy rút bản tin.`,
      );
    }
    if (item.submission !== null) {
      throw new StudioError(
        'CONFLICT',
        `"${item.title}" đã được gửi yêu cầu đăng bản tin lên tỉnh, nên bản tin có thể đã có ở đó: không huỷ được. ${
          item.state === 'failed'
            ? 'Hãy cho gửi lại để biết chắc, rồi rút bản tin nếu không muốn nó được phát.'
            : 'Hãy chờ gửi xong rồi rút bản tin.'
        }`,
      );
    }
    // Synchronous with the attempt's checks: an attempt sees this before its next step.
    const cancelled = this.deps.repo.update(itemId, { state: 'cancelled', nextAttemptAt: null });
    if (this.inFlight?.itemId === itemId) this.inFlight.controller.abort(new Error('cancelled'));
    return publicItem(cancelled);
  }

  /**
   * A failed item, or one waiting for its next attempt, becomes due now (a failed one goes back to
   * the queue, resuming where it was: the same upload, the same key and body). An item being sent
   * now answers unchanged; a sent or cancelled one is CONFLICT.
   */
  retry(itemId: string): OutboxItem {
    const item = this.stored(itemId);
    if (item.state === 'sent' || item.state === 'cancelled') {
      throw new StudioError(
        'CONFLICT',
        item.state === 'sent'
          ? `"${item.title}" đã gửi lên tỉnh, không cần gửi lại.`
          : `"${item.title}" đã bị huỷ; hãy đưa chương trình vào hàng đợi lại.`,
      );
    }
    if (item.state === 'failed') {
      // A failure in the publish step goes on publishing with its kept body (never a new key).
      const state = item.submission !== null ? 'publishing' : 'queued';
      return publicItem(this.deps.repo.update(itemId, { state, nextAttemptAt: null }));
    }
    if (item.nextAttemptAt === null) return publicItem(item);
    return publicItem(this.deps.repo.update(itemId, { nextAttemptAt: null }));
  }

  /**
   * The station withdraws a sent bulletin (received, accepted or scheduled at the province), with
   * its reason; what the province answers is recorded. Refused (CONFLICT) when the province no
   * longer allows it (rejected, aired), it was withdrawn already, or the item was never sent;
   * UNAVAILABLE when the province
   * cannot be reached (nothing changed: try again).
   */
  async withdraw(itemId: string, reason: string, signal?: AbortSignal): Promise<OutboxItem> {
    const item = this.stored(itemId);
    if (item.state !== 'sent' || item.bulletinId === null) {
      throw new StudioError(
        'CONFLICT',
        `"${item.title}" chưa được gửi lên tỉnh nên không có bản tin để rút. Nếu chưa muốn gửi, hãy huỷ mục này.`,
      );
    }
    if (item.bulletinStatus === 'withdrawn') {
      // Not answered unchanged: the audit log would show a second reason that never reached the province.
      throw new StudioError(
        'CONFLICT',
        `Bản tin "${item.title}" đã được rút trước đó${item.bulletinReason ? ` (lý do: ${item.bulletinReason})` : ''}.`,
      );
    }
    const { adapter } = await this.deps.connect();
    let bulletin;
    try {
      bulletin = await adapter.withdraw(item.bulletinId, reason, signal);
    } catch (err) {
      if (!(err instanceof PublishError)) throw err;
      this.deps.log?.warn(`Outbox ${item.id}: withdrawal: ${err.technical}`);
      if (err.kind === 'refused') {
        // The province knows better: its current status is read, so the workspace shows why.
        await this.statuses.refresh(item.bulletinId, signal).catch(() => undefined);
        throw new StudioError('CONFLICT', `Không rút được bản tin "${item.title}": ${err.message}`);
      }
      throw new StudioError('UNAVAILABLE', `Chưa rút được bản tin "${item.title}": ${err.message}`);
    }
    return publicItem(this.statuses.record(item.id, bulletin).item);
  }

  /** Sends what is queued; one run at a time (a second caller shares the running one). */
  run(options: RunOptions = {}): Promise<OutboxRunResult> {
    this.running ??= this.runOnce(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(options: RunOptions): Promise<OutboxRunResult> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const timeout = Number.isFinite(deadline) ? AbortSignal.timeout(options.timeoutMs as number) : null;
    const signal = AbortSignal.any([
      ...(options.signal ? [options.signal] : []),
      ...(timeout ? [timeout] : []),
    ]);
    const tried = new Set<string>();
    let connection: Awaited<ReturnType<OutboxDeps['connect']>> | null = null;
    for (;;) {
      if (signal.aborted) break;
      const active = this.deps.repo.active();
      const nowMs = this.now().getTime();
      const due = active.find(
        (i) =>
          (options.untilEmpty || !tried.has(i.id)) &&
          (i.nextAttemptAt === null || Date.parse(i.nextAttemptAt) <= nowMs),
      );
      if (due) {
        tried.add(due.id);
        connection ??= await this.deps.connect();
        await this.attempt(due, connection, signal);
        continue;
      }
      const waiting = active.filter((i) => options.untilEmpty || !tried.has(i.id));
      if (waiting.length === 0) break;
      if (!options.untilEmpty) {
        // Not due yet and not to wait for: left for a later run.
        break;
      }
      const next = Math.min(...waiting.map((i) => Date.parse(i.nextAttemptAt ?? '') || nowMs));
      const wait = Math.max(0, next - nowMs);
      if (Date.now() + wait > deadline) break;
      // An abort (timeout, shutdown) ends the wait; the loop then sees the signal and stops.
      await this.sleep(wait, signal).catch(() => undefined);
    }
    const items = [...tried].map((id) => publicItem(this.stored(id)));
    return {
      items,
      sent: items.filter((i) => i.state === 'sent').length,
      failed: items.filter((i) => i.state === 'failed').length,
      pending: this.deps.repo.active().length,
    };
  }

  /** One attempt at one item, from wherever it is; progress recorded as it goes. */
  private async attempt(
    item: StoredOutboxItem,
    connection: { adapter: ProvincialAdapter; stationCode: string },
    runSignal: AbortSignal,
  ): Promise<void> {
    const controller = new AbortController();
    this.inFlight = { itemId: item.id, controller };
    try {
      await this.attemptOnce(item, connection, AbortSignal.any([runSignal, controller.signal]), runSignal);
    } finally {
      this.inFlight = null;
    }
  }

  /** Refuses to go on with an item cancelled meanwhile (checked after each wait, before each write). */
  private notCancelled(id: string): void {
    if (this.deps.repo.get(id)?.state === 'cancelled') throw new CancelledItem();
  }

  private async attemptOnce(
    item: StoredOutboxItem,
    { adapter, stationCode }: { adapter: ProvincialAdapter; stationCode: string },
    signal: AbortSignal,
    runSignal: AbortSignal,
  ): Promise<void> {
    const attempts = item.attempts + 1;
    let current = item;
    try {
      this.notCancelled(item.id);
      current = this.deps.repo.update(item.id, { attempts });
      // The gate, right before anything leaves: still approved, still these bytes.
      const master = await this.deps.approvedMaster(item.programmeId);
      if (master.sha256 !== item.sha256 || path.resolve(master.file) !== path.resolve(item.file)) {
        throw new StudioError(
          'PROGRAMME_NOT_APPROVED',
          `Chương trình "${item.title}" đã được duyệt lại với bản gốc khác bản trong hàng đợi; hãy đưa bản mới vào hàng đợi.`,
        );
      }
      const source: UploadSource = {
        file: item.file,
        bytes: item.bytes,
        sha256: item.sha256,
        filename: `${item.programmeId}.wav`,
      };
      if (current.state !== 'publishing') current = await this.upload(current, adapter, source, signal);
      let submission = current.submission;
      if (submission === null) {
        const facts = await this.deps.bulletinFacts(item.programmeId);
        // The last moment a cancel wins: from here a bulletin may exist at the province.
        this.notCancelled(item.id);
        const body: BulletinSubmission = {
          ...facts,
          // The item's priority: an emergency approval makes it khẩn cấp whatever the metadata says.
          priority: current.priority,
          station: { code: stationCode },
          audio: { uploadId: adapter.uploadIdOf(current.uploadUrl as string), sha256: item.sha256 },
        };
        const callbackUrl = this.deps.callbackUrl?.() ?? null;
        if (callbackUrl !== null) body.callbackUrl = callbackUrl;
        submission = JSON.stringify(body);
        // Kept before it is sent: every retry under this key sends exactly these bytes.
        current = this.deps.repo.update(item.id, { submission, body: adapter.bulletinBody(body) });
      } else if (current.body === null) {
        // Published before the body was kept (outbox table v2): made once now, kept from here on.
        current = this.deps.repo.update(item.id, {
          body: adapter.bulletinBody(JSON.parse(submission) as BulletinSubmission),
        });
      }
      const bulletin = await adapter.publish(
        current.idempotencyKey,
        current.body as string,
        item.sha256,
        signal,
      );
      current = this.deps.repo.update(item.id, {
        state: 'sent',
        bulletinId: bulletin.id,
        lastError: null,
        nextAttemptAt: null,
        sentAt: this.now().toISOString(),
      });
      // What the province answered is the bulletin's first known status (a sync reads it else).
      try {
        current = this.statuses.record(item.id, bulletin).item;
      } catch (err) {
        this.deps.log?.warn(`Outbox ${item.id}: the bulletin's first status not recorded`, err);
      }
      await this.deps
        .markSent(item.programmeId, item.sha256, { userId: item.queuedByUserId, name: item.queuedBy })
        .catch((err: unknown) => this.deps.log?.warn(`Programme ${item.programmeId} not marked sent`, err));
      // Published again after a restart, the province may answer that it already aired.
      await this.statuses.followAiring(current);
    } catch (err) {
      // Cancelled meanwhile: the item stays cancelled, whatever the attempt was doing.
      if (err instanceof CancelledItem || this.deps.repo.get(item.id)?.state === 'cancelled') return;
      if (runSignal.aborted && !(err instanceof PublishError)) {
        // Stopped (timeout, shutdown): the item stays where it was, due again at once.
        this.deps.repo.update(item.id, {
          state: current.state === 'publishing' ? 'publishing' : 'queued',
          nextAttemptAt: null,
        });
        return;
      }
      this.failed(current, err, attempts);
    }
  }

  /**
   * Uploads from the server's offset (a new upload if it has none), then the item is publishing.
   * Where the upload stands is written as the adapter hears it: a restart resumes from there.
   */
  private async upload(
    item: StoredOutboxItem,
    adapter: ProvincialAdapter,
    source: UploadSource,
    signal: AbortSignal,
  ): Promise<StoredOutboxItem> {
    this.notCancelled(item.id);
    this.deps.repo.update(item.id, { state: 'uploading' });
    const done = await adapter.upload(
      source,
      item.uploadUrl,
      ({ url, offset }) => this.deps.repo.update(item.id, { uploadUrl: url, bytesSent: offset }),
      signal,
    );
    this.notCancelled(item.id);
    return this.deps.repo.update(item.id, {
      state: 'publishing',
      uploadUrl: done.url,
      bytesSent: source.bytes,
    });
  }

  private failed(item: StoredOutboxItem, err: unknown, attempts: number): void {
    const message = err instanceof Error ? err.message : String(err);
    const forGood =
      (err instanceof PublishError && err.kind === 'refused') ||
      (err instanceof StudioError && STUDIO_REFUSALS.has(err.code));
    if (err instanceof PublishError) this.deps.log?.warn(`Outbox ${item.id}: ${err.technical}`);
    else if (!(err instanceof StudioError)) this.deps.log?.warn(`Outbox ${item.id} failed`, err);
    if (forGood) {
      this.deps.repo.update(item.id, { state: 'failed', lastError: message, nextAttemptAt: null });
      return;
    }
    const change: OutboxChange = {
      // An upload the server lost starts again; a publish goes on with the same upload and key.
      state: item.state === 'publishing' ? 'publishing' : 'queued',
      lastError: message,
      nextAttemptAt: new Date(this.now().getTime() + this.retryDelay(attempts, err)).toISOString(),
    };
    if (err instanceof PublishError && err.kind === 'uploadGone') {
      Object.assign(change, { state: 'queued', uploadUrl: null, bytesSent: 0, submission: null, body: null });
    }
    this.deps.repo.update(item.id, change);
  }

  /**
   * The wait before the next attempt: the backoff with its jitter, or longer when the province
   * asked for it (Retry-After of a 503 or 429), that ask capped at an hour so a wrong header
   * cannot park an item for days.
   */
  private retryDelay(attempts: number, err: unknown): number {
    const backoff = backoffDelay(
      attempts,
      this.deps.baseDelayMs ?? 2_000,
      this.deps.maxDelayMs ?? 10 * 60_000,
      this.random,
    );
    const asked = err instanceof PublishError ? (err.retryAfterMs ?? 0) : 0;
    return Math.max(backoff, Math.min(asked, MAX_RETRY_AFTER_MS));
  }

  private stored(id: string): StoredOutboxItem {
    const item = this.deps.repo.get(id);
    if (!item) throw new StudioError('NOT_FOUND', 'Không tìm thấy mục này trong hàng đợi gửi lên tỉnh.');
    return item;
  }
}

/** An attempt stopped because its item was cancelled meanwhile. */
class CancelledItem extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledItem';
  }
}

/** Node's own abortable timer: it removes its abort listener when it fires (a hand-made one leaked one per wait). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, undefined, { signal });
}
