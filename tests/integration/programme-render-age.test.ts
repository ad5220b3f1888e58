/**
 * A render records what it rendered (the programme's document key); after the programme changes in
 * a way that changes its audio or its report, the last render is out of date, and an undo back to
 * what was rendered makes it current again. Through the router, as the Programme workspace asks.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeState } from '../../src-main/contract';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, apply, importAs, renderOk, S, trackId } from '../support/programme';

let t: TestStudio;
let dir: string;
let vie: string;
let bed: string;
let outCount = 0;

const out = async () => {
  const d = path.join(dir, `out-${++outCount}`);
  await mkdir(d);
  return d;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-age-'));
  t = await openTestStudio(path.join(dir, 'data'));
  const f = (name: string) => path.join(dir, name);
  vie = await importAs(
    t,
    signal(f('vie.wav'), { samples: 2 * S, tone: { freq: 300, amp: 0.2 } }),
    'Tin sáng',
  );
  bed = await importAs(
    t,
    signal(f('bed.wav'), { samples: 3 * S, tone: { freq: 440, amp: 0.1 } }),
    'Nhạc nền',
  );
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

/** Whether the programme's last render is of the programme as it is now. */
const current = (p: ProgrammeState) => {
  expect(p.lastRender?.documentKey).toMatch(/^[0-9a-f]{64}$/);
  return p.lastRender?.documentKey === p.documentKey;
};
const get = (p: ProgrammeState) => t.call('programme.get', { id: p.id });

describe('an old render is known to be old', () => {
  it('goes out of date when the audio or the airtime changes, not when the title does, and back with undo', async () => {
    let p = await t.call('programme.create', {
      metadata: { title: 'Bản tin sáng', languages: ['vie', 'tyz'] },
    });
    const voice = await addAsset(t, p, 'voice', vie, { start: 0 });
    p = (await addAsset(t, voice.p, 'bed', bed, { start: 0 })).p;
    const job = await renderOk(t, p, await out());
    p = await get(p);
    expect(job.report.documentKey).toBe(p.documentKey);
    expect(current(p)).toBe(true);

    // The title, the date, the summary: the audio is the same, the render is still the programme's.
    p = await t.call('programme.update', {
      id: p.id,
      metadata: { title: 'Bản tin sáng thứ Hai', date: '2026-12-07', summary: 'Tin nông nghiệp' },
    });
    expect(current(p)).toBe(true);

    // Each of these changes what a render would make.
    const changes: Array<[string, () => Promise<ProgrammeState>]> = [
      ['item moved', () => apply(t, p, { type: 'update', itemId: voice.id, patch: { start: S / 2 } })],
      ['item gain', () => apply(t, p, { type: 'update', itemId: voice.id, patch: { gainDb: -3 } })],
      [
        'item language (airtime)',
        () => apply(t, p, { type: 'update', itemId: voice.id, patch: { language: 'tyz' } }),
      ],
      [
        'bed muted',
        () => apply(t, p, { type: 'updateTrack', trackId: trackId(p, 'bed'), patch: { muted: true } }),
      ],
      ['ducking', () => t.call('programme.update', { id: p.id, ducking: { depthDb: 20 } })],
      ['loudness preset', () => t.call('programme.update', { id: p.id, metadata: { loudness: 'outdoor' } })],
    ];
    for (const [what, change] of changes) {
      const changed = await change();
      expect(current(changed), what).toBe(false);
      // Undone, the programme is again what was rendered.
      p = await t.call('programme.undo', { id: p.id });
      expect(current(p), `${what}, undone`).toBe(true);
    }

    // The record survives a restart of the studio.
    p = await apply(t, p, { type: 'update', itemId: voice.id, patch: { start: S } });
    await t.studio.close();
    t = await openTestStudio(path.join(dir, 'data'));
    p = await get(p);
    expect(current(p)).toBe(false);

    // Rendered again, it is current.
    const again = await renderOk(t, p, await out());
    p = await get(p);
    expect(again.report.documentKey).toBe(p.documentKey);
    expect(current(p)).toBe(true);
  });

  it('goes out of date when an edit the programme plays is changed in the editor', async () => {
    let edit = await t.call('edit.open', { assetId: vie });
    let p = await t.call('programme.create', { metadata: { title: 'Phóng sự', languages: ['vie'] } });
    p = await apply(t, p, {
      type: 'add',
      item: { trackId: trackId(p, 'voice'), source: { kind: 'edit', projectId: edit.id, segmentId: null } },
    });
    await renderOk(t, p, await out());
    p = await get(p);
    expect(current(p)).toBe(true);

    // A marker changes nothing that plays.
    edit = (
      await t.call('edit.apply', {
        projectId: edit.id,
        op: { type: 'addMarker', at: S / 2, label: 'Ý chính' },
      })
    ).project;
    expect(current(await get(p))).toBe(true);

    // A gain in the edit does.
    await t.call('edit.apply', {
      projectId: edit.id,
      op: { type: 'gain', start: 0, end: S / 2, gainDb: -6 },
    });
    expect(current(await get(p))).toBe(false);
  });
});
