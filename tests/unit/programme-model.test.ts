/** The programme model as pure functions: analysis, problems, changes, templates, stored schema. */
import { describe, expect, it } from 'vitest';
import { NO_SPEECH, type ProgrammeDocument, type ProgrammeItem } from '../../src-main/contract';
import {
  analyse,
  applyChange,
  emptyProgramme,
  findProblems,
  secondsWithoutSpeech,
  programmeFromTemplate,
  templateDocument,
  trackAccepts,
  type ItemFields,
  type SourceInfoMap,
} from '../../src-main/programme/model';
import { programmeMetadataPatchSchema } from '../../src-main/contract/calls/programme';
import { documentSchema } from '../../src-main/programme/schemas';
import { S, testItem } from '../support/programme';

const none: SourceInfoMap = new Map();

/** Track ids of a new programme: t1 voice, t2 bed, t3 jingle. */
function item(fields: Partial<ItemFields> & { start: number; length?: number }): ItemFields {
  const { length = S, ...rest } = fields;
  const { id: _id, ...base } = testItem({ sourceEnd: length });
  return { ...base, ...rest };
}

function build(
  items: Array<Partial<ItemFields> & { start: number; length?: number }>,
  languages = ['vie', 'tyz'],
) {
  let doc = emptyProgramme({ languages });
  for (const i of items) doc = applyChange(doc, { type: 'add', item: item(i), ripple: false });
  return doc;
}

const ids = (doc: ProgrammeDocument) => doc.items.map((i) => i.id);
const startOf = (doc: ProgrammeDocument, id: string) =>
  (doc.items.find((i) => i.id === id) as ProgrammeItem).start;

describe('a new programme', () => {
  it('has a voice track, the bed and the jingle track, and the defaults of QCVN 115', () => {
    const doc = emptyProgramme({ title: 'Bản tin' });
    expect(doc.tracks.map((t) => [t.id, t.kind])).toEqual([
      ['t1', 'voice'],
      ['t2', 'bed'],
      ['t3', 'jingle'],
    ]);
    expect(doc.metadata).toMatchObject({
      title: 'Bản tin',
      loudness: 'broadcast',
      priority: 'normal',
      languages: ['vie'],
    });
    expect(doc.ducking).toEqual({ depthDb: 12, attackMs: 300, releaseMs: 700 });
    expect(documentSchema.safeParse(doc).success).toBe(true);
  });
});

