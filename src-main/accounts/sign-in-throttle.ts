/**
 * Slows down guessing: after `freeTries` wrong passwords for a name, each further wrong one makes
 * the next try for that name wait, twice as long each time (1 s, 2 s, 4 s… up to `capMs`). A try
 * made while it must wait is not checked at all (SIGN_IN_THROTTLED, with how long is left). The
 * counts are records (a restart does not reset them); a right password clears them, and a name
 * left alone for `forgetAfterMs` starts again from nothing.
 */
import type { AccountRepository } from './account-repository';

export interface ThrottleOptions {
  freeTries: number;
  baseMs: number;
  capMs: number;
  forgetAfterMs: number;
  now: () => number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeTries: 3,
  baseMs: 1000,
  capMs: 5 * 60_000,
  forgetAfterMs: 24 * 3600_000,
  now: () => Date.now(),
};

export class SignInThrottle {
  private readonly options: ThrottleOptions;

  constructor(
    private readonly repo: AccountRepository,
    options: Partial<ThrottleOptions> = {},
  ) {
    this.options = { ...DEFAULT_THROTTLE, ...options };
  }

  /** Milliseconds before a try for `name` will be checked; 0 when it may be now. */
  waitMs(name: string): number {
    const row = this.repo.failures(name);
    if (!row?.blockedUntil) return 0;
    return Math.max(0, Date.parse(row.blockedUntil) - this.options.now());
  }

  /** Counts a wrong password (or name) and says how long the next try must wait. */
  failed(name: string): number {
    const { freeTries, baseMs, capMs, forgetAfterMs, now } = this.options;
    const at = now();
    const row = this.repo.failures(name);
    const fresh = !row || at - Date.parse(row.lastFailureAt) > forgetAfterMs;
    const failures = (fresh ? 0 : row.failures) + 1;
    const over = failures - freeTries;
    const wait = over > 0 ? Math.min(capMs, baseMs * 2 ** Math.min(over - 1, 30)) : 0;
    this.repo.setFailures({
      name,
      failures,
      lastFailureAt: new Date(at).toISOString(),
      blockedUntil: wait > 0 ? new Date(at + wait).toISOString() : null,
    });
    // Counts nobody has added to for a long time are only noise.
    this.repo.pruneFailures(new Date(at - forgetAfterMs).toISOString());
    return wait;
  }

  succeeded(name: string): void {
    this.repo.clearFailures(name);
  }
}
