/**
 * The live desk's items in the broadcast log (issue 16), through the real router: an operator goes
 * live with a file, it plays to its end, and the log has its entry with who started it, the
 * stations and the seconds each heard (a receiver on one station, none on the other); a second
 * file pre-empted by an emergency started by hand shows the emergency as its interruption, and
 * the emergency has an entry of its own.
 */
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/app/policy';
import type { BroadcastLogEntry, LiveState } from '../../src-main/contract';
import { EMERGENCY_BREAK } from '../../src-main/broadcast-log/desk-log';
import { freePort } from '../support/icecast';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.reverse()) c();
  cleanup = [];
});

const OPERATOR: Caller = {
  host: 'web',
  userId: 'an',
  userName: 'an',
  displayName: 'Nguyễn Văn An',
  roles: ['operator'],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(25);
  }
}

async function entries(t: TestStudio): Promise<BroadcastLogEntry[]> {
  return (await t.call('broadcastLog.list', {})).entries;
}

describe('the desk in the broadcast log', () => {
  it('logs a file played by hand with who, stations and seconds, and an emergency as its interruption', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const port = await freePort();
    await t.call('live.configure', { port });
    const a = await t.call('stations.add', { code: 'XA-A', name: 'Xã A' });
    await t.call('stations.add', { code: 'XA-B', name: 'Xã B' });
    const short = signal(path.join(dir, 'thong-bao.wav'), {
      samples: 48_000 * 3,
      channels: 2,
      tone: { freq: 440, amp: 0.3 },
    });
    const music = signal(path.join(dir, 'nhac.wav'), {
      samples: 48_000 * 30,
      channels: 2,
      tone: { freq: 660, amp: 0.3 },
    });
    const alarm = signal(path.join(dir, 'khan-cap.wav'), {
      samples: 48_000 * 20,
      channels: 2,
      tone: { freq: 1000, amp: 0.5 },
    });
    const operator = t.studio.connect(OPERATOR);
    const state = async (): Promise<LiveState> => {
      const s = await operator.call('live.state', {});
      if (!s.ok) throw new Error(s.error.message);
      return s.result as LiveState;
    };

    const started = await operator.call('live.start', {
      target: { kind: 'all' },
      sources: [{ spec: `file:${short}`, priority: 'playout', label: 'Thông báo lịch tiêm' }],
    });
    expect(started.ok).toBe(true);
    // One receiver on XA-A (on this PC: the server listens on 127.0.0.1 in tests); none on XA-B.
    const url = new URL(a.streams.find((s) => s.codec === 'mp3')!.url);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const req = http.get(url, (res) => res.resume());
    req.on('error', () => undefined); // cut at the end of the test
    cleanup.push(() => req.destroy());

    await until(
      'the file played to its end',
      async () => ((await state()).sources.some((s) => s.state === 'ended') ? true : undefined),
      20_000,
    );
    const first = await until(
      'its entry closed',
      async () => (await entries(t)).find((e) => e.outcome !== null),
      2_000,
    );
    expect(first).toMatchObject({
      kind: 'file',
      title: 'Thông báo lịch tiêm',
      spec: `file:${short}`,
      startedBy: 'Nguyễn Văn An',
      slotId: null,
      outcome: 'aired',
      interruptions: [],
    });
    const heard = new Map(first.stations.map((s) => [s.code, s.seconds]));
    console.log(`desk log: a 3 s file heard ${heard.get('XA-A')} s at XA-A, ${heard.get('XA-B')} s at XA-B`);
    // Three seconds of audio; the receiver connected while the file began (buffering counts nothing).
    expect(heard.get('XA-A')).toBeGreaterThanOrEqual(2);
    expect(heard.get('XA-A')).toBeLessThanOrEqual(4.5);
    expect(heard.get('XA-B')).toBe(0);
    const aired = (Date.parse(first.actualEnd!) - Date.parse(first.actualStart)) / 1000;
    expect(aired).toBeGreaterThanOrEqual(2.5);
    expect(aired).toBeLessThanOrEqual(4.5);

    // A long file, then an emergency by hand to every station, ended by hand, then the air stopped.
    const added = await operator.call('live.source.add', {
      spec: `file:${music}`,
      priority: 'playout',
      label: 'Nhạc nền',
      levelDb: 0,
      playing: true,
    });
    if (!added.ok) throw new Error(added.error.message);
    const musicId = (added.result as { id: string }).id;
    await until(
      'the music on air',
      async () => ((await state()).sources.find((s) => s.id === musicId && s.onAir) ? true : undefined),
      10_000,
    );
    await sleep(1_000);
    const em = await operator.call('live.emergency.start', {
      target: { kind: 'all' },
      spec: `file:${alarm}`,
      label: 'Cảnh báo lũ',
    });
    if (!em.ok) throw new Error(em.error.message);
    await until(
      'the emergency on air',
      async () =>
        (await state()).sources.find((s) => s.label === 'Cảnh báo lũ' && s.onAir) ? true : undefined,
      5_000,
    );
    await sleep(2_000);
    expect((await operator.call('live.emergency.end', {})).ok).toBe(true);
    await sleep(1_500);
    expect((await operator.call('live.stop', {})).ok).toBe(true);

    const log = await until(
      'every entry closed',
      async () => {
        const all = await entries(t);
        return all.length === 3 && all.every((e) => e.outcome !== null) ? all : undefined;
      },
      2_000,
    );
    const musicEntry = log.find((e) => e.title === 'Nhạc nền')!;
    const emEntry = log.find((e) => e.kind === 'emergency')!;
    console.log('desk log: music', JSON.stringify(musicEntry.interruptions), 'emergency', emEntry.stations);
    expect(musicEntry).toMatchObject({ kind: 'file', startedBy: 'Nguyễn Văn An', outcome: 'interrupted' });
    expect(musicEntry.interruptions).toHaveLength(1);
    const cut = musicEntry.interruptions[0]!;
    expect(cut.reason).toBe(EMERGENCY_BREAK);
    // The interruption begins as the emergency does and lasts as long as it held the air.
    expect(Math.abs(Date.parse(cut.at) - Date.parse(emEntry.actualStart))).toBeLessThan(1_000);
    expect(cut.seconds).toBeGreaterThanOrEqual(1.5);
    expect(cut.seconds).toBeLessThanOrEqual(4);
    expect(emEntry).toMatchObject({
      title: 'Cảnh báo lũ',
      spec: `file:${alarm}`,
      startedBy: 'Nguyễn Văn An',
      outcome: 'interrupted',
    });
    expect(emEntry.stations.map((s) => s.code).sort()).toEqual(['XA-A', 'XA-B']);
    expect(emEntry.stations.find((s) => s.code === 'XA-A')!.seconds).toBeGreaterThanOrEqual(1.5);
    // The music heard before and after the emergency, not during it.
    const musicAired = (Date.parse(musicEntry.actualEnd!) - Date.parse(musicEntry.actualStart)) / 1000;
    const musicHeard = musicEntry.stations.find((s) => s.code === 'XA-A')!.seconds;
    expect(musicHeard).toBeLessThanOrEqual(musicAired - cut.seconds + 0.6);
    expect(musicHeard).toBeGreaterThanOrEqual(1.5);
  }, 45_000);
});
