/**
 * Undo/redo of a programme: changes by `programme.apply` and `programme.update` step back and
 * forward, a new change drops what could be redone, the history survives a restart of the studio,
 * and undoing past the start changes nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeChangedEvent, ProgrammeState } from '../../src-main/contract';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, apply, importAs, trackId } from '../support/programme';

let t: TestStudio;
let dir: string;
let vie: string;
let jingle: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-undo-'));
  t = await openTestStudio(path.join(dir, 'data'));
  const f = (name: string) => path.join(dir, name);
  vie = await importAs(
    t,
    signal(f('vie.wav'), { samples: 96_000, tone: { freq: 300, amp: 0.2 } }),
    'Tin tiếng Việt',
  );
  jingle = await importAs(
    t,
    signal(f('jingle.wav'), { samples: 24_000, tone: { freq: 880, amp: 0.3 } }),
    'Nhạc hiệu',
  );
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

const titles = (p: ProgrammeState) => p.items.map((i) => i.title);
const undo = (p: ProgrammeState) => t.call('programme.undo', { id: p.id });
const redo = (p: ProgrammeState) => t.call('programme.redo', { id: p.id });

describe('programme undo/redo', () => {
  it('steps back and forward through items, tracks, metadata and ducking', async () => {
    const created = await t.call('programme.create', { metadata: { title: 'Bản tin trưa' } });
    expect(created).toMatchObject({ canUndo: false, canRedo: false, undoLabel: null, redoLabel: null });

    const j = await addAsset(t, created, 'jingle', jingle, { start: 0 });
    const v = await addAsset(t, j.p, 'voice', vie, { start: 24_000 });
    expect(v.p).toMatchObject({ canUndo: true, canRedo: false, undoLabel: 'Thêm mục “Tin tiếng Việt”' });
    let p = await apply(t, v.p, { type: 'update', itemId: v.id, patch: { gainDb: -3 } });
    expect(p.undoLabel).toBe('Sửa mục “Tin tiếng Việt”');
    p = await apply(t, p, { type: 'updateTrack', trackId: trackId(p, 'bed'), patch: { muted: true } });
    p = await t.call('programme.update', { id: p.id, metadata: { title: 'Bản tin chiều' } });
    expect(p.undoLabel).toBe('Sửa thông tin chương trình');
    p = await t.call('programme.update', { id: p.id, ducking: { depthDb: 20 } });
    expect(p.undoLabel).toBe('Sửa cách giảm nhạc nền');
    const last = p;

    const events: ProgrammeChangedEvent[] = [];
    const seen = t.events.length;
    p = await undo(p);
    expect(p.ducking.depthDb).toBe(created.ducking.depthDb);
    expect(p).toMatchObject({ canRedo: true, redoLabel: 'Sửa cách giảm nhạc nền' });
    expect(p.revision).toBe(last.revision + 1);
    for (const e of t.events.slice(seen))
      if (e.event === 'programme.changed') events.push(e.payload as ProgrammeChangedEvent);
    expect(events).toEqual([{ programmeId: p.id, revision: p.revision, reason: 'undone' }]);

    p = await undo(p);
    expect(p.metadata.title).toBe('Bản tin trưa');
    await expect(t.call('programme.list', {})).resolves.toEqual(
      expect.arrayContaining([expect.objectContaining({ id: p.id, title: 'Bản tin trưa' })]),
    );
    p = await undo(p);
    expect(p.tracks.find((x) => x.kind === 'bed')?.muted).toBe(false);
    p = await undo(p);
    expect(p.items.find((i) => i.id === v.id)?.gainDb).toBe(0);
    expect(p.undoLabel).toBe('Thêm mục “Tin tiếng Việt”');
    p = await undo(p);
    expect(titles(p)).toEqual(['Nhạc hiệu']);

    // Forward again, all the way: the same programme as before the undos.
    for (let k = 0; k < 5; k++) p = await redo(p);
    expect(p).toMatchObject({ canRedo: false, redoLabel: null, undoLabel: 'Sửa cách giảm nhạc nền' });
    const strip = (s: ProgrammeState) => ({
      ...s,
      revision: 0,
      updatedAt: '',
      canRedo: false,
      redoLabel: null,
    });
    expect(strip(p)).toEqual(strip(last));

    // A new change after an undo drops what could be redone.
    p = await undo(p);
    expect(p.canRedo).toBe(true);
    p = await apply(t, p, { type: 'remove', itemId: j.id });
    expect(p).toMatchObject({ canRedo: false, undoLabel: 'Xoá mục “Nhạc hiệu”' });
    p = await undo(p);
    expect(titles(p)).toEqual(['Nhạc hiệu', 'Tin tiếng Việt']);
    expect(p.redoLabel).toBe('Xoá mục “Nhạc hiệu”');
  });

  it('undoing past the start changes nothing, and a stale view is refused', async () => {
    let p = await t.call('programme.create', { metadata: { title: 'Thông báo' } });
    p = (await addAsset(t, p, 'voice', vie)).p;
    p = await undo(p);
    expect(p.items).toEqual([]);
    expect(p.canUndo).toBe(false);
    const again = await undo(p);
    expect(again.revision).toBe(p.revision);
    expect(again.canUndo).toBe(false);
    expect(again.canRedo).toBe(true);
    const stale = await t.fail('programme.redo', { id: p.id, expectedRevision: p.revision - 1 });
    expect(stale.code).toBe('CONFLICT');
    const bad = await t.fail('programme.undo', { id: 'nope' } as never);
    expect(bad.code).toBe('INVALID_REQUEST');
  });

  it('keeps the history across a restart of the studio', async () => {
    let p = await t.call('programme.create', { metadata: { title: 'Bản tin tối' } });
    p = (await addAsset(t, p, 'jingle', jingle, { start: 0 })).p;
    p = (await addAsset(t, p, 'voice', vie, { start: 24_000 })).p;
    p = await undo(p);
    expect(titles(p)).toEqual(['Nhạc hiệu']);

    await t.studio.close();
    t = await openTestStudio(t.dataDir);
    p = await t.call('programme.get', { id: p.id });
    expect(p).toMatchObject({
      canUndo: true,
      canRedo: true,
      undoLabel: 'Thêm mục “Nhạc hiệu”',
      redoLabel: 'Thêm mục “Tin tiếng Việt”',
    });
    p = await redo(p);
    expect(titles(p)).toEqual(['Nhạc hiệu', 'Tin tiếng Việt']);
    p = await undo(p);
    p = await undo(p);
    expect(p.items).toEqual([]);
    expect(p.canUndo).toBe(false);
    expect(p.analysis.lengthSamples).toBe(0);
  });
});
