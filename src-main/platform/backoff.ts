/**
 * How long to wait before trying a link again: the outbox's uploads, a relay's upstream, an Icecast
 * source, a push to a commune. One rule for all of them, so that stations cut off together do not
 * all come back in the same second.
 */

/**
 * The wait before attempt `attempts + 1`: exponential (base·2^(attempts-1)), capped, with jitter
 * (between half and all of it).
 */
export function backoffDelay(
  attempts: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
