/**
 * The live calls (issue 15) through the real router: who may go live and start an emergency (the
 * station's own emergency roles, checked in main), going live to the enabled stations of a target
 * with a file on the bus, the meters moving, an emergency taking the air from the playout and
 * giving it back, a subset's emergency on a channel of its own, and the audit log saying who did it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../src-main/app/policy';
import type { Connection } from '../../src-main/app/connection';
import type { CallName, LiveState, RequestIn, Role } from '../../src-main/contract';
import { freePort } from '../support/icecast';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const as = (roles: Role[], name = roles.join('+')): Caller => ({
  host: 'web',
  userId: name,
  userName: name,
  displayName: name,
  roles,
});

async function code<K extends CallName>(c: Connection, name: K, request: RequestIn<K>): Promise<string> {
  const reply = await c.call(name, request);
  return reply.ok ? 'OK' : reply.error.code;
}

/** Waits until the state (as events told it) satisfies `ok`; fails after `ms`. */
async function until(t: TestStudio, ok: (s: LiveState) => boolean, ms = 3000): Promise<LiveState> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await t.call('live.state', {});
    if (ok(s)) return s;
    if (Date.now() > end) throw new Error(`state not reached in ${ms} ms: ${JSON.stringify(s.sources)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stationsOf(t: TestStudio): Promise<void> {
  await t.call('live.configure', { port: await freePort() });
  await t.call('stations.add', { code: 'XA-A', name: 'Xã A', group: 'Bát Xát' });
  await t.call('stations.add', { code: 'XA-B', name: 'Xã B', group: 'Bát Xát' });
  await t.call('stations.add', { code: 'XA-C', name: 'Xã C', group: 'Sa Pa' });
  await t.call('stations.add', { code: 'XA-D', name: 'Xã D (tắt)', group: 'Bát Xát' });
  await t.call('stations.setEnabled', { code: 'XA-D', enabled: false });
}

async function auditLines(
  dataDir: string,
): Promise<Array<{ action: string; details?: Record<string, unknown> }>> {
  const dir = path.join(dataDir, 'audit');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
  const text = (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { action: string; details?: Record<string, unknown> });
}

describe('live calls', () => {
  it('lets only the roles allowed go live, and the station choose who may start an emergency', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const reporter = t.studio.connect(as(['reporter']));
    const announcer = t.studio.connect(as(['announcer']));
    const chief = t.studio.connect(as(['chiefEditor']));
    const operator = t.studio.connect(as(['operator']));
    const emergency = { target: { kind: 'all' }, spec: 'file:/nowhere/khan-cap.wav' } as const;

    expect(await code(reporter, 'live.state', {})).toBe('FORBIDDEN');
    expect(await code(reporter, 'live.start', { target: { kind: 'all' } })).toBe('FORBIDDEN');
    expect(await code(announcer, 'live.state', {})).toBe('OK');
    expect(await code(announcer, 'live.start', { target: { kind: 'all' } })).toBe('FORBIDDEN');
    expect(await code(announcer, 'live.emergency.start', emergency)).toBe('FORBIDDEN');
    expect(await code(operator, 'live.configure', { emergencyRoles: ['announcer'] })).toBe('FORBIDDEN');
    // The default roles may: the call gets past the policy (no station is there to reach).
    expect(await code(chief, 'live.emergency.start', emergency)).toBe('CONFLICT');
    expect(await code(operator, 'live.emergency.start', emergency)).toBe('CONFLICT');

    // The station says only announcers (and the admin, always) may: counted at the next call.
    const settings = await t.call('live.configure', { emergencyRoles: ['announcer'] });
    expect(settings).toMatchObject({ emergencyRoles: ['announcer'], port: 8000, icecast: null });
    expect(await code(chief, 'live.emergency.start', emergency)).toBe('FORBIDDEN');
    expect(await code(operator, 'live.emergency.end', {})).toBe('FORBIDDEN');
    expect(await code(announcer, 'live.emergency.start', emergency)).toBe('CONFLICT');
    const stored = JSON.parse(await readFile(path.join(t.dataDir, 'db', 'live.json'), 'utf8')) as {
      data: { emergencyRoles: string[] };
    };
    expect(stored.data.emergencyRoles).toEqual(['announcer']);

    // A window's session is told what it may do now, from the same rule.
    const who = await announcer.call('auth.state', {});
    expect(who.ok && (who.result as { permissions: string[] }).permissions).toContain('live.emergency');

    // Bad input is refused in the schema's own words.
    const bad = await operator.call('live.start', { target: { kind: 'stations', codes: [] } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(!bad.ok && bad.error.message).toContain('Hãy chọn ít nhất một cụm thu.');
    const badSpec = await operator.call('live.start', {
      target: { kind: 'all' },
      sources: [{ spec: 'cd:/dev/sr0', priority: 'playout' }],
    });
    expect(!badSpec.ok && badSpec.error.message).toContain('Nguồn phát là pcm:-');
  });

  it('goes live to the enabled stations of a target, and an emergency takes the air and gives it back', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    await stationsOf(t);
    const music = signal(path.join(dir, 'nhac.wav'), {
      samples: 48_000 * 8,
      channels: 2,
      tone: { freq: 440, amp: 0.3 },
    });
    const alarm = signal(path.join(dir, 'khan-cap.wav'), {
      samples: 48_000 * 8,
      channels: 2,
      tone: { freq: 1000, amp: 0.5 },
    });
    const operator = t.studio.connect(as(['operator'], 'kythuat'));
    const window = t.studio.connect(as(['operator'], 'cuaso'));

    // A window may not air the studio's standard input.
    const stdin = await window.call('live.start', {
      target: { kind: 'all' },
      sources: [{ spec: 'pcm:-', priority: 'playout' }],
    });
    expect(stdin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.call('live.state', {})).mode).toBe('off');

    const started = await operator.call('live.start', {
      target: { kind: 'group', group: 'bát xát' },
      sources: [{ spec: `file:${music}`, priority: 'playout', label: 'Nhạc nền' }],
    });
    expect(started.ok).toBe(true);
    const live = started.ok ? (started.result as LiveState) : null;
    expect(live).toMatchObject({
      mode: 'live',
      startedBy: 'kythuat',
      target: { kind: 'group', group: 'bát xát' },
    });
    expect(live!.stations.filter((s) => s.targeted).map((s) => s.code)).toEqual(['XA-A', 'XA-B']);
    const playout = live!.sources[0]!;
    expect(playout).toMatchObject({ label: 'Nhạc nền', priority: 'playout', levelDb: 0 });
    await until(t, (s) => s.sources[0]?.onAir === true && s.sources[0].state === 'playing');
    expect(await code(operator, 'live.start', { target: { kind: 'all' } })).toBe('CONFLICT');

    // The meters move, ten times a second.
    const metersFrom = t.events.length;
    await new Promise((r) => setTimeout(r, 600));
    const meters = t.events.slice(metersFrom).filter((e) => e.event === 'live.meters');
    expect(meters.length).toBeGreaterThanOrEqual(3);
    const loud = meters.map((e) => (e.payload as { programme: { peakDb: number } }).programme.peakDb);
    expect(Math.max(...loud)).toBeGreaterThan(-20);

    // An emergency on every station on air: the playout falls silent, the alarm holds the air.
    const em = await operator.call('live.emergency.start', {
      target: { kind: 'all' },
      spec: `file:${alarm}`,
    });
    expect(em.ok).toBe(true);
    const during = em.ok ? (em.result as LiveState) : null;
    expect(during!.mode).toBe('emergency');
    // Every enabled station is now reached (XA-C joined for the emergency), never the disabled one.
    expect(during!.emergency!.codes).toEqual(['XA-A', 'XA-B', 'XA-C']);
    expect(during!.stations.filter((s) => s.inEmergency).map((s) => s.code)).toEqual([
      'XA-A',
      'XA-B',
      'XA-C',
    ]);
    const alarmId = during!.emergency!.sourceId;
    await until(
      t,
      (s) =>
        s.sources.find((x) => x.id === alarmId)?.onAir === true &&
        s.sources.find((x) => x.id === playout.id)?.onAir === false,
      1000,
    );
    expect(await code(operator, 'live.source.remove', { id: alarmId })).toBe('CONFLICT');

    const ended = await t.call('live.emergency.end', {});
    expect(ended.mode).toBe('live');
    expect(ended.stations.filter((s) => s.targeted).map((s) => s.code)).toEqual(['XA-A', 'XA-B']);
    expect(ended.sources.map((s) => s.id)).toEqual([playout.id]);
    await until(t, (s) => s.sources[0]?.onAir === true, 1000);

    // An emergency for one station: a channel of its own; the others keep the playout.
    const one = await t.call('live.emergency.start', {
      target: { kind: 'stations', codes: ['xa-b'] },
      spec: `file:${alarm}`,
    });
    expect(one.stations.filter((s) => s.inEmergency).map((s) => s.code)).toEqual(['XA-B']);
    expect(one.sources.find((s) => s.id === playout.id)?.onAir).toBe(true);
    // On the warm emergency channel it plays within the second, the playout untouched on main.
    await until(
      t,
      (s) =>
        s.sources.find((x) => x.id === one.emergency!.sourceId)?.onAir === true &&
        s.sources.find((x) => x.id === one.emergency!.sourceId)?.state === 'playing' &&
        s.sources.find((x) => x.id === playout.id)?.onAir === true,
      1000,
    );
    expect((await t.call('live.emergency.end', {})).mode).toBe('live');

    // Levels, pause and play; then off the air.
    expect((await t.call('live.source.level', { id: playout.id, levelDb: -6 })).levelDb).toBe(-6);
    expect((await t.call('live.source.pause', { id: playout.id })).state).toBe('paused');
    // Silence reads as the meters' floor, −120 dB, a number on the wire (−∞ would reach JSON as null).
    const pausedFrom = t.events.length;
    const silentMeters = () =>
      t.events
        .slice(pausedFrom)
        .filter((e) => e.event === 'live.meters')
        .map((e) => (JSON.parse(JSON.stringify(e.payload)) as { programme: object }).programme);
    const quiet = { peakDb: -120, rmsDb: -120, clipped: 0 };
    for (let end = Date.now() + 3000; Date.now() < end;) {
      if (silentMeters().some((p) => JSON.stringify(p) === JSON.stringify(quiet))) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(silentMeters()).toContainEqual(quiet);
    expect((await t.call('live.source.play', { id: playout.id })).state).not.toBe('paused');
    const off = await t.call('live.stop', {});
    expect(off).toMatchObject({ mode: 'off', sources: [], emergency: null });
    expect(
      t.events.some((e) => e.event === 'live.state' && (e.payload as LiveState).mode === 'emergency'),
    ).toBe(true);

    const lines = await auditLines(t.dataDir);
    const live15 = lines.filter((l) => l.action.startsWith('live.') && l.action !== 'live.configure');
    expect(live15.map((l) => l.action)).toEqual([
      'live.start',
      'live.emergency.start',
      'live.emergency.end',
      'live.emergency.start',
      'live.emergency.end',
      'live.stop',
    ]);
    expect(live15[0]!.details).toMatchObject({
      codes: ['XA-A', 'XA-B'],
      sources: [{ label: 'Nhạc nền', priority: 'playout' }],
    });
    expect(live15[1]!.details).toMatchObject({ codes: ['XA-A', 'XA-B', 'XA-C'], spec: `file:${alarm}` });
  });
});
