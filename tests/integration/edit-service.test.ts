/**
 * Edit projects through the router as the editor uses them: history with undo/redo that survives a
 * restart, segments that move with edits, the clipboard's limit, export jobs, and the bad states
 * (missing project, deleted or trashed asset, lost file, stale window) with their Vietnamese messages.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EditOpRequestIn, EditProjectState } from '../../src-main/contract';
import { decode, onsets, signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const S = 48_000;
const opened: TestStudio[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.studio.close()));
});

async function studioWithMarkers(): Promise<{ t: TestStudio; dir: string; asset: string; file: string }> {
  const dir = await tempDir();
  const t = await openTestStudio(path.join(dir, 'data'));
  opened.push(t);
  const file = signal(path.join(dir, 'markers.wav'), {
    samples: 4 * S,
    bursts: [
      { at: S, length: 2400 },
      { at: 2 * S, length: 2400 },
      { at: 3 * S, length: 2400 },
    ],
  });
  return { t, dir, asset: await t.importFile(file, 'Phỏng vấn bà con xã Tân Lập'), file };
}

async function apply(t: TestStudio, p: EditProjectState, op: EditOpRequestIn): Promise<EditProjectState> {
  return (await t.call('edit.apply', { projectId: p.id, op })).project;
}

describe('history', () => {
  it('undoes and redoes every step, lists them in Vietnamese, and keeps all of it across a restart', async () => {
    const { t, dir, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    const original = p.document;
    p = await apply(t, p, { type: 'cut', start: 60_000, end: 144_000 });
    p = await apply(t, p, { type: 'fade', direction: 'in', start: 0, end: 4_800, curve: 'scurve' });
    p = await apply(t, p, { type: 'silence', start: 10_000, end: 20_000 });
    const edited = p.document;
    expect(p.durationSamples).toBe(4 * S - 84_000);
    expect(p.undoLabel).toBe('Làm im lặng 00:00.208–00:00.417');

    const history = await t.call('edit.history', { projectId: p.id });
    expect(history.position).toBe(3);
    expect(history.entries.map((e) => e.label)).toEqual([
      'Cắt 00:01.250–00:03.000',
      'Tăng dần (chữ S) 00:00.000–00:00.100',
      'Làm im lặng 00:00.208–00:00.417',
    ]);
    // The same steps as data, for the UI to word in its own language.
    expect(history.entries.map((e) => e.step)).toEqual([
      { type: 'delete', cut: true, start: 60_000, end: 144_000 },
      { type: 'fade', direction: 'in', curve: 'scurve', start: 0, end: 4_800 },
      { type: 'silence', start: 10_000, end: 20_000 },
    ]);
    expect(p.undoStep).toEqual({ type: 'silence', start: 10_000, end: 20_000 });
    expect(p.redoStep).toBeNull();

    p = await t.call('edit.undo', { projectId: p.id });
    p = await t.call('edit.undo', { projectId: p.id });
    expect(p.position).toBe(1);
    expect(p.redoLabel).toBe('Tăng dần (chữ S) 00:00.000–00:00.100');
    p = await t.call('edit.jumpTo', { projectId: p.id, position: 0 });
    expect(p.document).toEqual(original);
    expect(p.canUndo).toBe(false);
    p = await t.call('edit.redo', { projectId: p.id });
    expect(p.durationSamples).toBe(4 * S - 84_000);

    // Restart: a new studio on the same data folder finds the project where it was, redo included.
    await t.studio.close();
    const again = await openTestStudio(path.join(dir, 'data'));
    opened.push(again);
    expect(again.studio.services.edit.projects.list(asset).map((s) => s.id)).toEqual([p.id]);
    let q = await again.call('edit.open', { assetId: asset });
    expect(q.id).toBe(p.id);
    expect(q.position).toBe(1);
    expect(q.canRedo).toBe(true);
    q = await again.call('edit.jumpTo', { projectId: q.id, position: 3 });
    expect(q.document).toEqual(edited);
    // A new operation after an undo drops the steps that could have been redone.
    q = await again.call('edit.undo', { projectId: q.id });
    q = await apply(again, q, { type: 'split', at: 1_000 });
    expect(q.historyLength).toBe(3);
    expect(q.canRedo).toBe(false);
    const changed = again.events.filter((e) => e.event === 'edit.changed');
    expect(changed.length).toBeGreaterThanOrEqual(3);
  });

  it('opens a project saved before steps were kept as data, finding them by replaying its history', async () => {
    const { t, dir, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    p = await apply(t, p, { type: 'addMarker', at: 48_000 });
    const marker = p.document.markers[0]!.id;
    p = await apply(t, p, { type: 'cut', start: 0, end: 24_000 });
    p = await apply(t, p, { type: 'removeMarker', markerId: marker });
    await t.studio.close();

    // Schema 1: each entry had its op, its Vietnamese label and its time, nothing more.
    const file = path.join(dir, 'data', 'db', `edit-project-${p.id}.json`);
    const disk = JSON.parse(await readFile(file, 'utf8')) as {
      schemaVersion: number;
      data: { history: Array<Record<string, unknown>> };
    };
    expect(disk.schemaVersion).toBe(2);
    disk.schemaVersion = 1;
    for (const e of disk.data.history) delete e.step;
    await writeFile(file, JSON.stringify(disk));
    await rm(`${file}.bak`, { force: true });

    const again = await openTestStudio(path.join(dir, 'data'));
    opened.push(again);
    const history = await again.call('edit.history', { projectId: p.id });
    expect(history.entries.map((e) => e.step)).toEqual([
      { type: 'addMarker', at: 48_000, label: '' },
      { type: 'delete', cut: true, start: 0, end: 24_000 },
      // The marker had moved with the cut: where it was when it was removed.
      { type: 'removeMarker', at: 24_000, label: '' },
    ]);
    expect(history.entries.map((e) => e.label)).toEqual([
      'Thêm mốc tại 00:01.000',
      'Cắt 00:00.000–00:00.500',
      'Xoá mốc tại 00:00.500',
    ]);
  });

  it('jumps anywhere in a long history to exactly the document that was there, also after the history is cut', async () => {
    const { t, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    const seen = [p.document];
    for (let i = 0; i < 130; i++) {
      const a = 1_000 + ((i * 7_919) % 150_000);
      p = await apply(
        t,
        p,
        i % 2 ? { type: 'gain', start: a, end: a + 900, gainDb: -3 } : { type: 'split', at: a },
      );
      seen.push(p.document);
    }
    for (const k of [60, 129, 49, 100, 0, 130, 51]) {
      expect((await t.call('edit.jumpTo', { projectId: p.id, position: k })).document).toEqual(seen[k]);
    }
    await t.call('edit.jumpTo', { projectId: p.id, position: 70 });
    p = await apply(t, p, { type: 'delete', start: 0, end: 4_800 });
    const cut = p.document;
    expect((await t.call('edit.jumpTo', { projectId: p.id, position: 50 })).document).toEqual(seen[50]);
    expect((await t.call('edit.jumpTo', { projectId: p.id, position: 71 })).document).toEqual(cut);
    expect((await t.call('edit.undo', { projectId: p.id })).document).toEqual(seen[70]);
  });

  it('refuses an operation from a window that has not seen the last change', async () => {
    const { t, asset } = await studioWithMarkers();
    const p = await t.call('edit.open', { assetId: asset });
    await t.call('edit.apply', {
      projectId: p.id,
      op: { type: 'split', at: 100 },
      expectedRevision: p.revision,
    });
    const err = await t.fail('edit.apply', {
      projectId: p.id,
      op: { type: 'split', at: 200 },
      expectedRevision: p.revision,
    });
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('Bản biên tập vừa được thay đổi ở cửa sổ khác. Hãy xem lại rồi thao tác lại.');
  });

  it('validates operations strictly', async () => {
    const { t, asset } = await studioWithMarkers();
    const p = await t.call('edit.open', { assetId: asset });
    const bad = [
      { type: 'cut', start: 0, end: 10, extra: 1 },
      { type: 'explode' },
      { type: 'cut', start: 0.5, end: 10 },
      { type: 'fade', direction: 'sideways', start: 0, end: 10 },
      { type: 'gain', start: 0, end: 10, gainDb: 90 },
    ];
    for (const op of bad) {
      const err = await t.fail('edit.apply', { projectId: p.id, op: op as never });
      expect(err.code).toBe('INVALID_REQUEST');
    }
  });
});

describe('segments', () => {
  it('labels a Tày segment that shifts with a cut before it and shortens with a cut inside it', async () => {
    const { t, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    p = await t.call('edit.segments.add', {
      projectId: p.id,
      segment: {
        start: 96_000,
        end: 144_000,
        language: 'tyz',
        type: 'news',
        title: 'Tin tiếng Tày',
        script: 'Kịch bản…',
      },
    });
    const id = p.document.segments[0]?.id as string;
    expect(p.undoLabel).toBe('Thêm đoạn "Tin tiếng Tày" (tyz) 00:02.000–00:03.000');
    p = await apply(t, p, { type: 'delete', start: 0, end: 24_000 });
    expect(p.document.segments[0]).toMatchObject({ id, start: 72_000, end: 120_000 });
    p = await apply(t, p, { type: 'delete', start: 110_000, end: 130_000 });
    expect(p.document.segments[0]).toMatchObject({ id, start: 72_000, end: 110_000 });
    p = await t.call('edit.segments.update', {
      projectId: p.id,
      segmentId: id,
      patch: { type: 'report', language: 'vie' },
    });
    expect(p.document.segments[0]).toMatchObject({ type: 'report', language: 'vie', title: 'Tin tiếng Tày' });
    p = await t.call('edit.undo', { projectId: p.id });
    expect(p.document.segments[0]).toMatchObject({ type: 'news', language: 'tyz' });
    p = await t.call('edit.segments.remove', { projectId: p.id, segmentId: id });
    expect(p.document.segments).toEqual([]);
    const err = await t.fail('edit.segments.update', {
      projectId: p.id,
      segmentId: id,
      patch: { title: 'x' },
    });
    expect(err.code).toBe('EDIT_RANGE');
  });
});

describe('markers', () => {
  it('names, renames and deletes a marker, each an undoable step of the history', async () => {
    const { t, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    p = await apply(t, p, { type: 'addMarker', at: S });
    const id = p.document.markers[0]!.id;
    // Typed with combining marks (as some Vietnamese keyboards send it): kept composed (NFC).
    p = await apply(t, p, {
      type: 'renameMarker',
      markerId: id,
      label: '  Bắt đầu phỏng vấn  '.normalize('NFD'),
    });
    expect(p.document.markers).toEqual([{ id, at: S, label: 'Bắt đầu phỏng vấn' }]);
    expect(p.undoLabel).toBe('Đặt tên mốc tại 00:01.000: "Bắt đầu phỏng vấn"');
    expect(p.undoStep).toEqual({
      type: 'renameMarker',
      at: S,
      label: 'Bắt đầu phỏng vấn',
      previous: '',
    });
    p = await apply(t, p, { type: 'renameMarker', markerId: id, label: 'Ông Nông Văn Dũng trả lời' });
    p = await apply(t, p, { type: 'removeMarker', markerId: id });
    expect(p.document.markers).toEqual([]);
    expect(p.undoLabel).toBe('Xoá mốc tại 00:01.000');

    p = await t.call('edit.undo', { projectId: p.id });
    expect(p.document.markers).toEqual([{ id, at: S, label: 'Ông Nông Văn Dũng trả lời' }]);
    p = await t.call('edit.undo', { projectId: p.id });
    expect(p.document.markers[0]?.label).toBe('Bắt đầu phỏng vấn');
    p = await apply(t, p, { type: 'renameMarker', markerId: id, label: '' });
    expect(p.document.markers[0]?.label).toBe('');
    expect(p.undoLabel).toBe('Bỏ tên mốc tại 00:01.000');

    const history = await t.call('edit.history', { projectId: p.id });
    expect(history.entries.map((e) => e.type)).toEqual(['addMarker', 'renameMarker', 'renameMarker']);

    // A marker that is not there, and a name too long, are refused with a message.
    const gone = await t.fail('edit.apply', {
      projectId: p.id,
      op: { type: 'renameMarker', markerId: 'm99', label: 'x' },
    });
    expect(gone.code).toBe('EDIT_RANGE');
    expect(gone.message).toContain('Không tìm thấy mốc này');
    const long = await t.fail('edit.apply', {
      projectId: p.id,
      op: { type: 'renameMarker', markerId: id, label: 'x'.repeat(201) },
    });
    expect(long.code).toBe('INVALID_REQUEST');
  });
});

describe('clipboard', () => {
  it('holds up to 30 minutes: a longer cut still cuts, but a paste then says why it cannot', async () => {
    const { t, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    const empty = await t.fail('edit.apply', { projectId: p.id, op: { type: 'paste', at: 0 } });
    expect(empty.code).toBe('EDIT_CLIPBOARD_EMPTY');
    expect((await t.call('edit.clipboard', {})).empty).toBe(true);
    // Double the edit nine times: 4 s × 512 = 34 min 8 s.
    for (let i = 0; i < 9; i++) {
      await t.call('edit.copy', { projectId: p.id, start: 0, end: p.durationSamples });
      p = await apply(t, p, { type: 'paste', at: p.durationSamples });
    }
    expect(p.durationSamples).toBe(512 * 4 * S);
    const tooLong = 31 * 60 * S;
    const copy = await t.fail('edit.copy', { projectId: p.id, start: 0, end: tooLong });
    expect(copy.code).toBe('EDIT_CLIPBOARD_TOO_LONG');
    expect(copy.message).toMatch(/^Đoạn chọn dài 31:00\.000, quá giới hạn 30:00\.000 của bộ nhớ tạm/);
    const cut = await t.call('edit.apply', { projectId: p.id, op: { type: 'cut', start: 0, end: tooLong } });
    expect(cut.project.durationSamples).toBe(512 * 4 * S - tooLong);
    expect(cut.clipboard).toMatchObject({ empty: false, ok: false, lengthSamples: tooLong });
    const paste = await t.fail('edit.apply', { projectId: p.id, op: { type: 'paste', at: 0 } });
    expect(paste.code).toBe('EDIT_CLIPBOARD_TOO_LONG');
    expect(paste.message).toMatch(/^Đoạn trong bộ nhớ tạm dài 31:00\.000, quá giới hạn 30:00\.000/);
    // The long document renders its clips in order: the first burst is 4 s × k after the cut.
    const pv = await t.call('edit.preview', { projectId: p.id, start: 0, end: 8 * S });
    const found = onsets(decode(t.studio.services.audio.previews.file(pv.previewId) as string));
    expect(found).toEqual([S, 2 * S, 3 * S, 5 * S, 6 * S, 7 * S]);
  });
});

describe('bad states', () => {
  it('says which project, range or asset is wrong, in Vietnamese', async () => {
    const { t, asset } = await studioWithMarkers();
    const missing = await t.fail('edit.open', { projectId: '0'.repeat(32) });
    expect(missing.code).toBe('EDIT_NOT_FOUND');
    expect(missing.message).toMatch(/^Không tìm thấy bản biên tập này/);

    const p = await t.call('edit.open', { assetId: asset });
    const outside = await t.fail('edit.apply', {
      projectId: p.id,
      op: { type: 'silence', start: 4 * S, end: 5 * S },
    });
    expect(outside.code).toBe('EDIT_RANGE');
    expect(outside.message).toBe(
      'Đoạn chọn 00:04.000–00:05.000 vượt quá phần âm thanh đang biên tập (dài 00:04.000). Hãy chọn lại trong phạm vi âm thanh.',
    );
    const win = await t.fail('edit.preview', { projectId: p.id, start: 0, end: 5 * S });
    expect(win.code).toBe('EDIT_RANGE');
  });

  it('opens an edit list whose asset went to the trash, shows the problem, and renders again once it is restored', async () => {
    const { t, dir, asset } = await studioWithMarkers();
    const jingle = await t.importFile(
      signal(path.join(dir, 'jingle.wav'), { samples: S, bursts: [{ at: 100, length: 480 }] }),
      'Nhạc hiệu buổi sáng',
    );
    let p = await t.call('edit.open', { assetId: asset });
    p = await apply(t, p, { type: 'insertAsset', at: 0, assetId: jingle });
    await t.call('library.trash', { id: jingle });
    p = await t.call('edit.open', { projectId: p.id });
    expect(p.problems).toEqual([
      {
        code: 'EDIT_ASSET_DELETED',
        assetId: jingle,
        message:
          'Bản biên tập dùng âm thanh "Nhạc hiệu buổi sáng", hiện đang nằm trong thùng rác. Hãy khôi phục nó ' +
          '(Thư viện → Thùng rác → Khôi phục) rồi thử lại; bản biên tập vẫn được giữ nguyên.',
      },
    ]);
    const err = await t.fail('edit.preview', { projectId: p.id });
    expect(err.code).toBe('EDIT_ASSET_DELETED');
    const insert = await t.fail('edit.apply', {
      projectId: p.id,
      op: { type: 'insertAsset', at: 0, assetId: jingle },
    });
    expect(insert.code).toBe('EDIT_ASSET_DELETED');
    // Undo is always possible, and the project is intact once the asset is back.
    await t.call('library.restore', { id: jingle });
    expect((await t.call('edit.open', { projectId: p.id })).problems).toEqual([]);
    const pv = await t.call('edit.preview', { projectId: p.id });
    expect(onsets(decode(t.studio.services.audio.previews.file(pv.previewId) as string))).toEqual([
      100,
      S + S,
      2 * S + S,
      3 * S + S,
    ]);
  });

  it('names the asset whose file is missing and says what to do', async () => {
    const { t, asset } = await studioWithMarkers();
    const p = await t.call('edit.open', { assetId: asset });
    const record = await t.call('library.get', { id: asset });
    await rm(path.join(t.dataDir, record.file));
    const state = await t.call('edit.open', { projectId: p.id });
    expect(state.problems.map((x) => x.code)).toEqual(['EDIT_SOURCE_MISSING']);
    const err = await t.fail('edit.preview', { projectId: p.id });
    expect(err.code).toBe('EDIT_SOURCE_MISSING');
    expect(err.message).toBe(
      `Không tìm thấy tệp âm thanh của "Phỏng vấn bà con xã Tân Lập" trong thư mục dữ liệu (${record.file}). ` +
        'Có thể tệp đã bị xoá hoặc di chuyển bên ngoài studio. Hãy khôi phục thư mục dữ liệu từ bản sao lưu ' +
        'rồi mở lại bản biên tập; bản biên tập vẫn được giữ nguyên.',
    );
    const gone = await t.fail('edit.open', { assetId: '1'.repeat(64) });
    expect(gone.code).toBe('NOT_FOUND');
  });
});

describe('export', () => {
  it('exports WAV and MP3 in the background into the exports folder, with progress and a finished event', async () => {
    const { t, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    p = await apply(t, p, { type: 'trim', start: 24_000, end: 168_000 });
    const wav = await t.call('edit.export', { projectId: p.id, format: 'wav' });
    expect(wav.state).toBe('running');
    expect(path.dirname(wav.file)).toBe(path.join(t.dataDir, 'exports'));
    expect(path.basename(wav.file)).toMatch(/^Phỏng vấn bà con xã Tân Lập-\d{8}-\d{6}\.wav$/);
    const done = await t.studio.services.edit.exports.wait(wav.id);
    expect(done).toMatchObject({ state: 'finished', fraction: 1, error: null });
    expect(onsets(decode(done.file))).toEqual([24_000, 72_000, 120_000]);
    expect(t.events.some((e) => e.event === 'edit.export.finished')).toBe(true);
    const mp3 = await t.call('edit.export', { projectId: p.id, format: 'mp3', bitrateKbps: 128 });
    const mp3Done = await t.studio.services.edit.exports.wait(mp3.id);
    expect(mp3Done.file.endsWith('.mp3')).toBe(true);
    expect(Math.abs(decode(mp3Done.file).frames - 144_000)).toBeLessThan(1200);
    expect((await t.call('edit.exportStatus', { jobId: mp3.id })).state).toBe('finished');
  });

  it('cancels an export and leaves no file behind', async () => {
    const { t, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    for (let i = 0; i < 6; i++) {
      await t.call('edit.copy', { projectId: p.id, start: 0, end: p.durationSamples });
      p = await apply(t, p, { type: 'paste', at: p.durationSamples });
    }
    const job = await t.call('edit.export', { projectId: p.id, format: 'mp3' });
    await t.call('edit.cancelExport', { jobId: job.id });
    const done = await t.studio.services.edit.exports.wait(job.id);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('CANCELLED');
    expect(existsSync(done.file)).toBe(false);
    expect(existsSync(`${done.file}.part`)).toBe(false);
  });
});

describe('export to a file the user chooses', () => {
  it('suggests a new file in the exports folder, writes where the user says, and refuses to overwrite unless confirmed', async () => {
    const { t, dir, asset } = await studioWithMarkers();
    let p = await t.call('edit.open', { assetId: asset });
    const suggested = await t.call('edit.exportPath', { projectId: p.id, format: 'mp3' });
    expect(path.dirname(suggested.path)).toBe(path.join(t.dataDir, 'exports'));
    expect(path.basename(suggested.path)).toMatch(/^Phỏng vấn bà con xã Tân Lập-\d{8}-\d{6}\.mp3$/);
    expect(existsSync(path.dirname(suggested.path))).toBe(true);

    const out = await mkdtemp(path.join(dir, 'Tệp xuất '));
    const file = path.join(out, 'Bản tin sáng.wav');
    p = await apply(t, p, { type: 'trim', start: 24_000, end: 168_000 });
    const first = await t.studio.services.edit.exports.wait(
      (await t.call('edit.export', { projectId: p.id, format: 'wav', path: file })).id,
    );
    expect(first).toMatchObject({ state: 'finished', file });
    expect(onsets(decode(file))).toEqual([24_000, 72_000, 120_000]);

    // The same name again: refused, and the file is as it was.
    p = await apply(t, p, { type: 'trim', start: 0, end: 48_000 });
    const exists = await t.fail('edit.export', { projectId: p.id, format: 'wav', path: file });
    expect(exists.code).toBe('EDIT_EXPORT_EXISTS');
    expect(exists.message).toBe(
      `Đã có tệp "Bản tin sáng.wav" trong thư mục "${out}". Hãy đặt tên khác, hoặc xác nhận ghi đè lên tệp cũ.`,
    );
    expect(decode(file).frames).toBe(144_000);
    // Confirmed: written over.
    const again = await t.call('edit.export', {
      projectId: p.id,
      format: 'wav',
      path: file,
      overwrite: true,
    });
    expect((await t.studio.services.edit.exports.wait(again.id)).state).toBe('finished');
    expect(decode(file).frames).toBe(48_000);

    // A name without an extension gets the format's.
    const plain = await t.call('edit.export', {
      projectId: p.id,
      format: 'mp3',
      path: path.join(out, 'Bản tin trưa'),
    });
    expect(plain.file).toBe(path.join(out, 'Bản tin trưa.mp3'));
    expect((await t.studio.services.edit.exports.wait(plain.id)).state).toBe('finished');
  });

  it('refuses a path it cannot write to, saying why in Vietnamese', async () => {
    const { t, dir, asset } = await studioWithMarkers();
    const p = await t.call('edit.open', { assetId: asset });
    const refused = async (target: string, format: 'wav' | 'mp3' = 'wav') => {
      const err = await t.fail('edit.export', { projectId: p.id, format, path: target });
      expect(err.code).toBe('EDIT_EXPORT_PATH');
      return err.message;
    };
    expect(await refused('ban-tin.wav')).toBe(
      '"ban-tin.wav" chưa phải đường dẫn đầy đủ. Hãy ghi cả thư mục, ví dụ /home/dai/Bản tin sáng.wav.',
    );
    expect(await refused(path.join(dir, 'Không có', 'x.wav'))).toBe(
      `Thư mục "${path.join(dir, 'Không có')}" không tồn tại. Hãy chọn một thư mục có sẵn để lưu tệp xuất.`,
    );
    expect(await refused(path.join(dir, 'Bản tin.mp3'))).toBe(
      'Tệp "Bản tin.mp3" có đuôi ".mp3" nhưng định dạng xuất là WAV. Hãy đổi đuôi tệp thành ".wav" hoặc chọn định dạng khác.',
    );
    expect(await refused(`${dir}/`, 'mp3')).toContain('chưa có tên tệp');
    await mkdir(path.join(dir, 'Thư mục.wav'));
    expect(await refused(path.join(dir, 'Thư mục.wav'))).toContain('là một thư mục');
    // Nothing was written anywhere.
    expect(existsSync(path.join(dir, 'Không có'))).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write to (not as root)', async () => {
    const { t, dir, asset } = await studioWithMarkers();
    const p = await t.call('edit.open', { assetId: asset });
    const locked = path.join(dir, 'Chỉ đọc');
    await mkdir(locked);
    await chmod(locked, 0o555);
    const err = await t.fail('edit.export', {
      projectId: p.id,
      format: 'wav',
      path: path.join(locked, 'x.wav'),
    });
    expect(err.code).toBe('EDIT_EXPORT_PATH');
    expect(err.message).toContain('không có quyền ghi vào thư mục');
    await chmod(locked, 0o755);
  });

  it('offers the "save as" window only where the host has one', async () => {
    const { t } = await studioWithMarkers();
    expect((await t.call('system.info', {})).capabilities).toEqual({ saveDialog: false });
    const err = await t.fail('system.chooseSaveFile', { defaultPath: '/tmp/Bản tin.wav' });
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toBe(
      'Cửa sổ chọn nơi lưu của máy tính chỉ có trong ứng dụng Studio cài trên máy. Hãy dùng nút "Chọn nơi lưu…" của studio.',
    );
    const open = await t.fail('system.chooseOpenFile', { defaultPath: '/tmp/sao-luu.sqlite' });
    expect(open.code).toBe('UNAVAILABLE');
    expect(open.message).toBe(
      'Cửa sổ chọn tệp của máy tính chỉ có trong ứng dụng Studio cài trên máy. Hãy chọn tệp trong cửa sổ của studio.',
    );
  });
});
