import { StudioError, type Reply } from '../contract';
import { createLimiter } from '../platform/limiter';

/** Calls of one page that run at once: enough for a screen opening (a dozen lists and states). */
export const CALLS_AT_ONCE = 8;
/** Calls of one page that may wait for a place before the next is refused. */
export const CALLS_WAITING = 56;

/**
 * The calls of one connection (a WebSocket, an Electron window) go through one gate: a page that
 * sends a hundred calls at once (a stuck key, a bug, a hostile page) gets its first ones answered
 * and the rest refused with BUSY, instead of starting a hundred pieces of work on the studio PC.
 */
export function createCallGate(): (call: () => Promise<Reply>) => Promise<Reply> {
  const limiter = createLimiter({
    concurrency: CALLS_AT_ONCE,
    queue: CALLS_WAITING,
    refuse: () => new StudioError('BUSY'),
  });
  return async (call) => {
    try {
      return await limiter.run(call);
    } catch (err) {
      if (err instanceof StudioError && err.code === 'BUSY') return { ok: false, error: err.toShape() };
      throw err;
    }
  };
}
