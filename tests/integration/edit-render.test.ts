/**
 * The render engine measured with ffmpeg: signals with cosine bursts at known samples go through
 * real edits (through the router, as the editor sends them), are rendered, decoded back to float
 * PCM, and measured: burst onsets to the sample, fade and gain levels in dB, loudness in LU.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditOpRequestIn, EditProjectState, FadeCurve } from '../../src-main/contract';
import { applyOp, initialDocument } from '../../src-main/edit/model';
import { compileDocument } from '../../src-main/audio/render/compile';
import { renderToFile } from '../../src-main/audio/render/renderer';
import { curveGain } from '../../src-main/audio/render/timeline-graph';
import { decode, FFMPEG, loudness, onsets, peak, rmsDb, signal, type Pcm } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const S = 48_000;

/** A studio with three assets: bursts at 1, 2 and 3 s; a steady tone; a 44.1 kHz MP3 "jingle". */
async function setup(
  dir: string,
): Promise<TestStudio & { markers: string; tone: string; jingle: string; dir: string }> {
  const t = await openTestStudio(path.join(dir, 'data'));
  const markers = await t.importFile(
    signal(path.join(dir, 'markers.wav'), {
      samples: 4 * S,
      bursts: [
        { at: S, length: 2400 },
        { at: 2 * S, length: 2400 },
        { at: 3 * S, length: 2400 },
      ],
    }),
    'Phỏng vấn chủ tịch xã',
  );
  const tone = await t.importFile(
    signal(path.join(dir, 'tone.wav'), { samples: 3 * S, tone: { freq: 1000, amp: 0.5 } }),
    'Âm chuẩn 1 kHz',
  );
  const jingle = await t.importFile(
    signal(path.join(dir, 'jingle.mp3'), {
      samples: 88_200,
      rate: 44_100,
      channels: 2,
      bursts: [{ at: 22_050, length: 2205, amp: 0.6 }],
      codec: ['-c:a', 'libmp3lame', '-b:a', '192k'],
    }),
    'Nhạc hiệu',
  );
  return { ...t, markers, tone, jingle, dir };
}

async function apply(t: TestStudio, p: EditProjectState, op: EditOpRequestIn): Promise<EditProjectState> {
  return (await t.call('edit.apply', { projectId: p.id, op })).project;
}

/** Renders the project's preview and decodes it. */
async function previewPcm(t: TestStudio, p: EditProjectState, start?: number, end?: number): Promise<Pcm> {
  const pv = await t.call('edit.preview', { projectId: p.id, start, end });
  const file = t.studio.services.audio.previews.file(pv.previewId);
  expect(file).not.toBeNull();
  return decode(file as string);
}

async function exportWav(
  t: TestStudio,
  p: EditProjectState,
  bitDepth: 16 | 24,
  file?: string,
): Promise<string> {
  const job = await t.call('edit.export', { projectId: p.id, format: 'wav', bitDepth, path: file });
  const done = await t.studio.services.edit.exports.wait(job.id);
  expect(done.error).toBeNull();
  expect(done.state).toBe('finished');
  return done.file;
}

/** The test tone (0.5·cos 1 kHz) times a gain function, RMS over `[a, b)` in dB. */
function expectedRmsDb(a: number, b: number, gain: (x: number) => number): number {
  let sum = 0;
  for (let x = a; x < b; x++) {
    const v = 0.5 * Math.cos((2 * Math.PI * 1000 * x) / S) * gain(x);
    sum += v * v;
  }
  return 10 * Math.log10(sum / (b - a));
}

let t: Awaited<ReturnType<typeof setup>>;
let suiteDir: string;
beforeAll(async () => {
  suiteDir = await mkdtemp(path.join(os.tmpdir(), 'studio-edit-render-'));
  t = await setup(suiteDir);
});
afterAll(async () => {
  await t.studio.close();
  await rm(suiteDir, { recursive: true, force: true });
});

