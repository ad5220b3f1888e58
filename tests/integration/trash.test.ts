/**
 * The trash through the router, as the Library and Programme workspaces use it: what uses an asset
 * (programmes, edits, templates, by name), moving to the trash and back, the render that says its
 * source is in the trash, and deleting for good only as a second step.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  LibraryChangedEvent,
  ProgrammeChangedEvent,
  ProgrammeState,
  UsageRef,
} from '../../src-main/contract';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, apply, importAs, S, trackId } from '../support/programme';

let t: TestStudio;
let dir: string;
let interview: string;
let bed: string;
let spare: string;

const titles = (refs: UsageRef[]) => refs.map((r) => (r.inTrash ? `${r.title} (thùng rác)` : r.title));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-trash-'));
  t = await openTestStudio(path.join(dir, 'data'));
  const f = (name: string) => path.join(dir, name);
  interview = await importAs(
    t,
    signal(f('interview.wav'), { samples: 2 * S, tone: { freq: 300, amp: 0.2 } }),
    'Phỏng vấn chủ tịch xã',
  );
  // 44.1 kHz: the editor keeps a 48 kHz copy of it in its cache.
  bed = await importAs(
    t,
    signal(f('bed.wav'), { samples: 88_200, rate: 44_100, tone: { freq: 440, amp: 0.2 } }),
    'Nhạc nền',
  );
  spare = await importAs(
    t,
    signal(f('spare.wav'), { samples: S, tone: { freq: 500, amp: 0.2 } }),
    'Bản ghi thử',
  );
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

async function programme(title: string): Promise<ProgrammeState> {
  return t.call('programme.create', { metadata: { title } });
}

describe('what uses an asset', () => {
  it('names the programmes, edits and templates that use it, and only those', async () => {
    // An edit of the music bed with the interview inserted: it plays both.
    const mixed = await t.call('edit.open', { assetId: bed });
    await t.call('edit.apply', {
      projectId: mixed.id,
      op: { type: 'insertAsset', at: 0, assetId: interview },
    });
    // An edit that inserted the interview and took it back: the interview is only in its history.
    const undone = await t.call('edit.open', { assetId: spare });
    await t.call('edit.apply', {
      projectId: undone.id,
      op: { type: 'insertAsset', at: 0, assetId: interview },
    });
    await t.call('edit.undo', { projectId: undone.id });

    const morning = await programme('Bản tin sáng');
    await addAsset(t, morning, 'voice', interview);
    const evening = await programme('Bản tin chiều');
    await apply(t, evening, {
      type: 'add',
      item: {
        trackId: trackId(evening, 'voice'),
        source: { kind: 'edit', projectId: mixed.id, segmentId: null },
      },
    });
    const old = await programme('Bản tin tuần trước');
    await addAsset(t, old, 'voice', interview);
    await t.call('programme.trash', { id: old.id });
    const other = await programme('Chương trình tiếng Tày');
    await addAsset(t, other, 'voice', spare);
    await t.call('programme.templates.save', {
      programmeId: morning.id,
      name: 'Mẫu bản tin',
      keepVoice: true,
    });
    await t.call('programme.templates.save', { programmeId: morning.id, name: 'Mẫu trống' });

    const usage = await t.call('library.usage', { id: interview });
    expect(usage.assetId).toBe(interview);
    expect(titles(usage.programmes)).toEqual([
      'Bản tin chiều',
      'Bản tin sáng',
      'Bản tin tuần trước (thùng rác)',
    ]);
    expect(titles(usage.edits)).toEqual(['Nhạc nền']);
    expect(titles(usage.templates)).toEqual(['Mẫu bản tin']);

    const spareUsage = await t.call('library.usage', { id: spare });
    expect(titles(spareUsage.programmes)).toEqual(['Chương trình tiếng Tày']);
    expect(titles(spareUsage.edits)).toEqual(['Bản ghi thử']);
    expect(spareUsage.templates).toEqual([]);

    const missing = await t.fail('library.usage', { id: 'f'.repeat(64) });
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('an asset in the trash', () => {
  it('leaves the list, stops the programmes that use it with a plain message, and comes back whole', async () => {
    const p = await programme('Thời sự trưa');
    await addAsset(t, p, 'voice', interview);
    const from = t.events.length;

    const trashed = await t.call('library.trash', { id: interview });
    expect(trashed.deletedAt).not.toBeNull();
    const listed = await t.call('library.list', {});
    expect(listed.items.map((a) => a.id)).not.toContain(interview);
    const inTrash = await t.call('library.list', { onlyDeleted: true });
    expect(inTrash.items.map((a) => a.title)).toEqual(['Phỏng vấn chủ tịch xã']);

    // The render says which audio is in the trash and how to get it back, before writing anything.
    const state = await t.call('programme.get', { id: p.id });
    expect(state.analysis.problems.map((x) => x.message)).toEqual([
      expect.stringContaining('"Phỏng vấn chủ tịch xã" đang nằm trong thùng rác'),
    ]);
    const refused = await t.fail('programme.render', { id: p.id, dir: path.join(t.dataDir, 'exports') });
    expect(refused.code).toBe('PROGRAMME_SOURCE_MISSING');
    expect(refused.message).toContain('Thư viện → Thùng rác → Khôi phục');

    const restored = await t.call('library.restore', { id: interview });
    expect(restored.deletedAt).toBeNull();
    expect({ ...restored, updatedAt: '' }).toEqual({ ...trashed, deletedAt: null, updatedAt: '' });
    expect((await t.call('programme.get', { id: p.id })).analysis.problems).toEqual([]);
    const reasons = t.events
      .slice(from)
      .filter((e) => e.event === 'library.changed')
      .map((e) => (e.payload as LibraryChangedEvent).reason);
    expect(reasons).toEqual(['trashed', 'restored']);
  });

  it('is deleted for good only from the trash: record, audio, waveform and the editor’s copy', async () => {
    const asset = await t.call('library.get', { id: bed });
    const audio = path.join(t.dataDir, asset.file);
    const peaks = t.studio.services.media.library.peaksPath(asset.sha256);
    const copy = path.join(t.dataDir, t.studio.services.audio.sources.cachedFile(bed));
    expect([existsSync(audio), existsSync(peaks), existsSync(copy)]).toEqual([true, true, true]);

    const notYet = await t.fail('library.purge', { id: bed });
    expect(notYet.code).toBe('NOT_IN_TRASH');
    expect(notYet.message).toContain('"Nhạc nền" chưa ở thùng rác');
    expect([existsSync(audio), existsSync(peaks)]).toEqual([true, true]);

    await t.call('library.trash', { id: bed });
    await t.call('library.purge', { id: bed });
    expect([existsSync(audio), existsSync(peaks), existsSync(copy)]).toEqual([false, false, false]);
    expect((await t.fail('library.get', { id: bed })).code).toBe('NOT_FOUND');
    expect((await t.call('library.list', { includeDeleted: true })).items.map((a) => a.id)).not.toContain(
      bed,
    );

    // A programme that used it (through an edit) now says the audio is gone.
    const evening = (await t.call('programme.list', {})).find((x) => x.title === 'Bản tin chiều');
    const state = await t.call('programme.get', { id: evening?.id ?? '' });
    expect(state.analysis.problems[0]?.message).toContain('không còn trong thư viện');

    // The library reopens without it (the record is gone from its file, not only from memory).
    const again = await openTestStudioAfterClose();
    expect(again.studio.services.media.library.find(bed)).toBeUndefined();
    expect(again.studio.services.media.library.find(interview)).toBeDefined();
  });
});

/** Closes the shared studio and opens the same data folder again (the lock allows one at a time). */
async function openTestStudioAfterClose(): Promise<TestStudio> {
  await t.studio.close();
  t = await openTestStudio(t.dataDir);
  return t;
}

