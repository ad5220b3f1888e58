/**
 * The analysis pass with its peaks reduced by the worker thread (a FIFO from ffmpeg) against the
 * stdout stream and PeakBuilder: the same peaks to the bucket, the same loudness, the same errors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, type AnalyseOptions } from '../../src-main/media/analyse';
import { ffmpeg, text } from '../support/media-inputs';

let dir: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-peaks-reader-'));
  const noise = (rate: number, seconds: number) => [
    ...['-f', 'lavfi', '-i', `anoisesrc=c=pink:r=${rate}:a=0.3:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=f=330:r=${rate}:d=${seconds}`],
  ];
  files.mp3 = path.join(dir, 'stereo 44.1 kHz.mp3');
  ffmpeg([...noise(44100, 40), '-filter_complex', 'amix=inputs=2,pan=stereo|c0=c0|c1=-0.8*c0', files.mp3]);
  files.six = path.join(dir, 'sáu kênh.m4a');
  ffmpeg([
    ...noise(48000, 12.34),
    ...['-filter_complex', 'amix=inputs=2,pan=5.1|c0=c0|c1=0.5*c0|c2=-1*c0|c3=0.1*c0|c4=c1|c5=-0.3*c0'],
    ...['-c:a', 'aac', files.six],
  ]);
  files.mono = path.join(dir, 'mono 8 kHz.wav');
  ffmpeg([...noise(8000, 33.3337), '-filter_complex', 'amix=inputs=2', '-c:a', 'pcm_s16le', files.mono]);
  files.hi = path.join(dir, '96 kHz 24 bit.wav');
  ffmpeg([
    ...noise(96000, 7.77),
    '-filter_complex',
    'amix=inputs=2,pan=stereo|c0=c0|c1=c0',
    '-c:a',
    'pcm_s24le',
    files.hi,
  ]);
  files.long = path.join(dir, 'dài.wav');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=300', '-ac', '2', files.long]);
  files.text = text(path.join(dir, 'ghi chú.mp3'));
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(file: string, peaksReader: AnalyseOptions['peaksReader'], extra: Partial<AnalyseOptions> = {}) {
  return analyse({
    ffmpeg: process.env.FFMPEG_BIN || 'ffmpeg',
    input: file,
    loudness: true,
    peaksReader,
    ...extra,
  });
}

describe('peaks reduced by the worker thread', () => {
  it.each(['mp3', 'six', 'mono', 'hi'])('are the stream’s peaks, level by level (%s)', async (name) => {
    const file = files[name] ?? '';
    const viaWorker = await run(file, 'worker');
    const viaStream = await run(file, 'stream');
    expect(viaWorker.peaks.totalFrames).toBe(viaStream.peaks.totalFrames);
    expect(viaWorker.peaks.totalFrames).toBeGreaterThan(0);
    expect(viaWorker.peaks.levels.map((l) => Array.from(l))).toEqual(
      viaStream.peaks.levels.map((l) => Array.from(l)),
    );
    expect({ ...viaWorker.peaks, levels: null }).toEqual({ ...viaStream.peaks, levels: null });
    expect(viaWorker.loudness).toEqual(viaStream.loudness);
    expect(viaWorker.durationSec).toBe(viaStream.durationSec);
  });

  it('reports progress, and is cancelled like the stream', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const pass = run(files.long ?? '', 'worker', {
      signal: controller.signal,
      onProgress: (done, expected) => {
        seen.push(done, expected ?? 0);
        controller.abort();
      },
    });
    await expect(pass).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen[1]).toBe(300); // seconds, from the header
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(300);
  });

  it('fails on a file that is not audio with the stream’s error', async () => {
    const viaStream = await run(files.text ?? '', 'stream').catch((e: unknown) => e);
    const viaWorker = await run(files.text ?? '', 'worker').catch((e: unknown) => e);
    expect(viaWorker).toMatchObject({ code: (viaStream as { code: string }).code });
    expect((viaWorker as Error).message).toBe((viaStream as Error).message);
  });

  it('says ffmpeg is missing', async () => {
    await expect(
      analyse({
        ffmpeg: path.join(dir, 'no-ffmpeg-here'),
        input: files.mp3 ?? '',
        loudness: false,
        peaksReader: 'worker',
      }),
    ).rejects.toMatchObject({ code: 'FFMPEG_MISSING' });
  });
});
