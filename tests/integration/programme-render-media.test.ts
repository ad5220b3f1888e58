/**
 * The render report's player: every rendered file of a report the studio hands out has a media id,
 * and the web host's `/media/<id>` route plays it (with byte ranges), before and after a restart,
 * only while it is the file the render wrote.
 */
import { readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { signal } from '../support/signals';
import { useHostedStudio } from '../support/hosted-studio';
import { addAsset, importAs, renderOk } from '../support/programme';

const hostedStudio = useHostedStudio();

it('serves the rendered master and its MP3 at /media/<mediaId> from the report, also after a restart', async () => {
  const hosted = await hostedStudio();
  const { dir, get } = hosted;
  let t = hosted.t;
  const asset = await importAs(
    t,
    signal(path.join(dir, 'tin.wav'), { samples: 48_000, tone: { freq: 440, amp: 0.2 } }),
    'Tin sáng',
  );
  let p = await t.call('programme.create', { metadata: { title: 'Bản tin', languages: ['vie'] } });
  p = (await addAsset(t, p, 'voice', asset, { start: 0 })).p;
  const out = path.join(dir, 'out');
  await mkdir(out);
  const done = await renderOk(t, p, out, ['wav', 'mp3']);

  // The finished job's report and the programme's last render name the same media.
  const [wav, mp3] = done.report.files;
  expect(wav?.mediaId).toMatch(/^[0-9a-f]{64}$/);
  expect(mp3?.mediaId).toMatch(/^[0-9a-f]{64}$/);
  expect(wav?.mediaId).not.toBe(mp3?.mediaId);
  const state = await t.call('programme.get', { id: p.id });
  expect(state.lastRender?.files.map((f) => f.mediaId)).toEqual([wav?.mediaId, mp3?.mediaId]);

  const whole = await get(`/media/${wav?.mediaId}`);
  expect(whole.status).toBe(200);
  expect(whole.headers['content-type']).toBe('audio/wav');
  expect(whole.body.equals(readFileSync(wav?.file as string))).toBe(true);
  const head = await get(`/media/${wav?.mediaId}`, { range: 'bytes=0-11' });
  expect(head.status).toBe(206);
  expect(head.body.toString('latin1')).toMatch(/^RIFF....WAVE$/s);
  const encoded = await get(`/media/${mp3?.mediaId}`);
  expect(encoded.headers['content-type']).toBe('audio/mpeg');
  expect(encoded.body.equals(readFileSync(mp3?.file as string))).toBe(true);
  // The report file beside the audio keeps no media id: it only means something to this studio.
  expect(readFileSync(path.join(out, 'Bản tin.report.json'), 'utf8')).not.toContain('mediaId');

  // A restart: the programme's last render plays again, by the same id.
  t = await hosted.restart();
  expect((await get(`/media/${wav?.mediaId}`)).status).toBe(404);
  const reopened = await t.call('programme.get', { id: p.id });
  expect(reopened.lastRender?.files[0]?.mediaId).toBe(wav?.mediaId);
  expect((await get(`/media/${wav?.mediaId}`)).status).toBe(200);

  // Once the file is no longer the one the render wrote, it is not served.
  await appendFile(wav?.file as string, Buffer.alloc(10));
  expect((await get(`/media/${wav?.mediaId}`)).status).toBe(404);
  expect((await get(`/media/${'e'.repeat(64)}`)).status).toBe(404);
});
