/**
 * The programme service through the router: metadata, items and tracks, language versions,
 * templates and a new day's programme from one, editor segments as items, exported files, stale
 * windows and the events the workspace listens to.
 */
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeChangedEvent, ProgrammeState } from '../../src-main/contract';
import { decode, onsets, signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, apply, importAs, renderOk, S, trackId } from '../support/programme';

let t: TestStudio;
let dir: string;
let jingle: string;
let vie: string;
let tyz: string;
let music: string;
let markers: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-service-'));
  t = await openTestStudio(path.join(dir, 'data'));
  const f = (name: string) => path.join(dir, name);
  jingle = await importAs(
    t,
    signal(f('jingle.wav'), { samples: 24_000, channels: 2, tone: { freq: 880, amp: 0.3 } }),
    'Nhạc hiệu',
  );
  vie = await importAs(
    t,
    signal(f('vie.wav'), { samples: 96_000, tone: { freq: 300, amp: 0.2 } }),
    'Tin Việt',
    'vie',
  );
  tyz = await importAs(
    t,
    signal(f('tyz.wav'), { samples: 72_000, tone: { freq: 350, amp: 0.2 } }),
    'Tin Tày',
    'tyz',
  );
  music = await importAs(
    t,
    signal(f('music.wav'), { samples: 48_000, channels: 2, tone: { freq: 440, amp: 0.2 } }),
    'Nhạc',
  );
  markers = await importAs(
    t,
    signal(f('markers.wav'), {
      samples: 4 * S,
      tone: { freq: 300, amp: 0.1 },
      bursts: [
        { at: S, length: 2400, amp: 0.8 },
        { at: 2 * S, length: 2400, amp: 0.8 },
        { at: 3 * S, length: 2400, amp: 0.8 },
      ],
    }),
    'Phỏng vấn',
    'tyz',
  );
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

/** "Bản tin sáng": jingle, Vietnamese news, Tày news (its version), music, outro. */
async function morningNews(): Promise<{ p: ProgrammeState; vieId: string; tyzId: string }> {
  let p = await t.call('programme.create', {
    metadata: {
      title: 'Bản tin sáng',
      languages: ['vie', 'tyz'],
      targetSamples: 15 * 60 * S,
      priority: 'priority',
      communes: ['19042', '19045'],
      slots: ['06:00', '17:30'],
      authors: ['Hoàng Thị Mai'],
      subject: 'Thời sự',
    },
  });
  p = (await addAsset(t, p, 'jingle', jingle, { start: 0 })).p;
  const v = await addAsset(t, p, 'voice', vie, { start: 24_000 });
  const y = await addAsset(t, v.p, 'voice', tyz, { versionOf: v.id });
  p = (await addAsset(t, y.p, 'jingle', music, { start: 192_000 })).p;
  p = (await addAsset(t, p, 'jingle', jingle)).p;
  return { p, vieId: v.id, tyzId: y.id };
}

