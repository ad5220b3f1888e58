/**
 * At most `concurrency` tasks at once; up to `queue` more wait their turn, in order. Beyond that a
 * task is refused at once with the error `refuse()` makes: waiting without end would only hide an
 * overload until memory or the user's patience runs out.
 */
export interface LimiterOptions {
  concurrency: number;
  /** Tasks that may wait for a free place; Infinity when none is ever refused. */
  queue: number;
  refuse?: () => Error;
}

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now (for tests and the log). */
  readonly active: number;
}

export function createLimiter(options: LimiterOptions): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];

  const release = () => {
    active--;
    const next = waiting.shift();
    if (next) {
      active++;
      next();
    }
  };

  return {
    get active() {
      return active;
    },
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= options.concurrency) {
        if (waiting.length >= options.queue) {
          throw options.refuse?.() ?? new Error('Too many tasks waiting');
        }
        // The place is handed over by `release`, so nobody can overtake a waiting task.
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        active++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