describe('edits land on the sample', () => {
  it('cuts, pastes and inserts another asset at exactly the planned samples', async () => {
    let p = await t.call('edit.open', { assetId: t.markers });
    expect(p.durationSamples).toBe(4 * S);
    // Cut 0.5–0.75 s (no burst in it): the bursts move 12 000 samples earlier.
    p = await apply(t, p, { type: 'cut', start: 24_000, end: 36_000 });
    expect(onsets(await previewPcm(t, p))).toEqual([36_000, 84_000, 132_000]);
    // Copy a piece holding the first burst 1 000 samples in, paste it at 10 000.
    await t.call('edit.copy', { projectId: p.id, start: 35_000, end: 41_000 });
    p = await apply(t, p, { type: 'paste', at: 10_000 });
    expect(onsets(await previewPcm(t, p))).toEqual([11_000, 42_000, 90_000, 138_000]);
    // Insert the 44.1 kHz MP3 jingle at 100 000: its burst lands where ffmpeg's own 48 kHz decode has it.
    const own = onsets(decode(path.join(t.dir, 'jingle.mp3'), { rate: S, channels: 2 }), 0.3);
    expect(own).toHaveLength(1);
    p = await apply(t, p, { type: 'insertAsset', at: 100_000, assetId: t.jingle });
    expect(p.channels).toBe(2);
    const pcm = await previewPcm(t, p);
    expect(pcm.channels).toBe(2);
    expect(pcm.frames).toBe(4 * S - 12_000 + 6_000 + 96_000);
    expect(onsets(pcm, 0.3)).toEqual([11_000, 42_000, 90_000, 100_000 + (own[0] as number), 234_000]);
    // Mono material plays on both sides at full level.
    expect(onsets(pcm, 0.3, 2400, 1)).toEqual(onsets(pcm, 0.3, 2400, 0));
  });

  it('never clicks at an edit point, and keeps the timeline exactly as long as its clips', async () => {
    let p = await t.call('edit.open', { assetId: t.tone, newProject: true });
    // Odd positions: the waveform on both sides of the cut is at a different phase.
    p = await apply(t, p, { type: 'delete', start: 10_007, end: 30_011 });
    const pcm = await previewPcm(t, p);
    expect(pcm.frames).toBe(3 * S - 20_004);
    let maxStep = 0;
    for (let i = 9_900; i < 10_100; i++) {
      maxStep = Math.max(maxStep, Math.abs((pcm.data[i] as number) - (pcm.data[i - 1] as number)));
    }
    // A 1 kHz tone at 0.5 moves at most 0.065 per sample; an unfaded cut here would jump ~0.9.
    expect(maxStep).toBeLessThan(0.075);
    // 2.5 ms each side of the cut is faded; the rest is untouched.
    expect(rmsDb(pcm, 5_000, 9_800)).toBeCloseTo(
      expectedRmsDb(5_000, 9_800, () => 1),
      2,
    );
  });
});

