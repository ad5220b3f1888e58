/**
 * The supervisor's output restart (issue 16): the studio's Icecast source client, fed by the real
 * air, has its connection cut by a real icecast2 (the admin's "kill source", Icecast itself stays
 * up). It is back on the mount within a second, by itself, and a receiver on the mount hears the
 * air's timing marks again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveOutputState } from '../../src-main/contract';
import { IcecastSource } from '../../src-main/live/outputs/icecast-source';
import { runReceiverSim } from '../../src-main/live/receiver-sim/receiver-sim';
import { startIcecast, type IcecastServer } from '../support/icecast';
import { startMarkedAir, type MarkedAir } from '../support/marked-air';

let icecast: IcecastServer | null = null;
let air: MarkedAir | null = null;
let source: IcecastSource | null = null;
afterEach(async () => {
  await source?.stop();
  await air?.close();
  await icecast?.close();
  source = null;
  air = null;
  icecast = null;
});

/** Resolves with when the state first satisfied `test` (rejects after `ms`). */
function whenState(s: IcecastSource, test: (state: LiveOutputState) => boolean, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    if (test(s.state())) return resolve(Date.now());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`state still ${JSON.stringify(s.state())} after ${ms} ms`));
    }, ms);
    const off = s.onState((state) => {
      if (!test(state)) return;
      clearTimeout(timer);
      off();
      resolve(Date.now());
    });
  });
}

describe('an Icecast source cut by the server', () => {
  it('is back on its mount within a second, and heard again', async () => {
    icecast = await startIcecast({ burstSize: 0 });
    air = await startMarkedAir(['mp3']);
    const mount = '/xa-a.mp3';
    source = new IcecastSource({
      url: `icecast://${icecast.host}:${icecast.port}${mount}`,
      password: icecast.sourcePassword,
      tap: air.air.tap('mp3'),
      name: 'Xã A',
    });
    source.start();
    await whenState(source, (s) => s.state === 'up', 10_000);
    await icecast.waitForMount(mount);

    // The admin's kill: Icecast drops our source connection and stays up.
    const auth = Buffer.from(`admin:${icecast.adminPassword}`).toString('base64');
    const backUp = whenState(source, (s) => s.state === 'up' && s.reconnects === 1, 10_000);
    const cutAt = Date.now();
    const seen: string[] = [];
    source.onState((st) => seen.push(`${st.state} +${Date.now() - cutAt}`));
    const res = await fetch(`http://${icecast.host}:${icecast.port}/admin/killsource?mount=${mount}`, {
      headers: { authorization: `Basic ${auth}` },
    });
    await res.arrayBuffer();
    expect(res.status, icecast.errorLog()).toBe(200);
    const upAt = await backUp;
    await icecast.waitForMount(mount, 5_000);
    console.log(
      `icecast source: back on the mount ${upAt - cutAt} ms after Icecast cut it (${seen.join(', ')})`,
    );
    expect(upAt - cutAt).toBeLessThan(1_000);
    expect(source.state()).toMatchObject({ state: 'up', reconnects: 1, lastError: null });

    const after = await runReceiverSim({ url: icecast.url(mount), count: 1, seconds: 3 });
    expect(after.playing, JSON.stringify({ ...after, receivers: undefined })).toBe(1);
    expect(after.marks, JSON.stringify({ ...after, receivers: undefined })).toBeGreaterThanOrEqual(1);
  }, 40_000);
});
