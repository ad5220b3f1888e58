/**
 * Whether the studio can reach the province now (`publish.link`, the Publish workspace's offline
 * banner), as the outbox last saw it. Every request of an adapter tells it something: an answer the
 * protocol expects (a success, a bulletin refused, an upload the server no longer has) means the
 * link works; a failure worth retrying (no connection, a 5xx, a token refused, an answer that is not
 * the protocol: `PublishError` kind `retry`) means nothing can be sent now, so the link is offline
 * with that reason. One bulletin's refusal says nothing about the others: the link stays online.
 * Each change is announced with 'publish.link'.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  StudioError,
  type EventSink,
  type PublishCheckResult,
  type PublishLinkState,
  type PublishLinkStateName,
} from '../contract';
import { PublishError, type ProvincialAdapter } from './adapter';

export class PublishLink {
  private current: PublishLinkState = {
    state: 'unknown',
    since: null,
    lastError: null,
    nextAttemptAt: null,
    runnerActive: false,
  };

  constructor(
    private readonly emit: EventSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get(): PublishLinkState {
    return { ...this.current };
  }

  online(): void {
    this.become('online', null);
  }

  offline(reason: string): void {
    this.become('offline', reason);
  }

  notConfigured(): void {
    this.become('notConfigured', null);
  }

  /** What "Kiểm tra kết nối" (or the runner's light check) found. */
  checked(result: PublishCheckResult): void {
    if (result.outcome === 'ok') this.online();
    else if (result.outcome === 'notConfigured') this.notConfigured();
    else this.offline(result.message);
  }

  /** When the runner tries again: the earliest item due, or its next check while offline. */
  nextAttempt(at: Date | null): void {
    this.set({ nextAttemptAt: at ? at.toISOString() : null });
  }

  runnerActive(active: boolean): void {
    this.set({ runnerActive: active });
  }

  /** What a request's failure says of the link: only failures worth retrying take it offline. */
  failed(err: unknown): void {
    if (err instanceof PublishError) {
      if (err.unreachable) this.offline(err.message);
      else this.online();
    } else if (err instanceof StudioError && err.code === 'UNAVAILABLE') {
      // Not configured (no endpoint, station code or token): the outbox's connect says so.
      this.notConfigured();
    }
  }

  /**
   * The adapter, each of its requests heard by the link. A Proxy rather than a class restating the
   * interface: every method an adapter has (and any it gains) is heard the same way.
   */
  watch(adapter: ProvincialAdapter): ProvincialAdapter {
    return new Proxy(adapter, {
      get: (target, key, receiver) => {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const out: unknown = Reflect.apply(value as (...a: unknown[]) => unknown, target, args);
          if (!(out instanceof Promise)) return out;
          return out.then(
            (result: unknown) => {
              this.online();
              return result;
            },
            (err: unknown) => {
              // A request stopped by the studio itself (shutdown, timeout of a run) tells nothing.
              const signal = args.find((a): a is AbortSignal => a instanceof AbortSignal);
              if (!signal?.aborted) this.failed(err);
              throw err;
            },
          );
        };
      },
    });
  }

  private become(state: PublishLinkStateName, lastError: string | null): void {
    const since = state === this.current.state ? this.current.since : this.now().toISOString();
    this.set({ state, since, lastError });
  }

  private set(change: Partial<PublishLinkState>): void {
    const next = { ...this.current, ...change };
    if (isDeepStrictEqual(next, this.current)) return;
    this.current = next;
    this.emit('publish.link', this.get());
  }
}
