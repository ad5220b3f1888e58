/**
 * Watching the air (issue 16) on the real live engine: a relay of a real HTTP MP3 stream falls
 * silent (the link stays up, the upstream sends digital silence). After the set time the alarm is
 * raised, shown (`monitor.state`, the `monitor.alarm` event) and POSTed to a real webhook server
 * with exactly the body; the station's fallback file goes on the air and a receiver of the
 * studio's own stream server hears it; the relay heard again ends the alarm (`silence-end`) and
 * takes the air back.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveMetersEvent, LiveState, MonitorAlarm, MonitorWebhookBody } from '../../src-main/contract';
import { decode, now, sleep } from '../support/air-listener';
import { freePort } from '../support/icecast';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';
import { startToneStreamServer } from '../support/tone-stream-server';

const tempDir = useTempDirs();
const studios = useTestStudios();
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const RELAY_HZ = 440;
const FALLBACK_HZ = 1_500;

/** A real HTTP server that keeps every POST it gets, with when it came. */
async function webhookServer() {
  const got: Array<{ at: number; body: MonitorWebhookBody; type: string | undefined }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (d: string) => (text += d));
    req.on('end', () => {
      got.push({
        at: now(),
        body: JSON.parse(text) as MonitorWebhookBody,
        type: req.headers['content-type'],
      });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/canh-bao`, got };
}

/** A receiver of the studio's stream server: the bytes it got, chunk by chunk, with when. */
function receiver(url: string) {
  const chunks: Array<{ at: number; data: Buffer }> = [];
  const req = http.get(url, (res) => res.on('data', (data: Buffer) => chunks.push({ at: now(), data })));
  req.on('error', () => undefined); // cut at the end of the test
  cleanup.push(() => void req.destroy());
  return {
    between: (from: number, to: number) =>
      Buffer.concat(chunks.filter((c) => c.at >= from && c.at < to).map((c) => c.data)),
  };
}

/** The power of one frequency in decoded stereo PCM (left channel), Goertzel over the whole buffer. */
function power(pcm: Buffer, hz: number): number {
  const k = 2 * Math.cos((2 * Math.PI * hz) / 48_000);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i + 3 < pcm.length; i += 4) {
    const s = pcm.readInt16LE(i) / 32768 + k * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (pcm.length / 4);
}

async function until<T>(
  what: string,
  get: () => T | undefined | Promise<T | undefined>,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(25);
  }
}

const relayOf = (s: LiveState) => s.sources.find((x) => x.spec.startsWith('url:'));

describe('monitoring the air', () => {
  it('raises the alarm after the set silence of a relay, POSTs it, plays the fallback, and ends it when the relay is back', async () => {
    const dir = await tempDir();
    const upstream = await startToneStreamServer(RELAY_HZ);
    cleanup.push(() => upstream.close());
    const hook = await webhookServer();
    const fallback = tone(path.join(dir, 'du-phong.wav'), {
      seconds: 30,
      freq: FALLBACK_HZ,
      rate: 48_000,
      channels: 2,
    });
    const t: TestStudio = await studios.open(path.join(dir, 'data'));
    const port = await freePort();
    await t.call('live.configure', { port });
    const station = await t.call('stations.add', { code: 'XA-A', name: 'Xã A' });

    const settings = await t.call('monitor.configure', {
      silenceSeconds: 2,
      webhookUrl: hook.url,
      relayFallback: `file:${fallback}`,
    });
    expect(settings).toEqual({
      silenceSeconds: 2,
      webhookUrl: hook.url,
      relayFallback: `file:${fallback}`,
      retentionMonths: 12,
    });
    const missing = await t.fail('monitor.configure', { relayFallback: `file:${dir}/khong-co.wav` });
    expect(missing.message).toContain('Không đọc được tệp âm thanh dự phòng');
    expect((await t.fail('monitor.configure', { retentionMonths: 5 })).message).toContain('ít nhất 6 tháng');

    await t.call('live.start', {
      target: { kind: 'all' },
      sources: [{ spec: `url:${upstream.url}`, priority: 'relay', label: 'VOV1' }],
    });
    // The station's own stream URL, on this PC (the server listens on 127.0.0.1 in tests).
    const streamUrl = new URL(station.streams.find((s) => s.codec === 'mp3')!.url);
    streamUrl.hostname = '127.0.0.1';
    streamUrl.port = String(port);
    const listener = receiver(streamUrl.href);
    const relay = await until('the relay plays', async () => relayOf(await t.call('live.state', {})), 10_000);
    await until(
      'the relay is heard',
      async () => {
        const meters = t.events.findLast((e) => e.event === 'live.meters')?.payload as
          LiveMetersEvent | undefined;
        const level = meters?.sources.find((x) => x.id === relay.id)?.peakDb ?? -120;
        const s = await t.call('monitor.state', {});
        // (A relay still connecting is silent too: an alarm then ends once it is heard.)
        return level > -30 && s.stations[0]?.status === 'playing' && s.alarms.every((a) => !a.active)
          ? s
          : undefined;
      },
      20_000,
    );
    const heardAt = now();
    await sleep(1_000);

    // The upstream goes quiet, its connection up.
    const quietAt = now();
    // What the webhook got about this silence (the relay's start may still be on its way).
    const posted = () => hook.got.filter((g) => Date.parse(g.body.since) >= heardAt);
    upstream.silent(true);
    const relayAlarm = await until(
      'the relay silence POSTed',
      () => posted().find((g) => g.body.event === 'silence' && g.body.output === `source:${relay.id}`),
      12_000,
    ).catch((err: unknown) => {
      console.log('webhook got', JSON.stringify(hook.got), 'heardAt', new Date(heardAt).toISOString());
      throw err;
    });
    expect(relayAlarm.type).toBe('application/json');
    expect(Object.keys(relayAlarm.body).sort()).toEqual(['event', 'output', 'seconds', 'since', 'station']);
    expect(relayAlarm.body).toMatchObject({ event: 'silence', station: null, output: `source:${relay.id}` });
    expect(relayAlarm.body.seconds).toBeGreaterThanOrEqual(2);
    // After the set time of silence, not before (the relay's ring drains first: up to a second more).
    expect(relayAlarm.at - Date.parse(relayAlarm.body.since)).toBeGreaterThanOrEqual(2_000);
    console.log(
      `monitor: relay silence alarm ${Math.round(relayAlarm.at - quietAt)} ms after the upstream fell silent`,
    );
    const shown = await t.call('monitor.state', {});
    expect(shown.alarms.find((a) => a.output === `source:${relay.id}`)).toMatchObject({
      active: true,
      event: 'silence',
    });
    expect(shown.alarms[0]?.message).toMatch(/im lặng từ \d\d:\d\d:\d\d/);
    expect(
      t.events.some(
        (e) => e.event === 'monitor.alarm' && (e.payload as MonitorAlarm).output === `source:${relay.id}`,
      ),
    ).toBe(true);

    // The fallback is on the air, and the receiver hears it instead of silence.
    const withFallback = await until(
      'the fallback plays',
      async () => {
        const s = await t.call('live.state', {});
        return s.sources.find((x) => x.spec === `file:${fallback}` && x.state === 'playing');
      },
      5_000,
    );
    const heardFrom = now() + 1_500;
    await sleep(3_500);
    const fallbackPcm = await decode('mp3', listener.between(heardFrom, now()));
    expect(fallbackPcm.length).toBeGreaterThan(48_000 * 4);
    expect(power(fallbackPcm, FALLBACK_HZ)).toBeGreaterThan(100 * power(fallbackPcm, RELAY_HZ));
    expect(power(fallbackPcm, FALLBACK_HZ)).toBeGreaterThan(0.01);

    // The relay is heard again: its alarm ends, POSTed as silence-end, the fallback goes.
    const backAt = now();
    upstream.silent(false);
    const ended = await until(
      'silence-end POSTed',
      () => posted().find((g) => g.body.event === 'silence-end' && g.body.output === `source:${relay.id}`),
      8_000,
    );
    expect(ended.body.since).toBe(relayAlarm.body.since);
    expect(ended.body.seconds).toBeGreaterThanOrEqual((backAt - quietAt) / 1000 - 0.5);
    await until(
      'the fallback removed',
      async () => {
        const s = await t.call('live.state', {});
        return s.sources.every((x) => x.id !== withFallback.id) ? s : undefined;
      },
      5_000,
    );
    const relayFrom = now() + 1_500;
    await sleep(3_000);
    const relayPcm = await decode('mp3', listener.between(relayFrom, now()));
    expect(power(relayPcm, RELAY_HZ)).toBeGreaterThan(100 * power(relayPcm, FALLBACK_HZ));
    const after = await t.call('monitor.state', {});
    expect(after.alarms.filter((a) => a.active)).toEqual([]);
    expect(after.clock.message).toMatch(/Đồng hồ máy|Không biết/);
  }, 60_000);
});
