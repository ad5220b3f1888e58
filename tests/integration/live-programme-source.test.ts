/**
 * An approved programme on the air (issue 15): `programme:ID` as a live source and as an
 * emergency, through the real router. Only the approved master plays, checked by its hash as it
 * goes on; a programme not approved, or whose master changed since, is refused with its reason.
 */
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveState } from '../../src-main/contract';
import { approvedProgramme, masterOf, renderedProgramme } from '../support/approved-programme';
import { freePort } from '../support/icecast';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

async function until(t: TestStudio, ok: (s: LiveState) => boolean, ms: number): Promise<LiveState> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await t.call('live.state', {});
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`state not reached in ${ms} ms: ${JSON.stringify(s.sources)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('an approved programme as a live source', () => {
  it('plays only the approved master, checked now; a draft or a changed master is refused', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    await t.call('live.configure', { port: await freePort() });
    await t.call('stations.add', { code: 'XA-A', name: 'Xã A' });
    await t.call('stations.add', { code: 'XA-B', name: 'Xã B' });
    const news = await approvedProgramme(t, dir, 'Bản tin sáng', { seconds: 4 });
    const alarm = await approvedProgramme(t, dir, 'Cảnh báo lũ', { seconds: 4, emergency: true });
    const draft = await renderedProgramme(t, dir, 'Bản nháp');

    const live = await t.call('live.start', {
      target: { kind: 'all' },
      sources: [{ spec: `programme:${news.id}`, priority: 'playout' }],
    });
    // The desk names it by its title; the state keeps which programme it is.
    expect(live.sources).toMatchObject([{ spec: `programme:${news.id}`, label: 'Bản tin sáng' }]);
    await until(t, (s) => s.sources[0]?.state === 'playing' && s.sources[0].onAir, 3000);
    const from = t.events.length;
    await new Promise((r) => setTimeout(r, 500));
    const levels = t.events
      .slice(from)
      .filter((e) => e.event === 'live.meters')
      .map((e) => (e.payload as { programme: { peakDb: number } }).programme.peakDb);
    expect(Math.max(...levels)).toBeGreaterThan(-30);

    // A draft is not aired, as a source or as an emergency: the gate's own reason.
    const refusal = (spec: string) => t.fail('live.source.add', { spec, priority: 'playout' });
    expect(await refusal(`programme:${draft.id}`)).toMatchObject({
      code: 'PROGRAMME_NOT_APPROVED',
      message: expect.stringContaining('chưa được lãnh đạo duyệt'),
    });
    // An id that is no programme's is not a source at all.
    expect(await refusal('programme:khong-co')).toMatchObject({ code: 'INVALID_REQUEST' });

    // An emergency from an approved programme (approved as one in a single step) takes the air.
    const em = await t.call('live.emergency.start', {
      target: { kind: 'stations', codes: ['XA-B'] },
      spec: `programme:${alarm.id}`,
    });
    const sourceId = em.emergency!.sourceId;
    expect(em.sources.find((s) => s.id === sourceId)).toMatchObject({ label: 'Cảnh báo lũ' });
    await until(t, (s) => s.sources.find((x) => x.id === sourceId)?.state === 'playing', 3000);
    await t.call('live.emergency.end', {});

    // A master changed on disk after its approval is refused, even though it was approved.
    await appendFile(masterOf(news), Buffer.alloc(4));
    expect(await refusal(`programme:${news.id}`)).toMatchObject({
      code: 'PROGRAMME_NOT_APPROVED',
      message: expect.stringContaining('đã bị thay đổi sau khi duyệt'),
    });
    expect(
      await t.fail('live.emergency.start', { target: { kind: 'all' }, spec: `programme:${news.id}` }),
    ).toMatchObject({ code: 'PROGRAMME_NOT_APPROVED' });
    expect((await t.call('live.state', {})).mode).toBe('live');
    await t.call('live.stop', {});
  }, 60_000);
});
