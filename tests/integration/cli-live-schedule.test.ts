/**
 * `studio live --port N --json` with no `--source` (issue 16): the real command line plays the
 * schedule by itself. A slot is scheduled a little after the run starts, on the PC's own clock; a
 * receiver on a station's URL from the ready line hears the slot's tone for its length, and the
 * broadcast log says the schedule aired it, on time (when the air was up by then: on a very busy PC
 * it may not be, and the slot is picked up late).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { freePort, startLive, stationsFolder, stopLiveRuns, type ReadyLine } from '../support/studio-live';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio } from '../support/test-studio';
import { runs, useToneEars } from '../support/tone-ear';

const tempDir = useTempDirs();
const listenToTones = useToneEars();
afterEach(stopLiveRuns);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const two = (n: number) => String(n).padStart(2, '0');

describe('studio live with no source', () => {
  it('plays the schedule: a receiver hears the slot at its time, and the log says the schedule aired it', async () => {
    const port = await freePort();
    const data = await stationsFolder(tempDir, port);
    const tone = signal(path.join(path.dirname(data), 'ban-tin.wav'), {
      samples: 48_000 * 8,
      channels: 2,
      rate: 48_000,
      tone: { freq: 1000, amp: 0.3 },
    });
    // On the PC's clock, 25 s from now: `studio live` opens its air in 3–25 s (load 1–20).
    const at = new Date(Math.ceil((Date.now() + 25_000) / 1000) * 1000);
    const setup = await openTestStudio(data);
    try {
      await setup.call('schedule.add', {
        at: `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`,
        repeat: {
          kind: 'once',
          date: `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`,
        },
        play: `file:${tone}`,
        target: { kind: 'all' },
      });
    } finally {
      await setup.studio.close();
    }

    const live = startLive(['--port', String(port), '--json', '--data', data]);
    const ready = JSON.parse(await live.firstLine) as ReadyLine;
    const readyAt = Date.now();
    // Ready after the slot's time on a very busy PC: the slot is picked up late, at its place.
    const onTime = readyAt < at.getTime() - 1_000;
    console.log(`studio live was ready ${((at.getTime() - readyAt) / 1000).toFixed(1)} s before the slot`);
    const ear = listenToTones(ready.streams.find((s) => s.station === 'XA-01' && s.codec === 'mp3')!.url);
    await sleep(at.getTime() + 8_000 + 1_500 - Date.now());
    live.child.kill('SIGTERM');
    expect(await live.exited, live.stderr()).toBe(0);

    const heard = runs(ear).filter((r) => r.tone !== null);
    console.log('XA-01 heard', JSON.stringify(heard));
    expect(heard.map((r) => r.tone)).toEqual([1000]);
    if (onTime) {
      expect(Math.abs(heard[0]!.seconds - 8)).toBeLessThanOrEqual(0.15);
      // Silence from the ready line until the slot's time: the receiver's stream says when it began.
      expect(heard[0]!.from).toBeGreaterThan((at.getTime() - readyAt) / 1000 - 1.5);
    } else expect(heard[0]!.seconds).toBeLessThanOrEqual(8.15);

    const after = await openTestStudio(data);
    try {
      const [entry] = after.studio.services.broadcastLog.list({}).entries;
      expect(entry).toMatchObject({ kind: 'file', outcome: 'aired', startedBy: 'Lịch phát' });
      const late = Date.parse(entry!.actualStart) - at.getTime();
      console.log(`studio live started the slot ${late} ms after its time`);
      if (onTime) expect(Math.abs(late)).toBeLessThanOrEqual(250);
      expect(entry!.stations.map((s) => s.code)).toEqual(['XA-01', 'XA-02']);
    } finally {
      await after.studio.close();
    }
  }, 60_000);
});
