/**
 * A relay and the microphone through the live calls (the real router, the composed studio): the
 * operator adds `url:` and `mic` sources to the air and reads them in `live.state` as the desk
 * does: playing, a relay whose upstream died showing why (in Vietnamese) and, once it is back, its
 * reconnection; the microphone captured by the recorder's own command from PulseAudio.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LiveSource, LiveState } from '../../src-main/contract';
import { startMarkedStreamServer } from '../support/marked-stream-server';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';
import { usePulseAudio } from '../support/use-pulseaudio';

const pulse = usePulseAudio();
const tempDir = useTempDirs();
const studios = useTestStudios();

async function until(t: TestStudio, what: string, ok: (s: LiveState) => boolean, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const s = await t.call('live.state', {});
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}: ${JSON.stringify(s.sources)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sourceOf = (s: LiveState, id: string) => s.sources.find((x) => x.id === id);

describe('relays and the microphone through the live calls', () => {
  it('plays a relay and the microphone, and shows a relay losing its upstream and reconnecting', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'), { env: pulse().env });
    await t.call('stations.add', { code: 'XA-A', name: 'Xã A', group: 'Bát Xát' });
    const first = await startMarkedStreamServer({ codec: 'mp3', bitrate: '64k' });
    let second: Awaited<ReturnType<typeof startMarkedStreamServer>> | null = null;
    try {
      await t.call('live.start', { target: { kind: 'all' } });
      const relay: LiveSource = await t.call('live.source.add', {
        spec: `url:${first.url}`,
        priority: 'relay',
        label: 'VOV1',
      });
      const mic: LiveSource = await t.call('live.source.add', { spec: 'mic', priority: 'mic' });
      await until(
        t,
        'both play',
        (s) => sourceOf(s, relay.id)?.state === 'playing' && sourceOf(s, mic.id)?.state === 'playing',
        10_000,
      );

      await first.close();
      const down = await until(t, 'the relay says it is down', (s) => !!sourceOf(s, relay.id)?.error, 8000);
      expect(sourceOf(down, relay.id)).toMatchObject({ reconnects: 0 });
      expect(sourceOf(down, relay.id)!.error).toMatch(
        /^Mất nguồn tiếp sóng http:\/\/127\.0\.0\.1:\d+\/stream, thử lại sau/,
      );

      second = await startMarkedStreamServer({
        codec: 'mp3',
        bitrate: '64k',
        port: Number(new URL(first.url).port),
      });
      const back = await until(
        t,
        'the relay is back',
        (s) => sourceOf(s, relay.id)?.reconnects === 1 && sourceOf(s, relay.id)?.error === null,
        10_000,
      );
      expect(sourceOf(back, mic.id)).toMatchObject({ error: null, reconnects: 0 });
      await t.call('live.stop', {});
    } finally {
      await first.close().catch(() => undefined); // closed already in the test's course
      await second?.close();
    }
  }, 40_000);
});
