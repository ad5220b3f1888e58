/**
 * Peaks alone of a long file, decoded in two halves at once (two ffmpeg processes, one seeking):
 * the result must be the one-pass result to the bucket, whatever the format, and a seam that
 * cannot be proven exact (silence there, a header that promises more audio than the file has)
 * must fall back to the one pass, not give different peaks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, HALVES_MIN_SEC, type Analysis } from '../../src-main/media/analyse';
import { FFMPEG, ffmpeg } from '../support/media-inputs';

const SECONDS = HALVES_MIN_SEC + 10;
let dir: string;
const files: Record<string, string> = {};

/** Pink noise over a slow sweep, so that no stretch of it repeats: stereo unless said. */
function programme(file: string, rate: number, codec: string[], extra: string[] = []): string {
  ffmpeg([
    ...['-f', 'lavfi', '-i', `anoisesrc=c=pink:r=${rate}:a=0.2:d=${SECONDS}`],
    ...['-f', 'lavfi', '-i', `aevalsrc=0.3*sin(2*PI*(200+t*3)*t):s=${rate}:d=${SECONDS}`],
    ...['-filter_complex', `amix=inputs=2,pan=stereo|c0=c0|c1=-0.7*c0${extra.join('')}`],
    ...codec,
    file,
  ]);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-peaks-halves-'));
  const at = (name: string) => path.join(dir, name);
  files.cbr = programme(at('tin sáng CBR.mp3'), 44100, ['-c:a', 'libmp3lame', '-b:a', '128k']);
  files.vbr = programme(at('VBR.mp3'), 44100, ['-c:a', 'libmp3lame', '-q:a', '4']);
  files.m4a = programme(at('điện thoại.m4a'), 48000, ['-c:a', 'aac', '-b:a', '96k']);
  files.opus = programme(at('opus.ogg'), 48000, ['-c:a', 'libopus', '-b:a', '64k']);
  files.flac = programme(at('flac.flac'), 44100, ['-c:a', 'flac']);
  files.wav = programme(at('máy ghi âm.wav'), 48000, ['-c:a', 'pcm_s24le']);
  // Digital silence from 60 s to 70 s, across the seam (65 s): any offset would look the same there.
  files.silent = programme(
    at('lặng ở giữa.wav'),
    44100,
    ['-c:a', 'pcm_s16le'],
    [`,volume=enable='between(t,60,70)':volume=0`],
  );
  // A WAV whose header promises 130 s but whose data stops at 50 s (a copy cut short).
  files.short = programme(at('cắt ngắn.wav'), 44100, ['-c:a', 'pcm_s16le', '-bitexact']);
  await truncate(files.short, 44 + 50 * 44100 * 4);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function peaks(file: string, halves: 'auto' | 'always' | 'never', signal?: AbortSignal): Promise<Analysis> {
  return analyse({ ffmpeg: FFMPEG, input: file, loudness: false, halves, peaksReader: 'worker', signal });
}

function expectSamePeaks(a: Analysis, b: Analysis) {
  expect(a.peaks.totalFrames).toBe(b.peaks.totalFrames);
  expect(a.peaks.levels.length).toBe(b.peaks.levels.length);
  a.peaks.levels.forEach((level, i) => {
    // Compared as bytes: a difference anywhere fails, and the failure message stays short.
    expect(
      Buffer.from(level.buffer).equals(Buffer.from((b.peaks.levels[i] as Int16Array).buffer)),
      `level ${i}`,
    ).toBe(true);
  });
  expect(a.durationSec).toBe(b.durationSec);
}

describe('peaks alone in two halves', () => {
  // 'always' waits for the halves to be compared even when the first pass ends first (a fast
  // machine decodes a 130 s WAV in a few milliseconds): the join is what is tested here.
  it.each(['cbr', 'vbr', 'm4a', 'opus', 'flac', 'wav'])(
    'are the one-pass peaks, joined at the middle (%s)',
    async (name) => {
      const file = files[name] ?? '';
      const two = await peaks(file, 'always');
      const one = await peaks(file, 'never');
      expect(one.seamSec).toBeNull();
      expect(two.seamSec).not.toBeNull();
      expect(two.seamSec as number).toBeCloseTo(two.durationSec / 2, 1);
      expectSamePeaks(two, one);
      expect(two.probe.audio?.codec).toBe(one.probe.audio?.codec);
      // As the library asks for them: joined or not (that depends on timing), the same peaks.
      expectSamePeaks(await peaks(file, 'auto'), one);
    },
  );

  it('fall back to one pass where the seam is silence, with the same peaks', async () => {
    const two = await peaks(files.silent ?? '', 'always');
    const one = await peaks(files.silent ?? '', 'never');
    expect(two.seamSec).toBeNull();
    expectSamePeaks(two, one);
  });

  it('fall back to one pass when the file ends before the middle its header promised', async () => {
    expect((await stat(files.short ?? '')).size).toBe(44 + 50 * 44100 * 4);
    const two = await peaks(files.short ?? '', 'always');
    const one = await peaks(files.short ?? '', 'never');
    expect(two.seamSec).toBeNull();
    expect(two.durationSec).toBeCloseTo(50, 3);
    expectSamePeaks(two, one);
  });

  it('are cancelled as one, leaving no ffmpeg behind', async () => {
    const controller = new AbortController();
    const pass = peaks(files.flac ?? '', 'auto', controller.signal);
    setTimeout(() => controller.abort(), 60);
    await expect(pass).rejects.toMatchObject({ code: 'CANCELLED' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const running = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(files.flac ?? '') && line.includes('ffmpeg'));
    expect(running).toEqual([]);
  });
});
