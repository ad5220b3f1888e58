import { describe, expect, it } from 'vitest';
import { StudioError, type EditDocument, type EditEffect, type EditOp } from '../../src-main/contract';
import {
  applyOp,
  clipsInRange,
  describeOp,
  documentLength,
  envelopeDbAt,
  formatTimecode,
  initialDocument,
  labelFor,
  replay,
  sliceEffects,
} from '../../src-main/edit/model';
import { curveGain } from '../../src-main/audio/render/timeline-graph';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

/** What one timeline sample is: which source sample, and the gain effects give it (silence as 0, no ramps). */
interface SampleView {
  asset: string;
  source: number;
  gain: number;
}

function effectGain(e: EditEffect, x: number): number {
  switch (e.kind) {
    case 'silence':
      return x >= e.start && x < e.end ? 0 : 1;
    case 'declick':
      return 1;
    case 'fade': {
      if (x < e.start || x >= e.end) return 1;
      const p = e.from + ((e.to - e.from) * (x - e.start)) / (e.end - e.start);
      return curveGain(e.curve, e.direction === 'in' ? p : 1 - p);
    }
    case 'gain': {
      const first = e.points[0]!.at;
      const last = e.points[e.points.length - 1]!.at;
      if (x < first || x >= last) return 1;
      return 10 ** (envelopeDbAt(e.points, x, 1) / 20);
    }
  }
}

/** The document as one entry per timeline sample: the model's meaning, computed the slow way. */
function view(doc: EditDocument): SampleView[] {
  const out: SampleView[] = [];
  for (const c of doc.clips) {
    for (let s = c.sourceStart; s < c.sourceEnd; s++) out.push({ asset: c.assetId, source: s, gain: 1 });
  }
  for (const v of out.keys()) {
    for (const e of doc.effects) (out[v] as SampleView).gain *= effectGain(e, v);
  }
  return out;
}

function expectSameSamples(actual: SampleView[], expected: SampleView[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as SampleView;
    expect([a.asset, a.source]).toEqual([e.asset, e.source]);
    expect(a.gain).toBeCloseTo(e.gain, 9);
  });
}

function docWithEffects(): EditDocument {
  let doc = initialDocument(A, 400);
  doc = applyOp(doc, { type: 'fade', direction: 'in', start: 0, end: 100, curve: 'scurve' });
  doc = applyOp(doc, { type: 'fade', direction: 'out', start: 300, end: 400, curve: 'exp' });
  doc = applyOp(doc, { type: 'gain', start: 120, end: 260, gainDb: -6, rampSamples: 20 });
  doc = applyOp(doc, {
    type: 'envelope',
    points: [
      { at: 50, gainDb: 0 },
      { at: 150, gainDb: -12 },
      { at: 250, gainDb: 3 },
    ],
  });
  doc = applyOp(doc, { type: 'silence', start: 270, end: 290 });
  return doc;
}

