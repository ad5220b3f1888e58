/**
 * The import service and the library as the UI uses them: background jobs with progress and
 * cancellation, duplicates, peaks, search, trash, and the library.* calls through the router.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import type {
  ImportFileDoneEvent,
  ImportFinishedEvent,
  ImportProgressEvent,
  PeaksResult,
} from '../../src-main/contract';
import { decodePeaks } from '../../src-main/audio/peaks';
import { damagedInTheMiddle, ffmpeg, png, text, tone } from '../support/media-inputs';
import { filesUnder, openMedia } from '../support/media-services';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let inputs: string;
const f: Record<string, string> = {};

beforeAll(async () => {
  inputs = await mkdtemp(path.join(os.tmpdir(), 'studio-media-svc-'));
  const p = (n: string) => path.join(inputs, n);
  // −6 dBFS peak: 16384 in s16, 0.5 in the peaks the UI gets.
  f.tone = tone(p('Tin tức buổi sáng.wav'), { seconds: 3.5, channels: 2, peakDb: -6 });
  f.other = tone(p('Bản tin chiều.mp3'), { freq: 600, codec: ['-c:a', 'libmp3lame', '-b:a', '96k'] });
  f.third = tone(p('Thời sự.ogg'), { freq: 800, codec: ['-c:a', 'libvorbis'] });
  f.png = png(p('bìa.mp3'));
  f.text = text(p('kịch bản.mp3'));
  // Long enough that decoding takes a while, quick to make: 5 minutes of PCM.
  f.long = p('dài.wav');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=300', '-ac', '2', f.long]);
}, 120_000);

afterAll(async () => {
  await rm(inputs, { recursive: true, force: true });
});

const finishedOf = (events: { event: string; payload: unknown }[]) =>
  events.filter((e) => e.event === 'import.finished').map((e) => e.payload as ImportFinishedEvent);

describe('import jobs', () => {
  it('runs in the background with per-file progress, then one finished event in input order', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const job = m.importer.start([f.tone ?? '', f.text ?? '', f.other ?? ''], { reporter: 'Nguyễn Văn An' });
    expect(job.state).toBe('running');
    expect(job.files.map((x) => x.state)).toEqual(['queued', 'queued', 'queued']);
    const done = await m.importer.wait(job.id);

    expect(done.results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(done.results.map((r) => r.file)).toEqual([f.tone, f.text, f.other]);
    const progress = m.events
      .filter((e) => e.event === 'import.progress')
      .map((e) => e.payload as ImportProgressEvent);
    const states0 = progress.filter((p) => p.index === 0).map((p) => p.state);
    expect(states0[0]).toBe('copying');
    expect(states0).toContain('analysing');
    expect(states0.indexOf('saving')).toBeGreaterThan(states0.indexOf('analysing'));
    expect(states0.at(-1)).toBe('imported');
    expect(progress.filter((p) => p.index === 1).at(-1)?.state).toBe('failed');
    expect(progress.at(-1)?.jobFraction).toBe(1);
    const fileDone = m.events
      .filter((e) => e.event === 'import.fileDone')
      .map((e) => e.payload as ImportFileDoneEvent);
    expect(fileDone.map((d) => d.index).sort()).toEqual([0, 1, 2]);
    expect(m.events.at(-1)?.event).toBe('import.finished');
    expect(finishedOf(m.events)).toEqual([done]);

    const status = m.importer.status(job.id);
    expect(status.state).toBe('finished');
    expect(status.files.map((x) => x.state)).toEqual(['imported', 'failed', 'imported']);
    expect(status.fraction).toBe(1);

    // The batch metadata and the title from the file name, in NFC, are on the asset.
    const first = done.results[0];
    if (!first?.ok) throw new Error('first file failed');
    expect(first.asset).toMatchObject({
      title: 'Tin tức buổi sáng',
      reporter: 'Nguyễn Văn An',
      language: 'vie',
      originalName: 'Tin tức buổi sáng.wav',
      codec: 'pcm_s16le',
      format: 'wav',
      sampleRate: 44100,
      channels: 2,
      durationSec: 3.5,
      recovered: false,
      deletedAt: null,
      source: 'import',
    });
    expect(first.asset.title).toBe(first.asset.title.normalize('NFC'));
    // The copy is byte for byte the original, under its hash; the original is still where it was.
    expect(readFileSync(m.library.audioPath(first.asset))).toEqual(readFileSync(f.tone ?? ''));
    expect(m.library.audioPath(first.asset)).toBe(
      path.join(data, 'library', first.asset.id.slice(0, 2), `${first.asset.id}.wav`),
    );
    const libEvents = m.events.filter((e) => e.event === 'library.changed');
    expect(libEvents).toHaveLength(2);
  });

  it('cancels: kills ffmpeg mid-file, skips the rest, leaves nothing half-written', async () => {
    const data = await tempDir();
    const m = await openMedia(data, { concurrency: 1 });
    const job = m.importer.start([f.long ?? '', f.tone ?? '']);
    let cancelledAt = -1;
    m.on((e) => {
      const p = e.payload as ImportProgressEvent;
      if (e.event === 'import.progress' && p.state === 'analysing' && p.fraction > 0 && cancelledAt < 0) {
        cancelledAt = p.fraction;
        m.importer.cancel(job.id);
      }
    });
    const done = await m.importer.wait(job.id);
    expect(cancelledAt).toBeGreaterThan(0);
    expect(cancelledAt).toBeLessThan(1);
    expect(done.cancelled).toBe(true);
    expect(done.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['CANCELLED', 'CANCELLED']);
    expect(m.importer.status(job.id).state).toBe('cancelled');
    expect(m.library.size).toBe(0);
    expect(await filesUnder(path.join(data, 'library'))).toEqual([]);
    // No ffmpeg still decoding the file.
    const { execFileSync } = await import('node:child_process');
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(ps.split('\n').filter((l) => l.includes('ffmpeg') && l.includes(f.long ?? '?'))).toEqual([]);
    // Cancelling a finished job changes nothing.
    expect(m.importer.cancel(job.id).state).toBe('cancelled');
  });

  it('cancels running imports when the studio closes', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const job = m.importer.start([f.long ?? '']);
    await m.importer.close();
    expect(m.importer.status(job.id).state).toBe('cancelled');
    expect(m.library.size).toBe(0);
    expect(await filesUnder(path.join(data, 'library'))).toEqual([]);
  });

  it('carries on after a bad file and leaves the library as it was', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    await m.importer.wait(m.importer.start([f.tone ?? '']).id);
    const before = await filesUnder(path.join(data, 'library'));
    const done = await m.importer.wait(m.importer.start([f.png ?? '', f.other ?? '', f.text ?? '']).id);
    expect(done.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'MEDIA_NOT_AUDIO',
      'ok',
      'MEDIA_NOT_AUDIO',
    ]);
    const after = await filesUnder(path.join(data, 'library'));
    expect(after.filter((x) => !before.includes(x))).toHaveLength(2); // the good file and its peaks
    expect(before.every((x) => after.includes(x))).toBe(true);
    expect(m.library.size).toBe(2);
  });

  it('recognises the same bytes as a duplicate, and brings a trashed asset back', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const first = await m.importer.importOne(f.tone ?? '');
    const again = await m.importer.importOne(f.tone ?? '');
    if (!first.ok || !again.ok) throw new Error('import failed');
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.asset.id).toBe(first.asset.id);
    expect(m.library.size).toBe(1);

    await m.library.trash(first.asset.id);
    const third = await m.importer.importOne(f.tone ?? '');
    if (!third.ok) throw new Error('import failed');
    expect(third.duplicate).toBe(true);
    expect(third.asset.deletedAt).toBeNull();
    expect(
      (await filesUnder(path.join(data, 'library'))).filter((x) => !x.startsWith('.incoming')),
    ).toHaveLength(2);
  });

  it('refuses a file when the disk has no room for it (DISK_FULL), before copying anything', async () => {
    const data = await tempDir();
    const m = await openMedia(data, { freeBytes: async () => 10 * 1024 ** 2 });
    const r = await m.importer.importOne(f.tone ?? '');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DISK_FULL');
    expect(r.error.message).toMatch(/Ổ đĩa .* đầy.*Cần thêm khoảng \d+ MB/);
    expect(await filesUnder(path.join(data, 'library'))).toEqual([]);
  });

  it('says ffmpeg is missing (FFMPEG_MISSING)', async () => {
    const data = await tempDir();
    const m = await openMedia(data, { resolveFfmpeg: async () => null });
    const r = await m.importer.importOne(f.tone ?? '');
    expect(r.ok ? 'ok' : r.error.code).toBe('FFMPEG_MISSING');
  });

  it('imports what can be heard of a file damaged in the middle, with a warning for the user', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const src = tone(path.join(inputs, 'nguồn.mp3'), {
      seconds: 6,
      channels: 2,
      codec: ['-c:a', 'libmp3lame'],
    });
    const r = await m.importer.importOne(damagedInTheMiddle(src, path.join(inputs, 'hỏng giữa.mp3')));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.asset.durationSec).toBeGreaterThan(4);
    expect(r.asset.warning).toMatch(/chỗ hỏng/);
    const clean = await m.importer.importOne(src);
    expect(clean.ok && clean.asset.warning).toBeNull();
  });

  it('imports a recorded take marked as recovered, with its own title', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const r = await m.importer.importOne(f.tone ?? '', {
      source: 'recording',
      recovered: true,
      metadata: { title: 'Bản thu 21/11 (khôi phục)' },
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.asset).toMatchObject({
      source: 'recording',
      recovered: true,
      title: 'Bản thu 21/11 (khôi phục)',
    });
  });
});

describe('peaks', () => {
  it('are cached beside the asset at 100 buckets a second, with coarser levels, and served for wavesurfer', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const r = await m.importer.importOne(f.tone ?? '');
    if (!r.ok) throw new Error(r.error.message);
    const file = m.library.peaksPath(r.asset.id);
    const peaks = decodePeaks(await readFile(file));
    if (!peaks) throw new Error('bad peaks file');
    expect(peaks.sampleRate).toBe(44100);
    expect(peaks.totalFrames).toBe(3.5 * 44100);
    expect(peaks.levels.map((l) => l.length / 2)).toEqual([350, 88, 22, 6, 2, 1]);
    const level0 = peaks.levels[0] ?? new Int16Array();
    for (let i = 2; i < 348; i++) {
      expect(Math.abs((level0[2 * i + 1] ?? 0) - 16384)).toBeLessThan(200);
      expect(Math.abs((level0[2 * i] ?? 0) + 16384)).toBeLessThan(200);
    }

    const whole = await m.library.peaks(r.asset.id, {});
    expect(whole).toMatchObject({ level: 0, bucketsPerSecond: 100, startSec: 0, durationSec: 3.5 });
    expect(whole.max).toHaveLength(350);
    expect(whole.min).toHaveLength(350);
    expect(whole.max[100]).toBeCloseTo(0.5, 1);
    expect(whole.min[100]).toBeCloseTo(-0.5, 1);
    expect(whole.levels.map((l) => l.buckets)).toEqual([350, 88, 22, 6, 2, 1]);

    const overview = await m.library.peaks(r.asset.id, { maxBuckets: 100 });
    expect(overview.level).toBe(1);
    expect(overview.max).toHaveLength(88);

    const zoom = await m.library.peaks(r.asset.id, { level: 0, startSec: 1, endSec: 2 });
    expect(zoom.startSec).toBe(1);
    expect(zoom.max).toHaveLength(100);

    // A lost cache is rebuilt with one decoding pass.
    await rm(file);
    const rebuilt = await m.library.peaks(r.asset.id, {});
    expect(rebuilt.max).toEqual(whole.max);
    expect((await stat(file)).size).toBeGreaterThan(0);
  });
});

describe('library', () => {
  it('filters by the day the studio shows: a take at 06:30 in Hà Nội is under that day, not the UTC one', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Ho_Chi_Minh';
    try {
      const m = await openMedia(await tempDir());
      // 23:30 UTC on 1 March is 06:30 on 2 March on the station's clock (as a recorded take stores it).
      const r = await m.importer.importOne(f.tone ?? '', {
        metadata: { recordedAt: '2026-03-01T23:30:00Z' },
      });
      if (!r.ok) throw new Error('import failed');
      const titles = (from: string, to: string) =>
        m.library
          .list({
            includeDeleted: false,
            onlyDeleted: false,
            sort: 'title',
            order: 'asc',
            offset: 0,
            limit: 10,
            from,
            to,
          })
          .items.map((i) => i.title);
      expect(titles('2026-03-02', '2026-03-02')).toEqual(['Tin tức buổi sáng']);
      expect(titles('2026-03-01', '2026-03-01')).toEqual([]);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('imports a song or a jingle as "Không lời" (no language), speech in Vietnamese, and a chosen language as chosen', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const p = (n: string) => path.join(inputs, n);
    const mp3 = (...tags: string[]) => [...tags.flatMap((tg) => ['-metadata', tg]), '-c:a', 'libmp3lame'];
    const song = tone(p('Bài ca Tân Lập.mp3'), {
      freq: 500,
      codec: mp3('artist=Đội văn nghệ xã', 'album=Quê hương'),
    });
    const jingle = tone(p('Nhạc hiệu.mp3'), { freq: 520, codec: mp3('genre=Jingle') });
    const speech = tone(p('Phỏng vấn.mp3'), { freq: 540, codec: mp3('genre=Speech', 'artist=Nguyễn Văn A') });
    const plain = tone(p('Tin sáng.mp3'), { freq: 560, codec: mp3() });
    const languageOf = async (file: string, language?: string) => {
      const r = await m.importer.importOne(file, { metadata: language ? { language } : {} });
      if (!r.ok) throw new Error(r.error.message);
      return r.asset.language;
    };
    expect(await languageOf(song)).toBe('zxx');
    expect(await languageOf(jingle)).toBe('zxx');
    expect(await languageOf(speech)).toBe('vie');
    expect(await languageOf(plain)).toBe('vie');
    const chosen = tone(p('Bài ca tiếng Tày.mp3'), {
      freq: 580,
      codec: mp3('artist=Đội văn nghệ', 'album=Then'),
    });
    expect(await languageOf(chosen, 'tyz')).toBe('tyz');
  });

  it('finds Vietnamese without diacritics, filters, edits, trashes and restores', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const a = await m.importer.importOne(f.tone ?? '', {
      metadata: {
        reporter: 'Nguyễn Thị Lan',
        subject: 'Nông nghiệp',
        tags: ['lúa', 'mùa vụ'],
        recordedAt: '2026-03-02',
      },
    });
    const b = await m.importer.importOne(f.other ?? '', {
      metadata: { language: 'tyz', reporter: 'Hoàng Văn Sơn', subject: 'Y tế', recordedAt: '2026-05-10' },
    });
    const c = await m.importer.importOne(f.third ?? '', {
      metadata: { language: 'hnj', notes: 'Đọc tiếng Mông' },
    });
    if (!a.ok || !b.ok || !c.ok) throw new Error('import failed');
    const q = (x: Record<string, unknown>) =>
      m.library.list({
        includeDeleted: false,
        onlyDeleted: false,
        sort: 'title',
        order: 'asc',
        offset: 0,
        limit: 100,
        ...x,
      });
    const titles = (x: Record<string, unknown>) => q(x).items.map((i) => i.title);

    expect(titles({})).toEqual(['Bản tin chiều', 'Thời sự', 'Tin tức buổi sáng']);
    expect(titles({ text: 'tin tuc' })).toEqual(['Tin tức buổi sáng']);
    expect(titles({ text: 'TIN' })).toEqual(['Bản tin chiều', 'Tin tức buổi sáng']);
    expect(titles({ text: 'nguyen lan' })).toEqual(['Tin tức buổi sáng']);
    expect(titles({ text: 'tieng mong' })).toEqual(['Thời sự']);
    expect(titles({ text: 'dọc' })).toEqual(['Thời sự']); // đ folds to d
    expect(titles({ language: 'tyz' })).toEqual(['Bản tin chiều']);
    expect(titles({ reporter: 'hoang van son' })).toEqual(['Bản tin chiều']);
    expect(titles({ subject: 'nong nghiep' })).toEqual(['Tin tức buổi sáng']);
    expect(titles({ tag: 'mua vu' })).toEqual(['Tin tức buổi sáng']);
    expect(titles({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['Tin tức buổi sáng']);
    expect(q({ limit: 2 })).toMatchObject({ total: 3 });
    expect(q({ limit: 2 }).items).toHaveLength(2);

    // Edits are stored in NFC: a decomposed "Thị" typed on a Mac finds the composed one and back.
    const edited = await m.library.update(a.asset.id, {
      title: 'Phỏng vấn bà Lan'.normalize('NFD'),
      tags: [' lúa ', 'lúa'],
    });
    expect(edited.title).toBe('Phỏng vấn bà Lan'.normalize('NFC'));
    expect(edited.tags).toEqual(['lúa']);
    expect(titles({ text: 'phong van' })).toEqual(['Phỏng vấn bà Lan']);

    await m.library.trash(b.asset.id);
    expect(titles({})).toEqual(['Phỏng vấn bà Lan', 'Thời sự']);
    expect(titles({ onlyDeleted: true })).toEqual(['Bản tin chiều']);
    expect(titles({ includeDeleted: true })).toHaveLength(3);
    // Nothing is deleted from disk by the trash.
    await expect(stat(m.library.audioPath(b.asset))).resolves.toBeTruthy();
    await m.library.restore(b.asset.id);
    expect(titles({})).toHaveLength(3);

    // All of it survives a restart.
    const reopened = await openMedia(data);
    expect(reopened.library.size).toBe(3);
    expect(reopened.library.get(a.asset.id).title).toBe('Phỏng vấn bà Lan');
  });
});

describe('library.* calls through the router', () => {
  it('imports, lists, edits, serves peaks, and reports bad requests in Vietnamese', async () => {
    const data = await tempDir();
    const studio = await composeStudio({
      dataDir: data,
      appVersion: '0.0.0-test',
      host: 'web',
      env: process.env,
    });
    const caller = { host: 'web' as const, userId: null, roles: ['admin' as const] };
    const call = (name: string, request: unknown) => studio.router.call(name, request, caller);
    const finished = new Promise<ImportFinishedEvent>((resolve) => {
      studio.events.subscribe((event, payload) => {
        if (event === 'import.finished') resolve(payload as ImportFinishedEvent);
      });
    });
    const started = await call('library.import', { paths: [f.other, f.png], metadata: { language: 'vie' } });
    expect(started).toMatchObject({ ok: true, result: { state: 'running' } });
    const done = await finished;
    expect(done.results.map((r) => r.ok)).toEqual([true, false]);
    const status = await call('library.importStatus', { jobId: done.jobId });
    expect(status).toMatchObject({ ok: true, result: { state: 'finished' } });

    const list = await call('library.list', { text: 'ban tin' });
    expect(list).toMatchObject({ ok: true, result: { total: 1 } });
    const id = (list as { result: { items: { id: string }[] } }).result.items[0]?.id;
    const updated = await call('library.update', { id, patch: { subject: 'Thời sự', language: 'tyz' } });
    expect(updated).toMatchObject({ ok: true, result: { subject: 'Thời sự', language: 'tyz' } });
    const peaks = await call('library.peaks', { id, maxBuckets: 50 });
    expect(peaks.ok).toBe(true);
    const p = (peaks as { result: PeaksResult }).result;
    expect(p.max.length).toBeLessThanOrEqual(50);
    expect(p.durationSec).toBeGreaterThan(1.9);

    expect(await call('library.get', { id: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await call('library.get', { id: 'a'.repeat(64) })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('library.update', { id, patch: { language: 'Vietnamese' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await call('library.trash', { id })).toMatchObject({
      ok: true,
      result: { deletedAt: expect.any(String) },
    });
    expect(await call('library.list', {})).toMatchObject({ ok: true, result: { total: 0 } });
    expect(await call('library.restore', { id })).toMatchObject({ ok: true, result: { deletedAt: null } });
    expect(await call('library.cancelImport', { jobId: 'no-such-job' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
