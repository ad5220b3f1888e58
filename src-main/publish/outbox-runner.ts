/**
 * The outbox's background runner, in the windows' hosts (the Electron app, `studio serve`; the CLI
 * sends with `studio outbox run` instead): it wakes when an item is queued or made due, sends what
 * is due (`Outbox.run`), and sleeps until the next item's `nextAttemptAt`. While the province cannot
 * be reached it checks the link lightly every `checkEveryMs`, and once it answers again what waited
 * for it is due at once. While some sent bulletin's status at the province is not final it asks for
 * the statuses every `syncEveryMs`, and right after a send. Not configured, it idles until woken.
 *
 * `stop()` aborts the attempt under way: the item stays where it was (Outbox.run keeps its upload
 * and its key), and the next start resumes it from the server's offset.
 *
 * Two processes never send the same item: the data folder's lock (store/data-lock.ts) lets one
 * studio open a folder, so `studio outbox run` is refused while the app has it open; in one
 * process, `Outbox.run` is one run at a time (an `outbox.run` call shares the runner's).
 */
import type { PublishCheckResult } from '../contract';
import type { Outbox } from './outbox';
import type { OutboxRepository } from './outbox-repository';
import type { PublishLink } from './publish-link';

/** The province's statuses of sent bulletins, kept in sync (`outbox.sync`). */
export interface StatusSync {
  /** Whether some sent bulletin's status is not final yet (worth asking about). */
  pending(): boolean;
  run(signal: AbortSignal): Promise<unknown>;
}

export interface OutboxRunnerDeps {
  outbox: Pick<Outbox, 'run'>;
  repo: Pick<OutboxRepository, 'active' | 'update'>;
  link: PublishLink;
  /** Whether an endpoint, a station code and credentials are set. */
  configured(): boolean;
  /** The light check of the link ("Kiểm tra kết nối"'s requests). */
  check(signal: AbortSignal): Promise<PublishCheckResult>;
  sync?: StatusSync;
  log?: { warn(message: string, detail?: unknown): void };
  now?: () => Date;
  /** While offline, how often the link is checked (default 30 s). */
  checkEveryMs?: number;
  /** While some status is not final, how often the province is asked (default 3 min). */
  syncEveryMs?: number;
}

export class OutboxRunner {
  private readonly now: () => Date;
  private readonly checkEveryMs: number;
  private readonly syncEveryMs: number;
  private abort = new AbortController();
  private loop: Promise<void> | null = null;
  private woken = false;
  private rouse: (() => void) | null = null;
  private nextCheckAt = 0;
  /** Check the link on the next turn, even if it is online (at the start, after a new configuration). */
  private checkNow = true;
  private nextSyncAt = 0;
  /** After a run that could not start (say, the token cannot be opened): not again before this. */
  private holdUntil = 0;

  constructor(private readonly deps: OutboxRunnerDeps) {
    this.now = deps.now ?? (() => new Date());
    this.checkEveryMs = deps.checkEveryMs ?? 30_000;
    this.syncEveryMs = deps.syncEveryMs ?? 3 * 60_000;
  }

  get active(): boolean {
    return this.loop !== null;
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.deps.link.runnerActive(true);
    this.loop = this.run();
  }

  /** An item was queued or made due: look again now. */
  wake(): void {
    this.woken = true;
    this.holdUntil = 0;
    this.rouse?.();
  }

  /** Where or how to publish changed: the link is checked again at once. */
  reconfigured(): void {
    this.checkNow = true;
    this.nextCheckAt = 0;
    this.wake();
  }

  /** Stops: the attempt under way is aborted and left resumable. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort(new Error('the studio is closing'));
    this.rouse?.();
    await this.loop;
    this.loop = null;
    this.deps.link.runnerActive(false);
    this.deps.link.nextAttempt(null);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      this.woken = false;
      let next: number;
      try {
        next = await this.turn(signal);
      } catch (err) {
        // Never a reason to stop sending: said, then tried again after a pause.
        this.deps.log?.warn('The outbox runner failed a turn', err);
        next = this.nowMs() + this.checkEveryMs;
      }
      if (signal.aborted) break;
      if (this.woken) continue;
      this.deps.link.nextAttempt(Number.isFinite(next) ? new Date(next) : null);
      await this.sleepUntil(next, signal);
    }
  }

  /** One look: check the link if due, send what is due, sync statuses if due; answers when to look again. */
  private async turn(signal: AbortSignal): Promise<number> {
    const { link } = this.deps;
    if (!this.deps.configured()) {
      link.notConfigured();
      return Infinity;
    }
    if ((this.checkNow || link.get().state !== 'online') && this.nowMs() >= this.nextCheckAt) {
      const wasOffline = link.get().state === 'offline';
      const checked = await this.deps.check(signal);
      if (signal.aborted) return Infinity;
      this.checkNow = false;
      link.checked(checked);
      this.nextCheckAt = this.nowMs() + this.checkEveryMs;
      // The province answers again: what waited for it (backoff) need not wait any longer.
      if (wasOffline && link.get().state === 'online') this.makeWaitingDue();
    }
    if (this.nowMs() >= this.holdUntil && this.dueAt() <= this.nowMs()) {
      try {
        const result = await this.deps.outbox.run({ signal });
        if (result.sent > 0) this.nextSyncAt = 0;
      } catch (err) {
        if (signal.aborted) return Infinity;
        link.failed(err);
        this.deps.log?.warn('The outbox could not run', err);
        this.holdUntil = this.nowMs() + this.checkEveryMs;
      }
    }
    const sync = this.deps.sync;
    if (sync && link.get().state === 'online' && sync.pending() && this.nowMs() >= this.nextSyncAt) {
      this.nextSyncAt = this.nowMs() + this.syncEveryMs;
      await sync.run(signal).catch((err: unknown) => {
        if (!signal.aborted) this.deps.log?.warn('The province statuses could not be synced', err);
      });
    }
    return Math.min(
      Math.max(this.dueAt(), this.holdUntil),
      link.get().state === 'online' ? Infinity : this.nextCheckAt,
      sync?.pending() ? this.nextSyncAt : Infinity,
    );
  }

  /** When the first item on its way is due (now for one not waiting); Infinity when none is. */
  private dueAt(): number {
    let first = Infinity;
    for (const item of this.deps.repo.active()) {
      const at = item.nextAttemptAt === null ? this.nowMs() : Date.parse(item.nextAttemptAt);
      if (at < first) first = at;
    }
    return first;
  }

  private makeWaitingDue(): void {
    const nowMs = this.nowMs();
    for (const item of this.deps.repo.active()) {
      if (item.nextAttemptAt !== null && Date.parse(item.nextAttemptAt) > nowMs) {
        this.deps.repo.update(item.id, { nextAttemptAt: null });
      }
    }
  }

  private sleepUntil(atMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.rouse = null;
        resolve();
      };
      // setTimeout's limit (about 24.8 days) is far beyond any wait; Infinity waits for a wake.
      const wait = Number.isFinite(atMs) ? Math.min(Math.max(0, atMs - this.nowMs()), 2 ** 31 - 1) : null;
      const timer = wait === null ? undefined : setTimeout(done, wait);
      this.rouse = done;
      if (this.woken || signal.aborted) done();
    });
  }

  private nowMs(): number {
    return this.now().getTime();
  }
}