describe('analysis', () => {
  it('counts seconds per language exactly, an overlap within one language once, muted tracks not at all', () => {
    let doc = build([
      { start: 0, length: 2 * S },
      { start: 2 * S - 4800, length: S, crossfade: 4800 },
      { start: 3 * S, length: 1.5 * S, language: 'tyz' },
    ]);
    const a = analyse(doc, none);
    expect(a.secondsByLanguage).toEqual({ tyz: 1.5, vie: 3 - 0.1 });
    expect(a.lengthSamples).toBe(4.5 * S);
    expect(a.problems).toEqual([]);
    doc = applyChange(doc, { type: 'updateTrack', trackId: 't1', patch: { muted: true } });
    expect(analyse(doc, none).secondsByLanguage).toEqual({});
  });

  it('counts items without speech ("Không lời", zxx) in no language, asks no version of them, and says how long nothing is spoken', () => {
    const doc = build([
      { start: 0, length: 2 * S },
      { start: 2 * S, length: S, language: NO_SPEECH },
      { start: 0, length: 4 * S, trackId: 't2' },
    ]);
    const a = analyse(doc, none);
    expect(a.secondsByLanguage).toEqual({ vie: 2 });
    expect(a.missingVersions.map((m) => m.itemId)).toEqual([doc.items[0]?.id]);
    // The bed under the news is heard with speech; the jingle and the bed after it are not.
    expect(secondsWithoutSpeech(doc)).toBe(2);
  });

  it('does not let a programme carry "Không lời" as one of its languages', () => {
    const r = programmeMetadataPatchSchema.safeParse({ languages: ['vie', NO_SPEECH] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('Không lời');
  });

  it('lists the voice items without a version in a language the programme carries', () => {
    let doc = build([{ start: 0 }, { start: S }], ['vie', 'tyz', 'hnj']);
    const [a, b] = ids(doc) as [string, string];
    doc = applyChange(doc, {
      type: 'add',
      item: item({ start: 2 * S, language: 'tyz', versionOf: a }),
      ripple: false,
    });
    expect(analyse(doc, none).missingVersions).toEqual([
      { itemId: a, language: 'hnj' },
      { itemId: b, language: 'tyz' },
      { itemId: b, language: 'hnj' },
    ]);
  });

  it('says over, under or on target (within a second)', () => {
    const doc = build([{ start: 0, length: 10 * S }]);
    const status = (target: number) =>
      analyse({ ...doc, metadata: { ...doc.metadata, targetSamples: target } }, none).lengthStatus;
    expect(status(10 * S + S)).toBe('onTarget');
    expect(status(12 * S)).toBe('under');
    expect(status(8 * S)).toBe('over');
    expect(analyse(doc, none).lengthStatus).toBe('noTarget');
  });

  it('orders the rundown by start, then by track order', () => {
    let doc = build([]);
    doc = applyChange(doc, { type: 'add', item: item({ start: S, trackId: 't3' }), ripple: false });
    doc = applyChange(doc, { type: 'add', item: item({ start: S }), ripple: false });
    doc = applyChange(doc, { type: 'add', item: item({ start: 0, trackId: 't2' }), ripple: false });
    const [j, v, b] = ids(doc);
    expect(analyse(doc, none).rundown).toEqual([b, v, j]);
  });
});

describe('problems', () => {
  const codes = (doc: ProgrammeDocument, info: SourceInfoMap = none) =>
    findProblems(doc, info).map((p) => p.code);

  it('an empty programme', () => {
    expect(codes(build([]))).toEqual(['PROGRAMME_EMPTY']);
  });

  it('a length of hours names the item that ends last', () => {
    // As an imported file may have it (a change would be refused).
    const doc = build([{ start: 0 }]);
    doc.items.push({ ...structuredClone(doc.items[0] as ProgrammeItem), id: 'i9', start: 3 * 3600 * S });
    doc.nextId = 10;
    const p = findProblems(doc, none)[0];
    expect(p?.code).toBe('PROGRAMME_TOO_LONG');
    expect(p?.itemId).toBe(doc.items[1]?.id);
    expect(p?.message).toContain('3:00:01.000');
  });

  it('overlaps on one track: beyond the crossfade, one inside the other, three at once', () => {
    expect(codes(build([{ start: 0 }, { start: S / 2 }]))).toEqual(['PROGRAMME_OVERLAP']);
    expect(codes(build([{ start: 0 }, { start: S / 2, crossfade: S / 2 }]))).toEqual([]);
    expect(
      codes(
        build([
          { start: 0, length: 3 * S },
          { start: S, crossfade: S / 2 },
        ]),
      ),
    ).toEqual(['PROGRAMME_OVERLAP']);
    // Each crossfades with the one before it, but the third still reaches into the first.
    expect(
      codes(
        build([
          { start: 0, length: 3 * S },
          { start: 2.5 * S, length: 0.7 * S, crossfade: 0.5 * S },
          { start: 2.9 * S, length: 1.1 * S, crossfade: 0.5 * S },
        ]),
      ),
    ).toEqual(['PROGRAMME_OVERLAP']);
    // On different tracks nothing overlaps.
    expect(codes(build([{ start: 0 }, { start: S / 2, trackId: 't3' }]))).toEqual([]);
  });

  it('placeholders, lost sources, trims past the end of the source', () => {
    const doc = build([{ start: 0, source: null }, { start: S }, { start: 2 * S }]);
    const [, lost, long] = ids(doc) as [string, string, string];
    const info: SourceInfoMap = new Map([
      [lost, { title: null, frames: null, missing: 'âm thanh "X" đang nằm trong thùng rác.', audio: null }],
      [long, { title: 'Y', frames: S - 1, missing: null, audio: 'asset:y' }],
    ]);
    const problems = findProblems(doc, info);
    expect(problems.map((p) => p.code)).toEqual([
      'PROGRAMME_PLACEHOLDER',
      'PROGRAMME_SOURCE_MISSING',
      'PROGRAMME_RANGE',
    ]);
    expect(problems[1]?.message).toMatch(/^Mục "Tin" \(00:01\.000, rãnh "Giọng đọc"\): âm thanh "X"/);
  });
});

describe('changes', () => {
  it('keeps language, versions and ducking on voice items only', () => {
    const doc = build([{ start: 0, trackId: 't3', language: 'vie', duck: { depthDb: 3 } }]);
    expect(doc.items[0]).toMatchObject({ language: null, versionOf: null, duck: null });
    expect(() => build([{ start: 0, language: null }])).toThrow(/ngôn ngữ/);
  });

  it('refuses a version of itself, of a version, or in the same language', () => {
    const doc = build([{ start: 0 }]);
    const a = doc.items[0]?.id as string;
    const withVersion = applyChange(doc, {
      type: 'add',
      item: item({ start: S, language: 'tyz', versionOf: a }),
      ripple: false,
    });
    const v = withVersion.items[1]?.id as string;
    const add = (fields: Partial<ItemFields>) =>
      applyChange(withVersion, { type: 'add', item: item({ start: 2 * S, ...fields }), ripple: false });
    expect(() => add({ versionOf: a })).toThrow(/ngôn ngữ khác/);
    expect(() => add({ language: 'hnj', versionOf: v })).toThrow(/gốc/);
    expect(() => add({ language: 'hnj', versionOf: 'i99' })).toThrow();
    // The original changes to the version's language: the link goes.
    const changed = applyChange(withVersion, {
      type: 'update',
      itemId: a,
      patch: { language: 'tyz' },
      ripple: false,
    });
    expect(changed.items[1]?.versionOf).toBeNull();
    // Removed: its versions are versions of nothing.
    expect(
      applyChange(withVersion, { type: 'remove', itemId: a, ripple: false }).items[0]?.versionOf,
    ).toBeNull();
  });

  it('refuses fades longer than the item, an empty item, and an end past three hours', () => {
    expect(() => build([{ start: 0, fadeIn: S, fadeOut: 1 }])).toThrow(/dài hơn chính mục/);
    expect(() => build([{ start: 0, length: 0 }])).toThrow(/điểm cuối/);
    expect(() => build([{ start: 3 * 3600 * S }])).toThrow(/3 giờ/);
  });

  it('ripples: an insert, a longer item and a removal move everything after them', () => {
    let doc = build([{ start: 0 }, { start: S }, { start: 2 * S, trackId: 't3' }]);
    const [a, b, c] = ids(doc) as [string, string, string];
    doc = applyChange(doc, { type: 'update', itemId: a, patch: { sourceEnd: 1.5 * S }, ripple: true });
    expect([startOf(doc, b), startOf(doc, c)]).toEqual([1.5 * S, 2.5 * S]);
    doc = applyChange(doc, { type: 'add', item: item({ start: 1.5 * S, length: S / 2 }), ripple: true });
    expect([startOf(doc, b), startOf(doc, c)]).toEqual([2 * S, 3 * S]);
    doc = applyChange(doc, { type: 'remove', itemId: b, ripple: true });
    expect(startOf(doc, c)).toBe(2 * S);
  });

  it('reorders the rundown, each item keeping its gap to the one before, and leaves the bed where it is', () => {
    let doc = build([
      { start: 0, trackId: 't2', length: 10 * S },
      { start: 0, trackId: 't3', length: S / 2 },
      { start: S / 2 + 4800, length: 2 * S },
      { start: 2.5 * S + 2 * 4800, length: S, language: 'tyz' },
    ]);
    const [bed, jingle, vie, tyz] = ids(doc) as [string, string, string, string];
    doc = applyChange(doc, { type: 'reorder', itemId: tyz, beforeItemId: vie });
    expect([startOf(doc, bed), startOf(doc, jingle), startOf(doc, tyz), startOf(doc, vie)]).toEqual([
      0,
      0,
      S / 2 + 4800,
      S / 2 + 4800 + S + 4800,
    ]);
    expect(() => applyChange(doc, { type: 'reorder', itemId: bed, beforeItemId: null })).toThrow(/Nhạc nền/);
  });

  it('adds voice tracks, and removes only an empty one, never the last', () => {
    let doc = build([{ start: 0 }]);
    doc = applyChange(doc, { type: 'addTrack', kind: 'voice' });
    expect(doc.tracks.map((t) => [t.kind, t.name])).toEqual([
      ['voice', 'Giọng đọc'],
      ['voice', 'Giọng đọc 2'],
      ['bed', 'Nhạc nền'],
      ['jingle', 'Nhạc hiệu, hiệu ứng'],
    ]);
    const second = doc.tracks[1]?.id as string;
    expect(() => applyChange(doc, { type: 'removeTrack', trackId: 't1' })).toThrow(/còn mục/);
    expect(() => applyChange(doc, { type: 'removeTrack', trackId: 't2' })).toThrow(/cố định/);
    doc = applyChange(doc, { type: 'removeTrack', trackId: second });
    expect(doc.tracks).toHaveLength(3);
  });

  it('never changes its input', () => {
    const doc = build([{ start: 0 }]);
    const copy = structuredClone(doc);
    applyChange(doc, { type: 'remove', itemId: doc.items[0]?.id as string, ripple: true });
    expect(doc).toEqual(copy);
  });
});

describe('templates', () => {
  it('keeps the shape: bed and jingles keep their audio, voice items become placeholders', () => {
    let doc = build([
      { start: 0, trackId: 't3', length: S / 2 },
      { start: S / 2, length: 2 * S },
    ]);
    const vie = doc.items[1]?.id as string;
    doc = applyChange(doc, {
      type: 'add',
      item: item({ start: 2.5 * S, language: 'tyz', versionOf: vie }),
      ripple: false,
    });
    doc.metadata.date = '2026-11-22';
    const shape = templateDocument(doc, 'Bản tin sáng', false);
    expect(shape.metadata).toMatchObject({ title: 'Bản tin sáng', date: null });
    expect(shape.items.map((i) => [i.source === null, i.sourceEnd, i.versionOf])).toEqual([
      [false, S / 2, null],
      [true, 2 * S, null],
      [true, S, vie],
    ]);
    expect(templateDocument(doc, 'x', true).items.every((i) => i.source !== null)).toBe(true);
    const day = programmeFromTemplate({ name: 'Bản tin sáng', document: shape }, { date: '2026-11-23' });
    expect(day.metadata).toMatchObject({ title: 'Bản tin sáng ngày 23/11/2026', date: '2026-11-23' });
    expect(documentSchema.safeParse(day).success).toBe(true);
  });
});

describe('stored documents', () => {
  it('are refused when their structure is broken', () => {
    const doc = build([{ start: 0 }]);
    const broken = (change: (d: ProgrammeDocument) => void) => {
      const d = structuredClone(doc);
      change(d);
      return documentSchema.safeParse(d).success;
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((d) => d.tracks.splice(1, 1))).toBe(false);
    expect(broken((d) => ((d.items[0] as ProgrammeItem).trackId = 't9'))).toBe(false);
    expect(broken((d) => (d.nextId = 2))).toBe(false);
    expect(broken((d) => ((d.items[0] as ProgrammeItem).versionOf = 'i42'))).toBe(false);
  });
});

describe('what goes on which kind of track', () => {
  it('puts spoken segments on voice tracks only, music and jingles off them, assets anywhere', () => {
    const table = (['news', 'report', 'interview', 'announcement', 'music', 'jingle', null] as const).map(
      (type) => [type, (['voice', 'bed', 'jingle'] as const).filter((kind) => trackAccepts(kind, type))],
    );
    expect(table).toEqual([
      ['news', ['voice']],
      ['report', ['voice']],
      ['interview', ['voice']],
      ['announcement', ['voice']],
      ['music', ['bed', 'jingle']],
      ['jingle', ['bed', 'jingle']],
      [null, ['voice', 'bed', 'jingle']],
    ]);
  });
});
