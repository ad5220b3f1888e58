import { describe, expect, it } from 'vitest';
import { StudioError, type EditEffect } from '../../src-main/contract';
import { applyOp, initialDocument } from '../../src-main/edit/model';

const A = 'a'.repeat(64);

const gains = (effects: EditEffect[]) =>
  effects.flatMap((e) => (e.kind === 'gain' ? [{ id: e.id, points: e.points }] : []));

describe('edit model: an envelope edited in place (envelope with replaces)', () => {
  it('replaces that envelope in one step and leaves the other gain effects alone', () => {
    let doc = initialDocument(A, 48_000);
    doc = applyOp(doc, { type: 'gain', start: 100, end: 2_000, gainDb: -6, rampSamples: 10 });
    doc = applyOp(doc, {
      type: 'envelope',
      points: [
        { at: 10_000, gainDb: -12 },
        { at: 20_000, gainDb: -12 },
      ],
    });
    const [level, dip] = gains(doc.effects);
    const moved = applyOp(doc, {
      type: 'envelope',
      replaces: dip!.id,
      points: [
        { at: 10_000, gainDb: -12 },
        { at: 15_000, gainDb: -3 },
        { at: 24_000, gainDb: -12 },
      ],
    });
    const after = gains(moved.effects);
    expect(after).toHaveLength(2);
    expect(after.find((e) => e.id === level!.id)?.points).toEqual(level!.points);
    expect(after.find((e) => e.id !== level!.id)?.points.map((p) => [p.at, p.gainDb])).toEqual([
      [10_000, -12],
      [15_000, -3],
      [24_000, -12],
    ]);
    // The document it came from is untouched (undo is the previous document).
    expect(gains(doc.effects)).toHaveLength(2);
    expect(gains(doc.effects)[1]?.points).toHaveLength(2);
  });

  it('refuses to replace an effect that is not there, or that is not a gain envelope', () => {
    let doc = initialDocument(A, 48_000);
    doc = applyOp(doc, { type: 'silence', start: 0, end: 100 });
    const silence = doc.effects[0]!;
    const points = [
      { at: 200, gainDb: -6 },
      { at: 400, gainDb: -6 },
    ];
    expect(() => applyOp(doc, { type: 'envelope', replaces: 'e99', points })).toThrow(StudioError);
    expect(() => applyOp(doc, { type: 'envelope', replaces: silence.id, points })).toThrow(StudioError);
  });
});