describe('effects at known gains', () => {
  it('draws each fade curve within 0.5 dB of its formula', async () => {
    let p = await t.call('edit.open', { assetId: t.tone, newProject: true });
    const fades: Array<{ curve: FadeCurve; direction: 'in' | 'out'; start: number; end: number }> = [
      { curve: 'lin', direction: 'in', start: 0, end: 24_000 },
      { curve: 'scurve', direction: 'out', start: 30_000, end: 54_000 },
      { curve: 'log', direction: 'in', start: 60_000, end: 84_000 },
      { curve: 'exp', direction: 'out', start: 90_000, end: 114_000 },
    ];
    for (const f of fades) p = await apply(t, p, { type: 'fade', ...f });
    const pcm = decode(await exportWav(t, p, 24));
    for (const f of fades) {
      const gain = (x: number) => {
        const progress = (x - f.start) / (f.end - f.start);
        return curveGain(f.curve, f.direction === 'in' ? progress : 1 - progress);
      };
      for (const frac of [0.1, 0.25, 0.5, 0.75, 0.9]) {
        const at = Math.round(f.start + frac * (f.end - f.start));
        const expected = expectedRmsDb(at - 240, at + 240, gain);
        if (expected < -100) continue;
        expect(Math.abs(rmsDb(pcm, at - 240, at + 240) - expected), `${f.curve} at ${frac}`).toBeLessThan(
          0.5,
        );
      }
    }
  });

  it('draws the same fades as ffmpeg afade with the same curve names', async () => {
    let p = await t.call('edit.open', { assetId: t.tone, newProject: true });
    p = await apply(t, p, { type: 'fade', direction: 'in', start: 0, end: 24_000, curve: 'scurve' });
    p = await apply(t, p, { type: 'trim', start: 0, end: 48_000 });
    const ours = decode(await exportWav(t, p, 24));
    const ref = path.join(t.dir, 'afade.wav');
    execFileSync(FFMPEG, [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-i', path.join(t.dir, 'tone.wav')],
      ...['-af', 'atrim=end_sample=48000,aformat=sample_fmts=flt,afade=t=in:ss=0:ns=24000:curve=hsin'],
      ...['-c:a', 'pcm_s24le', ref],
    ]);
    const theirs = decode(ref);
    let maxDiff = 0;
    // The trim's end is a cut: its last 120 samples carry the junction fade, which afade has not.
    for (let i = 0; i < 48_000 - 120; i++)
      maxDiff = Math.max(maxDiff, Math.abs((ours.data[i] as number) - (theirs.data[i] as number)));
    // Both in float, both written at 24 bits: the same to the last bit but one.
    expect(maxDiff).toBeLessThan(2.5e-7);
  });

  it('applies gain over a range and an envelope, and silences a range to digital zero', async () => {
    let p = await t.call('edit.open', { assetId: t.tone, newProject: true });
    p = await apply(t, p, { type: 'gain', start: 24_000, end: 48_000, gainDb: -6 });
    p = await apply(t, p, {
      type: 'envelope',
      points: [
        { at: 60_000, gainDb: 0 },
        { at: 84_000, gainDb: -12 },
      ],
    });
    p = await apply(t, p, { type: 'silence', start: 100_000, end: 110_000 });
    const pcm = decode(await exportWav(t, p, 24));
    const unity = rmsDb(pcm, 4_800, 19_200);
    expect(unity).toBeCloseTo(
      expectedRmsDb(4_800, 19_200, () => 1),
      2,
    );
    expect(rmsDb(pcm, 28_800, 43_200) - unity).toBeCloseTo(-6, 1);
    // Linear in dB: halfway is −6 dB.
    expect(rmsDb(pcm, 71_760, 72_240) - unity).toBeCloseTo(-6, 1);
    expect(rmsDb(pcm, 83_000, 83_480) - unity).toBeLessThan(-11.4);
    expect(peak(pcm, 100_120, 109_880)).toBe(0);
    // The silence ramps sit inside the range: the audio right outside it is untouched.
    expect(rmsDb(pcm, 99_520, 100_000)).toBeCloseTo(
      expectedRmsDb(99_520, 100_000, () => 1),
      2,
    );
    expect(rmsDb(pcm, 110_000, 110_480)).toBeCloseTo(
      expectedRmsDb(110_000, 110_480, () => 1),
      2,
    );
  });

  it('normalises to the loudness target within 0.5 LU, limiting true peak only when it must', async () => {
    let p = await t.call('edit.open', { assetId: t.tone, newProject: true });
    p = await apply(t, p, { type: 'normalize', targetLufs: -23, truePeakDbtp: -1 });
    const quiet = loudness(await exportWav(t, p, 16));
    expect(Math.abs(quiet.integratedLufs - -23)).toBeLessThan(0.5);

    // Quiet speech-like level with loud clicks: +13 dB of gain would push the clicks far over −1 dBTP.
    const spiky = await t.importFile(
      signal(path.join(t.dir, 'spiky.wav'), {
        samples: 4 * S,
        tone: { freq: 440, amp: 0.03 },
        bursts: [0.5, 1.5, 2.5, 3.5].map((s) => ({ at: s * S, length: 96, freq: 3000, amp: 0.9 })),
      }),
      'Có tiếng lách cách',
    );
    let q = await t.call('edit.open', { assetId: spiky });
    q = await apply(t, q, { type: 'normalize', targetLufs: -16, truePeakDbtp: -1 });
    const file = await exportWav(t, q, 24);
    const hot = loudness(file);
    expect(Math.abs(hot.integratedLufs - -16)).toBeLessThan(0.5);
    expect(hot.truePeakDbtp).toBeLessThanOrEqual(-1);
    // The limiter gives back its look-ahead delay: nothing moved, nothing lost.
    expect(decode(file).frames).toBe(4 * S);
    expect(onsets(decode(file), 0.5, 2400)).toEqual([0.5 * S, 1.5 * S, 2.5 * S, 3.5 * S]);
  });

  it('shortens long silences to what was asked, leaving the speech where the ranges say', async () => {
    let p = await t.call('edit.open', { assetId: t.markers, newProject: true });
    const r = await t.call('edit.apply', {
      projectId: p.id,
      op: { type: 'shortenSilences', thresholdDb: -40, minSilenceMs: 500, keepMs: 200 },
    });
    p = r.project;
    const history = await t.call('edit.history', { projectId: p.id });
    expect(history.entries.at(-1)?.label).toMatch(/^Rút ngắn 4 khoảng lặng \(bớt 00:03\.0\d\d\)$/);
    const found = onsets(await previewPcm(t, p));
    expect(found).toHaveLength(3);
    // Each silence between bursts (950 ms) now lasts 200 ms, to within a few samples of detection.
    for (let i = 1; i < found.length; i++) {
      expect(Math.abs((found[i] as number) - (found[i - 1] as number) - (2400 + 9600))).toBeLessThan(50);
    }
    const none = await t.call('edit.apply', {
      projectId: p.id,
      op: { type: 'shortenSilences', thresholdDb: -40, minSilenceMs: 500, keepMs: 200 },
    });
    expect(none.notice).toMatch(/^Không tìm thấy khoảng lặng nào dài từ 0,5 giây/);
    expect(none.project.revision).toBe(p.revision);
  });

  it('removes a click with adeclick', async () => {
    const clicky = path.join(t.dir, 'clicky.wav');
    // A three-sample click of 0.7 on a quiet tone.
    signal(clicky, {
      samples: S,
      tone: { freq: 440, amp: 0.2 },
      bursts: [{ at: 24_000, length: 3, freq: 0, amp: 0.7 }],
    });
    const id = await t.importFile(clicky, 'Tiếng lách cách');
    let p = await t.call('edit.open', { assetId: id });
    const before = peak(await previewPcm(t, p), 23_990, 24_010);
    p = await apply(t, p, { type: 'declick', start: 0, end: S });
    const after = await previewPcm(t, p);
    expect(after.frames).toBe(S);
    expect(before).toBeGreaterThan(0.85);
    expect(peak(after, 23_990, 24_010)).toBeLessThan(0.4);
  });
});

