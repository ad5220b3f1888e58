/**
 * The schedule's clock: what time it is, and a wake at an epoch instant. The runner asks nothing
 * else of time, so a test can run the station's day on a clock of its own: shifted to a chosen hour
 * (a slot "at 06:00:00" airs a few seconds after the test starts), or compressed so that a day of
 * gaps between slots passes in minutes.
 */

export interface ScheduleClock {
  /** Epoch milliseconds, as the schedule reads the wall clock. */
  now(): number;
  /** Calls `wake` once `atMs` (on this clock) has come; the returned function cancels it. */
  wakeAt(atMs: number, wake: () => void): () => void;
}

/**
 * Node's timers drift by milliseconds per minute and clamp long delays; waking a little early and
 * sleeping again for the rest keeps each wake within a few ms of its instant.
 */
const LONG_SLEEP_MS = 60_000;
const EARLY_MS = 50;

/** The PC's own clock. */
export const systemClock: ScheduleClock = scaledClock({ startMs: Date.now(), rate: 1, real: true });

/**
 * A clock that reads `startMs` now and then runs `rate` times as fast as the real one (1: the real
 * pace, shifted). `real` means it is the PC's clock itself (no shift).
 */
export function scaledClock(options: { startMs: number; rate?: number; real?: boolean }): ScheduleClock {
  const rate = options.rate ?? 1;
  const realOrigin = Date.now();
  const now = options.real
    ? () => Date.now()
    : () => options.startMs + (performance.timeOrigin + performance.now() - realOrigin) * rate;
  return {
    now,
    wakeAt(atMs, wake) {
      let timer: NodeJS.Timeout | null = null;
      let cancelled = false;
      const arm = () => {
        if (cancelled) return;
        const leftMs = (atMs - now()) / rate;
        if (leftMs <= 0) {
          timer = null;
          wake();
          return;
        }
        // Far off: sleep most of it and look again; near: sleep to the instant.
        const sleepMs =
          leftMs > LONG_SLEEP_MS
            ? leftMs - EARLY_MS * 20
            : leftMs > EARLY_MS
              ? leftMs - EARLY_MS / 2
              : leftMs;
        timer = setTimeout(arm, Math.max(1, Math.min(sleepMs, LONG_SLEEP_MS)));
      };
      arm();
      return () => {
        cancelled = true;
        if (timer) clearTimeout(timer);
      };
    },
  };
}
