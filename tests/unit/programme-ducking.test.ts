/**
 * The ducking envelope: gain points drawn from the voice items' places, checked against the
 * definition (the deepest dip at every sample) evaluated sample by sample.
 */
import { describe, expect, it } from 'vitest';
import type { GainPoint, ProgrammeItem } from '../../src-main/contract';
import { dipsOf, duckingEnvelope, envelopeDb, type Dip } from '../../src-main/programme/model';
import { S, testItem } from '../support/programme';

const ducking = { depthDb: 12, attackMs: 300, releaseMs: 700 };

function voice(start: number, length: number, duck: ProgrammeItem['duck'] = null): ProgrammeItem {
  return testItem({ id: `i${start}`, source: null, start, sourceEnd: length, duck });
}

/**
 * The gain the render applies at sample x, as the edit engine reads gain points: linear in dB over
 * `[p.at, q.at)` for each pair of points, 0 dB outside the first and last.
 */
function rendered(points: GainPoint[], x: number): number {
  for (let i = points.length - 2; i >= 0; i--) {
    const p = points[i] as GainPoint;
    const q = points[i + 1] as GainPoint;
    if (q.at > p.at && x >= p.at && x < q.at)
      return p.gainDb + ((q.gainDb - p.gainDb) * (x - p.at)) / (q.at - p.at);
  }
  return 0;
}

/** Every `step` samples, the envelope equals the deepest dip (to a thousandth of a dB). */
function expectExact(dips: Dip[], length: number, step = 97): void {
  const points = duckingEnvelope(dips, length);
  for (let x = 0; x < length; x += step) {
    expect(Math.abs(rendered(points, x) - envelopeDb(dips, x)), `at ${x}`).toBeLessThan(1e-3);
  }
}

describe('ducking envelope', () => {
  it('goes down over the attack before the voice, stays down while it plays, comes back over the release', () => {
    const dips = dipsOf([voice(2 * S, S)], ducking);
    expect(dips).toEqual([{ start: 2 * S, end: 3 * S, attack: 14_400, release: 33_600, depthDb: 12 }]);
    expect(duckingEnvelope(dips, 5 * S)).toEqual([
      { at: 2 * S - 14_400, gainDb: 0 },
      { at: 2 * S, gainDb: -12 },
      { at: 3 * S, gainDb: -12 },
      { at: 3 * S + 33_600, gainDb: 0 },
    ]);
    expectExact(dips, 5 * S);
  });

  it('follows the deepest dip where dips meet, bending where two ramps cross', () => {
    const dips = dipsOf(
      [
        voice(S, S),
        voice(2 * S + 20_000, S, { depthDb: 20, attackMs: 1000 }),
        voice(4 * S, S / 2, { depthDb: 6 }),
      ],
      ducking,
    );
    expectExact(dips, 6 * S, 13);
  });

  it('steps without attack or release, the step at the voice’s first sample and just after its last', () => {
    const dips = dipsOf([voice(S, S)], { depthDb: 10, attackMs: 0, releaseMs: 0 });
    const points = duckingEnvelope(dips, 3 * S);
    expect(rendered(points, S - 1)).toBe(0);
    expect(rendered(points, S)).toBe(-10);
    expect(rendered(points, 2 * S - 1)).toBe(-10);
    expect(rendered(points, 2 * S)).toBe(0);
    expectExact(dips, 3 * S, 7);
  });

  it('is cut at the programme’s ends, and empty when nothing ducks', () => {
    const dips = dipsOf([voice(4800, S)], ducking);
    const points = duckingEnvelope(dips, S);
    expect(points[0]?.at).toBe(0);
    expect(points.at(-1)?.at).toBe(S);
    expectExact(dips, S);
    expect(duckingEnvelope(dipsOf([voice(0, S, { depthDb: 0 })], ducking), S)).toEqual([]);
    expect(duckingEnvelope(dipsOf([voice(0, S)], { ...ducking, depthDb: 0 }), S)).toEqual([]);
  });
});
