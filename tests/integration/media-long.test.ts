/**
 * A 3-hour recording (a whole morning's meeting): imported in one pass, and its waveform served
 * from the cache at once, whole or zoomed in. The input is 8 kHz mono FLAC so it is quick to make.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg } from '../support/media-inputs';
import { openMedia } from '../support/media-services';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let inputs: string;
let long: string;
const HOURS = 3;

beforeAll(async () => {
  inputs = await mkdtemp(path.join(os.tmpdir(), 'studio-media-long-'));
  long = path.join(inputs, 'Họp hội đồng nhân dân xã 3 giờ.flac');
  ffmpeg(['-f', 'lavfi', '-i', `sine=f=440:r=8000:d=${HOURS * 3600}`, '-c:a', 'flac', long]);
}, 120_000);

afterAll(async () => {
  await rm(inputs, { recursive: true, force: true });
});

describe('a 3-hour file', () => {
  it('imports with exact duration, and its waveform loads at once from the cache', async () => {
    const data = await tempDir();
    const m = await openMedia(data);
    const r = await m.importer.importOne(long);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.asset.durationSec).toBe(HOURS * 3600);
    expect(r.asset.sampleRate).toBe(8000);
    expect(r.asset.channels).toBe(1);
    expect(r.asset.loudness.integratedLufs).not.toBeNull();

    // 100 buckets a second at the finest level, 4 bytes each, plus a third for the coarser levels.
    const size = (await stat(m.library.peaksPath(r.asset.id))).size;
    expect(size).toBeGreaterThan(HOURS * 3600 * 100 * 4);
    expect(size).toBeLessThan(HOURS * 3600 * 100 * 4 * 1.4);

    const t0 = performance.now();
    const whole = await m.library.peaks(r.asset.id, { maxBuckets: 2000 });
    const zoom = await m.library.peaks(r.asset.id, { level: 0, startSec: 5400, endSec: 5430 });
    const elapsed = performance.now() - t0;
    expect(whole.max.length).toBeLessThanOrEqual(2000);
    expect(whole.max.length).toBeGreaterThan(500);
    expect(whole.levels[0]?.buckets).toBe(HOURS * 3600 * 100);
    expect(zoom.max).toHaveLength(3000);
    expect(zoom.startSec).toBe(5400);
    expect(elapsed).toBeLessThan(500);
  }, 180_000);
});