describe('edit model: structural edits keep every remaining sample as it was', () => {
  it('deletes ranges: the rest of the timeline is the old timeline without them', () => {
    for (const [a, b] of [
      [10, 60],
      [90, 130],
      [0, 400],
      [255, 305],
      [0, 1],
      [399, 400],
      [140, 141],
    ] as Array<[number, number]>) {
      const doc = docWithEffects();
      const before = view(doc);
      const after = applyOp(doc, { type: 'delete', start: a, end: b, cut: false });
      expect(documentLength(after)).toBe(400 - (b - a));
      expectSameSamples(view(after), [...before.slice(0, a), ...before.slice(b)]);
    }
  });

  it('inserts clips: the inserted audio comes in untouched by the effects around it', () => {
    for (const at of [0, 75, 130, 200, 280, 400]) {
      const doc = docWithEffects();
      const before = view(doc);
      const after = applyOp(doc, {
        type: 'insert',
        at,
        clips: [{ assetId: B, sourceStart: 1000, sourceEnd: 1030 }],
        effects: [],
        source: 'asset',
        title: 'Nhạc hiệu',
      });
      const inserted = Array.from({ length: 30 }, (_, i) => ({ asset: B, source: 1000 + i, gain: 1 }));
      expectSameSamples(view(after), [...before.slice(0, at), ...inserted, ...before.slice(at)]);
    }
  });

  it('pastes what was copied, with its effects, exactly as it sounded', () => {
    const doc = docWithEffects();
    const before = view(doc);
    // What `edit.copy` puts on the clipboard, then pasted over [10, 20).
    const op: EditOp = {
      type: 'insert',
      at: 10,
      replaceEnd: 20,
      clips: clipsInRange(doc, 240, 320),
      effects: sliceEffects(doc.effects, 240, 320),
      source: 'paste',
      title: '',
    };
    const after = applyOp(doc, op);
    expectSameSamples(view(after), [...before.slice(0, 10), ...before.slice(240, 320), ...before.slice(20)]);
  });

  it('trims to a range', () => {
    const doc = docWithEffects();
    const before = view(doc);
    const after = applyOp(doc, { type: 'trim', start: 95, end: 310 });
    expectSameSamples(view(after), before.slice(95, 310));
    expect(after.clips).toEqual([{ id: expect.any(String), assetId: A, sourceStart: 95, sourceEnd: 310 }]);
  });

  it('splits without changing a sample, and merges a silence cut through and joined again', () => {
    const doc = initialDocument(A, 100);
    const split = applyOp(doc, { type: 'split', at: 40 });
    expect(split.clips.map((c) => [c.sourceStart, c.sourceEnd])).toEqual([
      [0, 40],
      [40, 100],
    ]);
    const silenced = applyOp(doc, { type: 'silence', start: 20, end: 80 });
    const cut = applyOp(silenced, { type: 'delete', start: 40, end: 60, cut: true });
    expect(cut.effects.filter((e) => e.kind === 'silence')).toEqual([
      { id: expect.any(String), kind: 'silence', start: 20, end: 60 },
    ]);
  });

  it('turns a fade a cut goes through into two partial fades', () => {
    const doc = applyOp(initialDocument(A, 1000), {
      type: 'fade',
      direction: 'in',
      start: 0,
      end: 400,
      curve: 'lin',
    });
    const cut = applyOp(doc, { type: 'delete', start: 100, end: 200, cut: false });
    expect(cut.effects).toEqual([
      { id: 'e2', kind: 'fade', direction: 'in', curve: 'lin', start: 0, end: 100, from: 0, to: 0.25 },
      { id: 'e5', kind: 'fade', direction: 'in', curve: 'lin', start: 100, end: 300, from: 0.5, to: 1 },
    ]);
  });
});

describe('edit model: segments and markers move with edits', () => {
  const seg = { language: 'tyz', type: 'news' as const, title: 'Tin Tày', script: null };
  function withSegments(): EditDocument {
    let doc = initialDocument(A, 1000);
    doc = applyOp(doc, { type: 'addSegment', segment: { ...seg, start: 100, end: 300 } });
    doc = applyOp(doc, { type: 'addSegment', segment: { ...seg, title: 'Sau', start: 500, end: 600 } });
    doc = applyOp(doc, { type: 'addMarker', at: 550, label: 'M1' });
    return doc;
  }

  it('names a marker without moving it, and describes the step with the name it had', () => {
    const doc = withSegments();
    const id = doc.markers[0]!.id;
    const named = applyOp(doc, { type: 'renameMarker', markerId: id, label: 'Nhạc nền vào' });
    expect(named.markers).toEqual([{ id, at: 550, label: 'Nhạc nền vào' }]);
    expect(doc.markers[0]?.label).toBe('M1');
    expect(describeOp({ type: 'renameMarker', markerId: id, label: '' }, named)).toEqual({
      type: 'renameMarker',
      at: 550,
      label: '',
      previous: 'Nhạc nền vào',
    });
    expect(() => applyOp(doc, { type: 'renameMarker', markerId: 'm9', label: 'x' })).toThrow(StudioError);
  });

  it('shifts a segment after a cut, shortens one the cut goes into, removes one it covers', () => {
    const doc = withSegments();
    const before = applyOp(doc, { type: 'delete', start: 0, end: 50, cut: true });
    expect(before.segments.map((s) => [s.start, s.end])).toEqual([
      [50, 250],
      [450, 550],
    ]);
    expect(before.markers[0]?.at).toBe(500);
    const inside = applyOp(doc, { type: 'delete', start: 250, end: 350, cut: true });
    expect(inside.segments.map((s) => [s.start, s.end])).toEqual([
      [100, 250],
      [400, 500],
    ]);
    const over = applyOp(doc, { type: 'delete', start: 480, end: 620, cut: true });
    expect(over.segments.map((s) => s.title)).toEqual(['Tin Tày']);
    expect(over.markers).toEqual([]);
  });

  it('lengthens a segment audio is inserted into, and shifts one that starts at the insertion point', () => {
    const doc = withSegments();
    const ins = (at: number) =>
      applyOp(doc, {
        type: 'insert',
        at,
        clips: [{ assetId: B, sourceStart: 0, sourceEnd: 40 }],
        effects: [],
        source: 'asset',
        title: 'x',
      });
    expect(ins(200).segments.map((s) => [s.start, s.end])).toEqual([
      [100, 340],
      [540, 640],
    ]);
    expect(ins(500).segments.map((s) => [s.start, s.end])).toEqual([
      [100, 300],
      [540, 640],
    ]);
    expect(ins(300).segments.map((s) => [s.start, s.end])).toEqual([
      [100, 300],
      [540, 640],
    ]);
  });

  it('updates and removes segments by id, and keeps ids stable on replay', () => {
    const ops: EditOp[] = [
      { type: 'addSegment', segment: { ...seg, start: 0, end: 10 } },
      { type: 'delete', start: 2, end: 4, cut: false },
      { type: 'updateSegment', segmentId: 's2', patch: { title: 'Bản tin tiếng Tày', language: 'tyz' } },
    ];
    const a = replay(initialDocument(A, 100), ops);
    const b = replay(initialDocument(A, 100), ops);
    expect(a).toEqual(b);
    expect(a.segments).toEqual([
      { id: 's2', start: 0, end: 8, language: 'tyz', type: 'news', title: 'Bản tin tiếng Tày', script: null },
    ]);
    expect(() => applyOp(a, { type: 'removeSegment', segmentId: 's9' })).toThrow(StudioError);
  });
});

