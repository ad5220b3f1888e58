/** The outbox's retry delay: doubling from the base, capped, jittered between half and all of it. */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src-main/platform/backoff';

describe('backoffDelay', () => {
  it('doubles from the base with each failure, up to the cap', () => {
    const most = (n: number) => backoffDelay(n, 2_000, 600_000, () => 1);
    expect([1, 2, 3, 4, 5].map(most)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000]);
    expect(most(9)).toBe(512_000);
    expect(most(10)).toBe(600_000);
    expect(most(1_000)).toBe(600_000);
  });

  it('jitters between half and all of the step', () => {
    expect(backoffDelay(3, 2_000, 600_000, () => 0)).toBe(4_000);
    expect(backoffDelay(3, 2_000, 600_000, () => 0.5)).toBe(6_000);
    const seen = new Set(
      Array.from({ length: 50 }, (_, i) => backoffDelay(12, 2_000, 600_000, () => i / 50)),
    );
    for (const d of seen) expect(d >= 300_000 && d <= 600_000).toBe(true);
    expect(seen.size).toBe(50);
  });
});
