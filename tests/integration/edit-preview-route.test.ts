/** The page plays an edit preview through the same `/media/<id>` route as a library asset. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { useHostedStudio } from '../support/hosted-studio';

const hostedStudio = useHostedStudio();

describe('edit preview over the web host', () => {
  it('serves the rendered preview at /media/<previewId>, with byte ranges', async () => {
    const { dir, t, get } = await hostedStudio();
    const asset = await t.importFile(
      signal(path.join(dir, 's.wav'), { samples: 48_000, tone: { freq: 440, amp: 0.3 } }),
    );
    let p = await t.call('edit.open', { assetId: asset });
    p = (await t.call('edit.apply', { projectId: p.id, op: { type: 'delete', start: 0, end: 24_000 } }))
      .project;
    const pv = await t.call('edit.preview', { projectId: p.id });
    expect(pv.durationSec).toBe(0.5);
    expect(pv.peaks.durationSec).toBe(0.5);
    expect(pv.peaks.min).toHaveLength(50);

    const whole = await get(`/media/${pv.previewId}`);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(
      whole.body.equals(readFileSync(t.studio.services.audio.previews.file(pv.previewId) as string)),
    ).toBe(true);
    const part = await get(`/media/${pv.previewId}`, { range: 'bytes=0-11' });
    expect(part.status).toBe(206);
    expect(part.body.toString('latin1')).toMatch(/^RIFF....WAVE$/s);
    expect((await get(`/media/${'e'.repeat(64)}`)).status).toBe(404);

    // Peaks of a preview at any zoom, like library.peaks.
    const peaks = await t.call('edit.peaks', { previewId: pv.previewId, level: 1 });
    expect(peaks.bucketsPerSecond).toBe(25);
    expect(Math.max(...peaks.max)).toBeCloseTo(0.3, 2);
  });
});
