/**
 * Encoded outputs under the true-peak ceiling. Lossy encoding can put peaks over the ceiling that
 * the master does not have: Opus at 64 kb/s rebuilds dense, hard-clipped noise above 6 kHz with
 * peaks several dB higher. The test first shows, with ffmpeg alone, that the rendered master
 * encoded as the studio encodes it does go over −1 dBTP; then that the studio's own Opus file, which
 * the render decoded, measured and encoded again quieter, does not; every figure read from the files.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOUDNESS_PRESETS, StudioError, type ProgrammeState } from '../../src-main/contract';
import { escapeValue } from '../../src-main/audio';
import { renderProgramme } from '../../src-main/programme/render/render-programme';
import { FFMPEG, loudness } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { addAsset, importAs, render } from '../support/programme';

let t: TestStudio;
let dir: string;
let source: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-programme-peak-'));
  t = await openTestStudio(path.join(dir, 'data'));
  // A voice-like bed of pink noise under 3 kHz, and every second 0.1 s of white noise above 6 kHz
  // driven into hard clipping (seeded: the same every run).
  const clipped = 'clip(val(0)\\,-0.5\\,0.5)*lt(mod(t\\,1)\\,0.1)';
  source = path.join(dir, 'hiss.wav');
  ffmpeg([
    ...['-f', 'lavfi', '-i', 'anoisesrc=c=pink:a=0.3:seed=3:r=48000:d=6'],
    ...['-f', 'lavfi', '-i', 'anoisesrc=c=white:a=1:seed=7:r=48000:d=6'],
    ...[
      '-filter_complex',
      `[0]lowpass=f=3000[v];[1]highpass=f=6000,highpass=f=6000,volume=20dB,aeval=${clipped},volume=-6dB[h];` +
        '[v][h]amix=inputs=2:normalize=0',
    ],
    ...['-ac', '2', '-c:a', 'pcm_s16le', source],
  ]);
});

afterAll(async () => {
  await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

it('keeps the MP3 and Opus files at or under −1 dBTP, encoding again what lossy encoding pushed over', async () => {
  const asset = await importAs(t, source, 'Tiếng xì cao tần');
  let p: ProgrammeState = await t.call('programme.create', {
    metadata: { title: 'Đỉnh sau khi nén', languages: ['vie'], loudness: 'outdoor' },
  });
  p = (await addAsset(t, p, 'voice', asset, { start: 0 })).p;
  const out = path.join(dir, 'out');
  await mkdir(out);
  const done = await render(t, p, out, { formats: ['wav', 'mp3', 'opus'], mp3Kbps: 128, opusKbps: 64 });
  expect(done.error).toBeNull();
  const r = done.report as NonNullable<typeof done.report>;
  const [wav, mp3, opus] = r.files;
  expect(r.files.map((f) => f.format)).toEqual(['wav', 'mp3', 'opus']);

  // The premise, with ffmpeg alone: the master is under the ceiling, and encoded to Opus 64 kb/s
  // as it is, it goes over.
  const master = loudness(wav!.file);
  expect(master.truePeakDbtp).toBeLessThanOrEqual(-1);
  expect(master.integratedLufs).toBeCloseTo(-16, 0);
  const plain = path.join(dir, 'plain.opus');
  ffmpeg(['-i', wav!.file, '-c:a', 'libopus', '-b:a', '64k', plain]);
  expect(loudness(plain).truePeakDbtp).toBeGreaterThan(-1);

  // Every file the studio wrote is at or under the ceiling, and the report says what each carries.
  for (const f of r.files) {
    const measured = loudness(f.file);
    expect(measured.truePeakDbtp, f.format).toBeLessThanOrEqual(-1);
    expect(f.truePeakDbtp, f.format).toBeCloseTo(measured.truePeakDbtp, 1);
    expect(f.integratedLufs, f.format).toBeCloseTo(measured.integratedLufs, 1);
  }
  // The master is never made quieter; the Opus file was encoded again, quieter by about what it
  // went over (plus the margin), and is that much quieter than the master.
  expect(wav!.attenuationDb).toBe(0);
  expect(opus!.attenuationDb).toBeGreaterThan(0.3);
  const opusLufs = loudness(opus!.file).integratedLufs;
  expect(master.integratedLufs - opusLufs).toBeGreaterThan(opus!.attenuationDb! - 0.6);
  expect(mp3!.attenuationDb).toBeGreaterThanOrEqual(0);
});

it('fails with PROGRAMME_ENCODED_PEAK, and writes nothing, when encoding again may not bring a file under', async () => {
  const out = path.join(dir, 'refused');
  await mkdir(out);
  const file = path.join(out, 'chuong-trinh.opus');
  const err = await renderProgramme({
    env: { ffmpeg: process.env.FFMPEG_BIN || 'ffmpeg', cwd: dir },
    mix: { length: 6 * 48_000, build: (g) => g.source([`amovie=filename=${escapeValue(source)}`]) },
    preset: LOUDNESS_PRESETS.outdoor,
    targets: [{ format: 'opus', file, output: { format: 'opus', bitrateKbps: 64 } }],
    key: 'encoded-peak-refused',
    planCacheDir: path.join(dir, 'plans'),
    concurrency: 2,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    encodedPeakRetries: 0,
  }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  expect((err as StudioError).code).toBe('PROGRAMME_ENCODED_PEAK');
  expect((err as StudioError).message).toMatch(
    /^Tệp OPUS sau khi nén có đỉnh thực −?\d+(,\d+)? dBTP, vượt mức trần −1 dBTP\./,
  );
  expect((err as StudioError).message).toContain('Không có tệp nào được ghi.');
  expect(await readdir(out)).toEqual([]);
});