describe('the same edit renders the same audio', () => {
  it('writes byte-identical WAVs on every render, and a preview window is exactly that part of the whole', async () => {
    let p = await t.call('edit.open', { assetId: t.markers, newProject: true });
    p = await apply(t, p, { type: 'delete', start: 30_001, end: 40_003 });
    p = await apply(t, p, { type: 'fade', direction: 'out', start: 60_000, end: 100_000, curve: 'scurve' });
    p = await apply(t, p, { type: 'gain', start: 120_000, end: 150_000, gainDb: 4 });
    const a = await exportWav(t, p, 16, path.join(t.dir, 'a.wav'));
    const b = await exportWav(t, p, 16, path.join(t.dir, 'b.wav'));
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const whole = decode(a);
    // A window that starts inside the junction fade and ends inside the fade-out.
    const win = await previewPcm(t, p, 29_950, 80_000);
    expect(win.frames).toBe(50_050);
    for (let i = 0; i < win.frames; i++) {
      if (win.data[i] !== whole.data[29_950 + i]) throw new Error(`sample ${29_950 + i} differs`);
    }
  });

  it('reads sources whose path needs escaping in a filter graph', async () => {
    const dir = await tempDir();
    const odd = path.join(dir, "it's [a]; b,c:d.wav");
    await copyFile(path.join(t.dir, 'markers.wav'), odd);
    const doc = applyOp(initialDocument('x', 4 * S), { type: 'delete', start: 0, end: 24_000, cut: false });
    const tl = compileDocument(
      doc,
      new Map([['x', { id: 'x', file: odd, frames: 4 * S, channels: 1 as const }]]),
    );
    const out = path.join(dir, 'out.wav');
    await renderToFile({ ffmpeg: FFMPEG, cwd: dir }, tl, null, { format: 'wav', bitDepth: 16 }, out);
    expect(onsets(decode(out))).toEqual([24_000, 72_000, 120_000]);
  });
});
