/**
 * An edit's own loudness setting (the editor's "Chuẩn hoá độ to" of the whole edit) is honoured when
 * the edit, or a segment of it, becomes a programme item: the item renders as the edit's own export
 * does there (its gain, and its limiter when it needs one), scaled by the programme's gain like
 * everything else in the mix. Checked sample by sample against the edit's export, and by loudness.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EditProjectState, ProgrammeState } from '../../src-main/contract';
import { decode, FFMPEG, loudness, signal, type Pcm } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { apply, renderOk, S, trackId } from '../support/programme';

let t: TestStudio;
let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-edit-loudness-'));
  t = await openTestStudio(path.join(dir, 'data'));
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

async function outDir(): Promise<string> {
  const d = path.join(dir, `out-${++n}`);
  await mkdir(d);
  return d;
}

/** An edit of a generated recording, normalised as a whole to `targetLufs` (−1 dBTP). */
async function normalisedEdit(
  name: string,
  o: Parameters<typeof signal>[1],
  targetLufs: number,
): Promise<EditProjectState> {
  const assetId = await t.importFile(signal(path.join(dir, name), o), name);
  const p = await t.call('edit.open', { assetId });
  return (
    await t.call('edit.apply', {
      projectId: p.id,
      op: { type: 'normalize', targetLufs, truePeakDbtp: -1 },
    })
  ).project;
}

async function exported(p: EditProjectState): Promise<string> {
  const file = path.join(await outDir(), `${p.id}.wav`);
  const job = await t.call('edit.export', { projectId: p.id, format: 'wav', bitDepth: 24, path: file });
  const done = await t.studio.services.edit.exports.wait(job.id);
  expect(done.error).toBeNull();
  return done.file;
}

/** Integrated loudness of `[from, to)` (samples) of a file. */
function regionLufs(file: string, from: number, to: number): number {
  const out = path.join(dir, `region-${++n}.wav`);
  execFileSync(FFMPEG, [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', file],
    ...['-af', `atrim=start_sample=${from}:end_sample=${to}`, '-c:a', 'pcm_f32le', out],
  ]);
  return loudness(out).integratedLufs;
}

/** Largest difference between `[at, at + count)` of `a` and `[from, from + count)` of `b` times `gain`. */
function maxDiff(a: Pcm, at: number, b: Pcm, from: number, count: number, gain: number): number {
  let m = 0;
  for (let k = 0; k < count; k++) {
    const x = a.data[(at + k) * a.channels] as number;
    const y = (b.data[(from + k) * b.channels] as number) * gain;
    m = Math.max(m, Math.abs(x - y));
  }
  return m;
}

it('plays a normalised edit, and a segment of it, as the edit’s export does, beside a plain asset', async () => {
  // A quiet interview (about −40 LUFS) that the editor normalises to −23 LUFS, and a louder report.
  const edit = await normalisedEdit(
    'phong-van-nho.wav',
    { samples: 2 * S, tone: { freq: 1000, amp: 0.01 } },
    -23,
  );
  const segmented = await t.call('edit.segments.add', {
    projectId: edit.id,
    segment: { start: S / 2, end: S, language: 'vie', type: 'interview', title: 'Trích đoạn' },
  });
  const segmentId = segmented.document.segments[0]?.id as string;
  const report = await t.importFile(
    signal(path.join(dir, 'phong-su.wav'), { samples: 2 * S, tone: { freq: 1000, amp: 0.2 } }),
    'Phóng sự',
  );
  let p: ProgrammeState = await t.call('programme.create', {
    metadata: { title: 'Chuẩn hoá của bản biên tập', languages: ['vie'] },
  });
  const voice = trackId(p, 'voice');
  const add = async (op: Parameters<typeof apply>[2]) => (p = await apply(t, p, op));
  await add({
    type: 'add',
    item: { trackId: voice, source: { kind: 'edit', projectId: edit.id, segmentId: null }, start: S / 2 },
  });
  await add({
    type: 'add',
    item: { trackId: voice, source: { kind: 'asset', assetId: report }, start: 3 * S },
  });
  await add({
    type: 'add',
    item: { trackId: voice, source: { kind: 'edit', projectId: edit.id, segmentId }, start: 6 * S },
  });
  const done = await renderOk(t, p, await outDir());
  expect(done.report.limiter).toBe(false);
  const g = 10 ** (done.report.gainDb / 20);
  const master = decode(done.report.files[0]?.file as string);
  const exportFile = await exported(edit);
  const own = decode(exportFile);

  // The whole edit: the export's samples, times the programme's gain.
  expect(maxDiff(master, S / 2, own, 0, 2 * S, g)).toBeLessThan(1e-4);
  // The segment: the export's samples there (inside the 2.5 ms junction fades where it is cut out).
  expect(maxDiff(master, 6 * S + 120, own, S / 2 + 120, S / 2 - 240, g)).toBeLessThan(1e-4);
  // What a listener hears: the interview as loud as the editor made it (−23 LUFS), about 6 dB under
  // the report rather than 26 (the programme's gain applies to both).
  const lufs = (from: number, to: number) => regionLufs(done.report.files[0]?.file as string, from, to);
  const interview = lufs(S / 2, 2.5 * S);
  const plain = lufs(3 * S, 5 * S);
  expect(interview - done.report.gainDb).toBeCloseTo(loudness(exportFile).integratedLufs, 0);
  expect(interview - done.report.gainDb).toBeCloseTo(-23, 0);
  expect(plain - interview).toBeGreaterThan(5);
  expect(plain - interview).toBeLessThan(7);
});

it('brings the edit’s limiter along when its loudness needs one', async () => {
  // A faint tone with full-scale clicks twice a second: at −16 LUFS the clicks need the limiter.
  const edit = await normalisedEdit(
    'tieng-go.wav',
    {
      samples: 2 * S,
      tone: { freq: 300, amp: 0.02 },
      bursts: [0, 1, 2, 3].map((k) => ({ at: k * (S / 2) + 2400, length: 240, amp: 0.9 })),
    },
    -16,
  );
  let p: ProgrammeState = await t.call('programme.create', {
    metadata: { title: 'Bộ hạn biên của bản biên tập', languages: ['vie'] },
  });
  p = await apply(t, p, {
    type: 'add',
    item: {
      trackId: trackId(p, 'voice'),
      source: { kind: 'edit', projectId: edit.id, segmentId: null },
      start: 0,
    },
  });
  const done = await renderOk(t, p, await outDir());
  expect(done.report.limiter).toBe(false);
  const exportFile = await exported(edit);
  // The export is limited: its clicks stay under the ceiling although the gain is about +20 dB.
  expect(loudness(exportFile).truePeakDbtp).toBeLessThanOrEqual(-1);
  const master = decode(done.report.files[0]?.file as string);
  expect(maxDiff(master, 0, decode(exportFile), 0, 2 * S, 10 ** (done.report.gainDb / 20))).toBeLessThan(
    1e-4,
  );
});