describe('a programme and its rundown', () => {
  it('keeps metadata, places items one after another on a track, and links language versions', async () => {
    const { p, vieId, tyzId } = await morningNews();
    expect(p.metadata).toMatchObject({
      priority: 'priority',
      communes: ['19042', '19045'],
      slots: ['06:00', '17:30'],
    });
    // Defaults from the source: title and language; placed after the last item of its track.
    const byId = new Map(p.items.map((i) => [i.id, i]));
    expect(byId.get(vieId)).toMatchObject({
      title: 'Tin Việt',
      language: 'vie',
      start: 24_000,
      length: 96_000,
    });
    expect(byId.get(tyzId)).toMatchObject({ language: 'tyz', versionOf: vieId, start: 120_000 });
    expect(byId.get(vieId)?.versions).toEqual([tyzId]);
    // Jingle-track items carry no language.
    expect(p.items.filter((i) => i.trackKind === 'jingle').every((i) => i.language === null)).toBe(true);
    expect(p.items.map((i) => i.start)).toEqual([0, 24_000, 120_000, 192_000, 240_000]);
    expect(p.analysis.rundown).toEqual(p.items.map((i) => i.id));
    expect(p.analysis.lengthSamples).toBe(264_000);
    expect(p.analysis.lengthStatus).toBe('under');
    expect(p.analysis.overSamples).toBe(264_000 - 15 * 60 * S);
    expect(p.analysis.missingVersions).toEqual([]);
    const list = await t.call('programme.list', {});
    expect(list.find((s) => s.id === p.id)).toMatchObject({
      title: 'Bản tin sáng',
      itemCount: 5,
      lengthSamples: 264_000,
    });
  });

  it('refuses a version in the same language, and trims outside the source', async () => {
    const { p, vieId } = await morningNews();
    const same = await t.fail('programme.apply', {
      id: p.id,
      op: {
        type: 'add',
        item: { trackId: trackId(p, 'voice'), source: { kind: 'asset', assetId: vie }, versionOf: vieId },
      },
    });
    expect(same.code).toBe('INVALID_REQUEST');
    expect(same.message).toContain('ngôn ngữ khác');
    const range = await t.fail('programme.apply', {
      id: p.id,
      op: { type: 'update', itemId: vieId, patch: { sourceEnd: 200_000 } },
    });
    expect(range.code).toBe('PROGRAMME_RANGE');
    const track = await t.fail('programme.apply', {
      id: p.id,
      op: { type: 'removeTrack', trackId: trackId(p, 'voice') },
    });
    expect(track.code).toBe('INVALID_REQUEST');
    const slot = await t.fail('programme.update', { id: p.id, metadata: { slots: ['25:00'] } });
    expect(slot.code).toBe('INVALID_REQUEST');
  });

  it('moves an item in the rundown, keeping each item’s distance to the one before it', async () => {
    const { p, vieId, tyzId } = await morningNews();
    // The Tày news before the Vietnamese: it takes the Vietnamese news' place, which follows it.
    const next = await apply(t, p, { type: 'reorder', itemId: tyzId, beforeItemId: vieId });
    const at = new Map(next.items.map((i) => [i.id, i.start]));
    expect(at.get(tyzId)).toBe(24_000);
    expect(at.get(vieId)).toBe(24_000 + 72_000);
    expect(next.items.map((i) => i.start)).toEqual([0, 24_000, 96_000, 192_000, 240_000]);
    expect(next.analysis.rundown.indexOf(tyzId)).toBeLessThan(next.analysis.rundown.indexOf(vieId));
    expect(next.analysis.lengthSamples).toBe(p.analysis.lengthSamples);
  });

  it('ripples: removing an item closes its gap', async () => {
    const { p, vieId } = await morningNews();
    const next = await apply(t, p, { type: 'remove', itemId: vieId, ripple: true });
    expect(next.analysis.lengthSamples).toBe(p.analysis.lengthSamples - 96_000);
    expect(next.items.map((i) => i.start)).toEqual([0, 24_000, 96_000, 144_000]);
    // Its Tày version is no longer a version of anything.
    expect(next.items.find((i) => i.language === 'tyz')?.versionOf).toBeNull();
  });

  it('refuses a change from a stale window, and tells every window what changed', async () => {
    const { p } = await morningNews();
    const from = t.events.length;
    const updated = await t.call('programme.update', {
      id: p.id,
      metadata: { summary: 'Tin nông nghiệp' },
      ducking: { depthDb: 9 },
      expectedRevision: p.revision,
    });
    expect(updated.revision).toBe(p.revision + 1);
    expect(updated.ducking.depthDb).toBe(9);
    const stale = await t.fail('programme.update', {
      id: p.id,
      metadata: { summary: 'x' },
      expectedRevision: p.revision,
    });
    expect(stale.code).toBe('CONFLICT');
    await t.call('programme.trash', { id: p.id });
    await t.call('programme.purge', { id: p.id });
    const changed = t.events
      .slice(from)
      .filter((e) => e.event === 'programme.changed')
      .map((e) => e.payload as ProgrammeChangedEvent);
    expect(changed.map((e) => e.reason)).toEqual(['updated', 'trashed', 'purged']);
    expect((await t.fail('programme.get', { id: p.id })).code).toBe('PROGRAMME_NOT_FOUND');
  });
});

