/**
 * What goes on which kind of track (src-main/programme/model/placement.ts): an editor segment
 * labelled as speech goes on a voice track only; a music or jingle segment on the bed or the jingle
 * track only; a library asset anywhere. Refusals come from main with a Vietnamese message, leave
 * the programme as it was, and apply to drops, moves between tracks and filled placeholders alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeOpRequestIn, ProgrammeState, SegmentType } from '../../src-main/contract';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { apply, importAs, S, trackId } from '../support/programme';

let t: TestStudio;
let dir: string;
let asset: string;
let projectId: string;
const segments = new Map<SegmentType, string>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-kinds-'));
  t = await openTestStudio(path.join(dir, 'data'));
  asset = await importAs(
    t,
    signal(path.join(dir, 'buoi-sang.wav'), { samples: 3 * S, tone: { freq: 300, amp: 0.2 } }),
    'Buổi sáng',
  );
  // One recording labelled in the editor: news, then music, then a jingle.
  let edit = await t.call('edit.open', { assetId: asset });
  projectId = edit.id;
  const labels: Array<[SegmentType, string]> = [
    ['news', 'Tin sáng'],
    ['music', 'Nhạc dạo'],
    ['jingle', 'Nhạc hiệu đài'],
  ];
  for (const [k, [type, title]] of labels.entries()) {
    edit = await t.call('edit.segments.add', {
      projectId,
      segment: { start: k * S, end: (k + 1) * S, language: 'vie', type, title },
    });
    segments.set(type, edit.document.segments.find((s) => s.title === title)?.id as string);
  }
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

const newProgramme = (title: string): Promise<ProgrammeState> =>
  t.call('programme.create', { metadata: { title, languages: ['vie'] } });

const segment = (type: SegmentType) => ({
  kind: 'edit' as const,
  projectId,
  segmentId: segments.get(type) as string,
});

/** The change, refused by main through the router: its error (code and Vietnamese message). */
const refused = (p: ProgrammeState, op: ProgrammeOpRequestIn) => t.fail('programme.apply', { id: p.id, op });

describe('a drop on a track', () => {
  it('refuses a news segment on the bed and on the jingle track, and takes it on a voice track', async () => {
    const p = await newProgramme('Tin trên rãnh nhạc');
    for (const kind of ['bed', 'jingle'] as const) {
      const err = await refused(p, {
        type: 'add',
        item: { trackId: trackId(p, kind), source: segment('news'), start: 0 },
      });
      expect(err.code).toBe('PROGRAMME_TRACK_KIND');
      expect(err.message).toContain('Đoạn "Tin sáng" (tin) là lời nói nên chỉ đặt được trên rãnh giọng đọc');
      expect(err.message).toContain(kind === 'bed' ? 'rãnh "Nhạc nền"' : 'rãnh "Nhạc hiệu, hiệu ứng"');
      expect(err.message).toContain('Hãy thả đoạn vào một rãnh Giọng đọc.');
    }
    // Nothing was added by the refusals.
    expect((await t.call('programme.get', { id: p.id })).items).toHaveLength(0);
    const ok = await apply(t, p, {
      type: 'add',
      item: { trackId: trackId(p, 'voice'), source: segment('news'), start: 0 },
    });
    expect(ok.items.map((i) => [i.title, i.trackKind, i.language])).toEqual([['Tin sáng', 'voice', 'vie']]);
  });

  it('refuses music and jingle segments on a voice track; takes them on the bed and the jingle track', async () => {
    let p = await newProgramme('Nhạc trên rãnh lời');
    for (const type of ['music', 'jingle'] as const) {
      const err = await refused(p, {
        type: 'add',
        item: { trackId: trackId(p, 'voice'), source: segment(type), start: 0 },
      });
      expect(err.code).toBe('PROGRAMME_TRACK_KIND');
      expect(err.message).toMatch(/^Đoạn "Nhạc (dạo|hiệu đài)" \((âm nhạc|nhạc hiệu)\) không phải lời nói/);
      expect(err.message).toContain('Hãy thả đoạn vào rãnh Nhạc nền hoặc rãnh Nhạc hiệu, hiệu ứng.');
    }
    // A jingle under the presenter is music like any other: the bed takes it, as it takes music.
    p = await apply(t, p, {
      type: 'add',
      item: { trackId: trackId(p, 'bed'), source: segment('jingle'), start: 0 },
    });
    p = await apply(t, p, {
      type: 'add',
      item: { trackId: trackId(p, 'jingle'), source: segment('music'), start: 0 },
    });
    expect(p.items.map((i) => [i.title, i.trackKind, i.language])).toEqual([
      ['Nhạc hiệu đài', 'bed', null],
      ['Nhạc dạo', 'jingle', null],
    ]);
  });

  it('takes a library asset on every kind of track (an asset does not say what it holds)', async () => {
    let p = await newProgramme('Tệp thư viện');
    for (const kind of ['voice', 'bed', 'jingle'] as const) {
      p = await apply(t, p, {
        type: 'add',
        item: { trackId: trackId(p, kind), source: { kind: 'asset', assetId: asset }, start: 0 },
      });
    }
    expect(p.items.map((i) => i.trackKind).sort()).toEqual(['bed', 'jingle', 'voice']);
  });
});

describe('a move or a fill', () => {
  it('refuses moving a news item onto the bed, and filling a bed placeholder with news', async () => {
    let p = await newProgramme('Di chuyển');
    p = await apply(t, p, {
      type: 'add',
      item: { trackId: trackId(p, 'voice'), source: segment('news'), start: 0 },
    });
    p = await apply(t, p, {
      type: 'add',
      item: { trackId: trackId(p, 'bed'), source: null, title: 'Nhạc nền', sourceEnd: S, start: 0 },
    });
    const news = p.items.find((i) => i.title === 'Tin sáng')!;
    const slot = p.items.find((i) => i.title === 'Nhạc nền')!;
    const moved = await refused(p, {
      type: 'update',
      itemId: news.id,
      patch: { trackId: trackId(p, 'bed') },
    });
    expect(moved.code).toBe('PROGRAMME_TRACK_KIND');
    expect(moved.message).toContain('rãnh "Nhạc nền"');
    const filled = await refused(p, { type: 'update', itemId: slot.id, patch: { source: segment('news') } });
    expect(filled.code).toBe('PROGRAMME_TRACK_KIND');
    const now = await t.call('programme.get', { id: p.id });
    expect(now.revision).toBe(p.revision);
    expect(now.items.find((i) => i.id === news.id)?.trackKind).toBe('voice');
    // Along the voice track it still moves.
    const later = await apply(t, p, { type: 'update', itemId: news.id, patch: { start: 2 * S } });
    expect(later.items.find((i) => i.id === news.id)?.start).toBe(2 * S);
  });
});
