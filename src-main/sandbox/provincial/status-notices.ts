/**
 * The sandbox's status notices: when a bulletin's status changes and its submission named a
 * `callbackUrl`, a small JSON notice (schema BulletinStatusNotice) is POSTed there. Best effort, as
 * a province would: a few tries with growing pauses, each bounded in time, never awaited by the
 * API that changed the status, abandoned when the sandbox closes. The station must not trust a
 * notice's body (anyone can POST one): it reads the bulletin's status again.
 */
import type { BulletinState } from './bulletin';

export interface StatusNotice {
  bulletinId: string;
  status: BulletinState;
  at: string;
}

export interface NoticeSenderOptions {
  /** Pauses before the 2nd, 3rd… try (default 0.5 s, 2 s: three tries). */
  retryDelaysMs?: number[];
  /** How long one try may take (default 5 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export class NoticeSender {
  private readonly stopped = new AbortController();
  private readonly delays: number[];
  private readonly timeoutMs: number;

  constructor(private readonly options: NoticeSenderOptions = {}) {
    this.delays = options.retryDelaysMs ?? [500, 2000];
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** Sends in the background; returns at once. */
  send(url: string, notice: StatusNotice): void {
    void this.deliver(url, notice);
  }

  private async deliver(url: string, notice: StatusNotice): Promise<void> {
    const body = JSON.stringify(notice);
    for (let attempt = 0; attempt <= this.delays.length; attempt++) {
      if (attempt > 0 && !(await this.pause(this.delays[attempt - 1] as number))) return;
      if (this.stopped.signal.aborted) return;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          redirect: 'manual',
          signal: AbortSignal.any([this.stopped.signal, AbortSignal.timeout(this.timeoutMs)]),
        });
        await res.body?.cancel();
        // A 4xx will not change by trying again (the station does not know the bulletin, or the URL).
        if (res.status < 500) {
          this.options.log?.(`notice ${notice.bulletinId} ${notice.status} → ${url}: HTTP ${res.status}`);
          return;
        }
      } catch (err) {
        if (this.stopped.signal.aborted) return;
        this.options.log?.(`notice ${notice.bulletinId} → ${url} failed: ${String(err)}`);
      }
    }
    this.options.log?.(`notice ${notice.bulletinId} ${notice.status} → ${url}: given up`);
  }

  private pause(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(true), ms);
      this.stopped.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve(false);
        },
        { once: true },
      );
    });
  }

  /** Abandons every notice still being sent. */
  close(): void {
    this.stopped.abort();
  }
}