describe('a programme in the trash', () => {
  it('leaves the list, cannot be changed or rendered, and comes back where it was', async () => {
    const first = await programme('Tin nông nghiệp');
    const p = await programme('Tin thời tiết');
    await addAsset(t, p, 'voice', spare);
    const before = (await t.call('programme.list', {})).map((x) => x.id);
    const from = t.events.length;

    const trashed = await t.call('programme.trash', { id: p.id });
    expect(trashed.deletedAt).not.toBeNull();
    expect((await t.call('programme.list', {})).map((x) => x.id)).not.toContain(p.id);
    const bin = await t.call('programme.list', { onlyDeleted: true });
    expect(bin.find((x) => x.id === p.id)?.deletedAt).toBe(trashed.deletedAt);

    const change = await t.fail('programme.update', { id: p.id, metadata: { title: 'Sửa' } });
    expect(change.code).toBe('PROGRAMME_IN_TRASH');
    expect(change.message).toContain('"Tin thời tiết" đang nằm trong thùng rác');
    expect(
      (await t.fail('programme.apply', { id: p.id, op: { type: 'addTrack', kind: 'voice' } })).code,
    ).toBe('PROGRAMME_IN_TRASH');
    expect((await t.fail('programme.render', { id: p.id })).code).toBe('PROGRAMME_IN_TRASH');
    expect((await t.fail('programme.purge', { id: first.id })).code).toBe('NOT_IN_TRASH');

    const restored = await t.call('programme.restore', { id: p.id });
    expect(restored.deletedAt).toBeNull();
    expect(restored.items.map((i) => i.title)).toEqual(['Bản ghi thử']);
    expect((await t.call('programme.list', {})).map((x) => x.id)).toEqual(before);

    await t.call('programme.trash', { id: p.id });
    await t.call('programme.purge', { id: p.id });
    expect((await t.fail('programme.get', { id: p.id })).code).toBe('PROGRAMME_NOT_FOUND');
    expect((await t.call('programme.list', { onlyDeleted: true })).map((x) => x.id)).not.toContain(p.id);
    expect(existsSync(path.join(t.dataDir, 'db', `programme-${p.id}.json`))).toBe(false);
    expect(existsSync(path.join(t.dataDir, 'db', `programme-${first.id}.json`))).toBe(true);
    const reasons = t.events
      .slice(from)
      .filter((e) => e.event === 'programme.changed')
      .map((e) => (e.payload as ProgrammeChangedEvent).reason);
    expect(reasons).toEqual(['trashed', 'restored', 'trashed', 'purged']);
  });
});