describe('templates', () => {
  it('saves the shape of "Bản tin sáng" and starts a new day’s programme from it', async () => {
    const { p } = await morningNews();
    const template = await t.call('programme.templates.save', { programmeId: p.id, name: 'Bản tin sáng' });
    expect(template.lengthSamples).toBe(p.analysis.lengthSamples);
    const voice = template.document.items.filter((i) => i.trackId === trackId(p, 'voice'));
    expect(voice.map((i) => [i.source, i.language, i.sourceEnd])).toEqual([
      [null, 'vie', 96_000],
      [null, 'tyz', 72_000],
    ]);
    expect(template.document.items.filter((i) => i.source !== null)).toHaveLength(3);
    expect((await t.call('programme.templates.list', {})).map((x) => x.id)).toContain(template.id);

    let day = await t.call('programme.create', { templateId: template.id, metadata: { date: '2026-11-23' } });
    expect(day.metadata).toMatchObject({
      title: 'Bản tin sáng ngày 23/11/2026',
      date: '2026-11-23',
      priority: 'priority',
    });
    expect(day.templateId).toBe(template.id);
    expect(day.analysis.problems.map((x) => x.code)).toEqual([
      'PROGRAMME_PLACEHOLDER',
      'PROGRAMME_PLACEHOLDER',
    ]);

    // Today's Vietnamese news is longer (2.5 s instead of 2 s): everything after it moves on.
    const [vieSlot, tyzSlot] = day.items.filter((i) => i.trackKind === 'voice');
    const longer = await importAs(
      t,
      signal(path.join(dir, 'vie-today.wav'), { samples: 120_000, tone: { freq: 310, amp: 0.2 } }),
      'Tin Việt hôm nay',
    );
    day = await apply(t, day, {
      type: 'update',
      itemId: vieSlot?.id as string,
      patch: { source: { kind: 'asset', assetId: longer } },
      ripple: true,
    });
    day = await apply(t, day, {
      type: 'update',
      itemId: tyzSlot?.id as string,
      patch: { source: { kind: 'asset', assetId: tyz } },
      ripple: true,
    });
    // The slot keeps its title; the audio is today's.
    expect(day.items.find((i) => i.id === vieSlot?.id)).toMatchObject({ title: 'Tin Việt', length: 120_000 });
    expect(day.items.find((i) => i.id === tyzSlot?.id)).toMatchObject({
      versionOf: vieSlot?.id,
      start: 24_000 + 120_000,
    });
    expect(day.analysis.lengthSamples).toBe(p.analysis.lengthSamples + 24_000);
    expect(day.analysis.problems).toEqual([]);
    expect(day.analysis.secondsByLanguage).toEqual({ vie: 2.5, tyz: 1.5 });
    const done = await renderOk(t, day, dir, ['wav'], 'ban-tin-23-11');
    expect(done.report.durationSec).toBe(day.analysis.durationSec);

    await t.call('programme.templates.remove', { templateId: template.id });
    expect((await t.fail('programme.create', { templateId: template.id })).code).toBe(
      'PROGRAMME_TEMPLATE_NOT_FOUND',
    );
  });
});