describe('edit model: ranges and labels', () => {
  it('refuses ranges outside the audio with a Vietnamese message', () => {
    const doc = initialDocument(A, 48_000);
    let err: unknown;
    try {
      applyOp(doc, { type: 'delete', start: 24_000, end: 96_000, cut: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StudioError);
    expect((err as StudioError).code).toBe('EDIT_RANGE');
    expect((err as StudioError).message).toBe(
      'Đoạn chọn 00:00.500–00:02.000 vượt quá phần âm thanh đang biên tập (dài 00:01.000). Hãy chọn lại trong phạm vi âm thanh.',
    );
    expect(() => applyOp(doc, { type: 'silence', start: 10, end: 10 })).toThrow(/không có độ dài/);
    expect(() => applyOp(doc, { type: 'split', at: 0 })).toThrow(StudioError);
  });

  it('labels the history in Vietnamese with times to the millisecond', () => {
    const doc = initialDocument(A, 48_000 * 4000);
    expect(labelFor({ type: 'delete', start: 60_000, end: 144_000, cut: true }, doc)).toBe(
      'Cắt 00:01.250–00:03.000',
    );
    expect(labelFor({ type: 'gain', start: 0, end: 48_000, gainDb: -1.5, rampSamples: 0 }, doc)).toBe(
      'Âm lượng −1,5 dB 00:00.000–00:01.000',
    );
    expect(labelFor({ type: 'fade', direction: 'out', start: 0, end: 4800, curve: 'scurve' }, doc)).toBe(
      'Giảm dần (chữ S) 00:00.000–00:00.100',
    );
    expect(formatTimecode(48_000 * 3723.5)).toBe('1:02:03.500');
    expect(labelFor({ type: 'normalize', target: { targetLufs: -23, truePeakDbtp: -1 } }, doc)).toBe(
      'Chuẩn hoá độ lớn −23 LUFS (đỉnh ≤ −1 dBTP)',
    );
  });

  it('gives a gain range ramps inside its ends, so it never steps', () => {
    const doc = applyOp(initialDocument(A, 1000), {
      type: 'gain',
      start: 100,
      end: 200,
      gainDb: 6,
      rampSamples: 10,
    });
    expect(doc.effects).toEqual([
      {
        id: 'e2',
        kind: 'gain',
        points: [
          { at: 100, gainDb: 0 },
          { at: 110, gainDb: 6 },
          { at: 190, gainDb: 6 },
          { at: 200, gainDb: 0 },
        ],
      },
    ]);
  });
});
