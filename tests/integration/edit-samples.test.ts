/** `edit.samples`: the exact sample values of a rendered preview, for the editor's deepest zoom. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
let t: TestStudio | null = null;
afterEach(async () => {
  await t?.studio.close();
  t = null;
});

/** What a 16-bit WAV holds for `amp·cos(2π·f·n/48000)`, as `edit.samples` scales it. */
function expected(n: number, amp: number, freq: number): number {
  return Math.round(amp * Math.cos((2 * Math.PI * freq * n) / 48_000) * 32768) / 32768;
}

describe('edit.samples', () => {
  it('returns the exact sample values of the preview, after an edit, to the sample', async () => {
    const dir = await tempDir();
    t = await openTestStudio(path.join(dir, 'data'));
    // Silence with a 1 kHz burst at sample 30 000 (a cosine: full amplitude on its first sample).
    const asset = await t.importFile(
      signal(path.join(dir, 's.wav'), {
        samples: 48_000,
        bursts: [{ at: 30_000, length: 4_800, freq: 1000, amp: 0.5 }],
      }),
    );
    let p = await t.call('edit.open', { assetId: asset });
    // Deleting the first 10 000 samples moves the burst to sample 20 000 of the preview.
    p = (await t.call('edit.apply', { projectId: p.id, op: { type: 'delete', start: 0, end: 10_000 } }))
      .project;
    const pv = await t.call('edit.preview', { projectId: p.id });
    expect(pv.durationSec).toBeCloseTo(38_000 / 48_000, 9);

    const r = await t.call('edit.samples', { previewId: pv.previewId, startSample: 19_990, count: 100 });
    expect(r.startSample).toBe(19_990);
    expect(r.sampleRate).toBe(48_000);
    expect(r.totalSamples).toBe(38_000);
    expect(r.samples).toHaveLength(r.channels);
    const ch = r.samples[0]!;
    expect(ch).toHaveLength(100);
    // Ten samples of silence, then the burst from its first sample, each value exact (±1 LSB for
    // ffmpeg's rounding of the cosine).
    for (let i = 0; i < 10; i++) expect(ch[i]).toBe(0);
    for (let i = 10; i < 100; i++)
      expect(Math.abs(ch[i]! - expected(i - 10, 0.5, 1000))).toBeLessThanOrEqual(1 / 32768);
    expect(ch[10]).toBeCloseTo(0.5, 4);
    // Every 48th sample of a 1 kHz cosine is the same peak.
    expect(ch[58]).toBeCloseTo(ch[10]!, 4);
    // The same values as 16-bit integers, when asked (what the editor parses while scrolling).
    const ints = await t.call('edit.samples', {
      previewId: pv.previewId,
      startSample: 19_990,
      count: 100,
      int16: true,
    });
    expect(ints.samples[0]).toEqual(ch.map((v) => v * 32768));
    expect(ints.samples[0]!.every((v) => Number.isInteger(v))).toBe(true);

    // At the end: fewer frames than asked, never past the preview.
    const tail = await t.call('edit.samples', {
      previewId: pv.previewId,
      startSample: 37_990,
      count: 96_000,
    });
    expect(tail.samples[0]).toHaveLength(10);
    const past = await t.call('edit.samples', { previewId: pv.previewId, startSample: 50_000, count: 10 });
    expect(past.startSample).toBe(38_000);
    expect(past.samples[0]).toHaveLength(0);
  });

  it('refuses an unknown preview and a request too large', async () => {
    const dir = await tempDir();
    t = await openTestStudio(path.join(dir, 'data'));
    const unknown = await t.fail('edit.samples', { previewId: 'a'.repeat(64), startSample: 0, count: 10 });
    expect(unknown.code).toBe('EDIT_NOT_FOUND');
    const big = await t.fail('edit.samples', { previewId: 'a'.repeat(64), startSample: 0, count: 96_001 });
    expect(big.code).toBe('INVALID_REQUEST');
    const bad = await t.fail('edit.samples', { previewId: '../x', startSample: 0, count: 10 });
    expect(bad.code).toBe('INVALID_REQUEST');
  });
});