describe('editor segments as items', () => {
  it('renders a segment of an edit through the edit engine, with its language and title', async () => {
    let edit = await t.call('edit.open', { assetId: markers });
    // Cut 0.5–0.75 s: the bursts move to 36 000, 84 000, 132 000.
    edit = (
      await t.call('edit.apply', { projectId: edit.id, op: { type: 'cut', start: 24_000, end: 36_000 } })
    ).project;
    edit = await t.call('edit.segments.add', {
      projectId: edit.id,
      segment: { start: 48_000, end: 144_000, language: 'tyz', type: 'news', title: 'Tin Tày' },
    });
    const segmentId = edit.document.segments[0]?.id as string;
    let p = await t.call('programme.create', { metadata: { title: 'Từ bản biên tập', languages: ['tyz'] } });
    p = await apply(t, p, {
      type: 'add',
      item: {
        trackId: trackId(p, 'voice'),
        source: { kind: 'edit', projectId: edit.id, segmentId },
        start: 10_000,
      },
    });
    const item = p.items[0];
    expect(item).toMatchObject({ title: 'Tin Tày', language: 'tyz', length: 96_000, sourceFrames: 96_000 });
    const done = await renderOk(t, p, dir, ['wav'], 'tu-ban-bien-tap');
    const pcm = decode(done.report.files[0]?.file as string);
    const g = 10 ** (done.report.gainDb / 20);
    // Inside the segment the bursts are at 36 000 and 84 000; the item starts at 10 000.
    expect(onsets(pcm, 0.3 * g)).toEqual([10_000 + 36_000, 10_000 + 84_000]);

    // Its clip's waveform: the segment's 2 s as the edit engine renders them, bursts where they play.
    const source = { kind: 'edit', projectId: edit.id, segmentId } as const;
    const wave = await t.call('programme.sourcePeaks', { source, maxBuckets: 200 });
    expect(wave.durationSec).toBeCloseTo(2, 3);
    expect(wave.startSec).toBe(0);
    const peakAt = (sec: number) => {
      const k = Math.floor(sec * wave.bucketsPerSecond);
      return Math.max(...wave.max.slice(Math.max(0, k - 1), k + 2));
    };
    expect(peakAt(36_000 / S + 0.02)).toBeGreaterThan(0.7);
    expect(peakAt(84_000 / S + 0.02)).toBeGreaterThan(0.7);
    expect(peakAt(0.4)).toBeLessThan(0.15); // only the quiet tone there
    expect(peakAt(0.4)).toBeGreaterThan(0.05);
    // An asset's clips draw the library's peaks of it.
    const assetWave = await t.call('programme.sourcePeaks', { source: { kind: 'asset', assetId: markers } });
    expect(assetWave).toEqual(await t.call('library.peaks', { id: markers }));

    // The segment removed in the editor: the programme says so.
    await t.call('edit.segments.remove', { projectId: edit.id, segmentId });
    p = await t.call('programme.get', { id: p.id });
    expect(p.analysis.problems[0]?.code).toBe('PROGRAMME_SOURCE_MISSING');
    expect(p.analysis.problems[0]?.message).toContain('đã bị xoá');
    await expect(t.call('programme.sourcePeaks', { source })).rejects.toThrow(
      /PROGRAMME_SOURCE_MISSING.*đã bị xoá/,
    );
  });
});

describe('exported files', () => {
  it('writes a programme to a file and reads it back as a new programme', async () => {
    const { p } = await morningNews();
    const { file } = await t.call('programme.export', { id: p.id, path: path.join(dir, 'ban-tin.json') });
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content).toMatchObject({ format: 'studio-truyen-thanh/programme', version: 1, programmeId: p.id });
    const copy = await t.call('programme.import', { path: file });
    expect(copy.id).not.toBe(p.id);
    expect(copy.items.map(({ id, start, source }) => ({ id, start, source }))).toEqual(
      p.items.map(({ id, start, source }) => ({ id, start, source })),
    );
  });

  it('says what is wrong with a file that is not a programme', async () => {
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, 'not json');
    expect((await t.fail('programme.import', { path: bad })).code).toBe('PROGRAMME_FILE_INVALID');
    await writeFile(bad, JSON.stringify({ format: 'studio-truyen-thanh/programme', version: 9 }));
    const newer = await t.fail('programme.import', { path: bad });
    expect(newer.code).toBe('PROGRAMME_FILE_INVALID');
    expect(newer.message).toContain('mới hơn');
    await writeFile(
      bad,
      JSON.stringify({ format: 'studio-truyen-thanh/programme', version: 1, document: {} }),
    );
    expect((await t.fail('programme.import', { path: bad })).message).toContain('bị hỏng');
    expect((await t.fail('programme.import', { path: path.join(dir, 'none.json') })).code).toBe(
      'PROGRAMME_NOT_FOUND',
    );
  });
});
