/**
 * Emergency slots of the schedule (issue 16), heard by receivers (the rig of schedule-runner.test.ts):
 * an emergency pre-empts at once and, by the station's rule "skip", what it pre-empted does not come
 * back. With the air off: schedule-runner-air-off.test.ts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { slotOf, sleep, startLate, T0, useScheduleRig } from '../support/schedule-rig';
import { heardOf, runs } from '../support/tone-ear';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const { stationsHeard, runnerOf } = useScheduleRig();

describe('emergency slots', () => {
  it('an emergency pre-empts at once; by the station rule "skip" the pre-empted slot does not come back', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const ears = await stationsHeard(t);
    const tone = (name: string, freq: number, seconds: number) =>
      signal(path.join(dir, name), {
        samples: 48_000 * seconds,
        channels: 2,
        rate: 48_000,
        tone: { freq, amp: 0.3 },
      });
    const slots = [
      await slotOf('thuong', 0, tone('thuong.wav', 440, 8), 6, 'normal'),
      await slotOf('khan-cap', 2, tone('khan-cap.wav', 1000, 4), 2, 'emergency'),
    ];
    await t.call('live.start', { target: { kind: 'all' }, sources: [] });
    const { runner, log } = runnerOf(t, slots, { preempted: 'skip' }, T0 - 6_000);
    await runner.start();
    await sleep(6_000 + 6_000 + 1_000);
    await runner.stop();

    const [n, e] = [
      log.entries.find((x) => x.slotId === 'thuong')!,
      log.entries.find((x) => x.slotId === 'khan-cap')!,
    ];
    console.log(`runner started the slots ${startLate(n)} ms and ${startLate(e)} ms after their time`);
    for (const [code, ear] of ears) {
      const heard = runs(ear).filter((r) => r.tone !== null);
      console.log(`${code} heard`, JSON.stringify(heard));
      // Nothing after the emergency: the normal slot was dropped, not resumed.
      expect(heard.map((r) => r.tone)).toEqual([440, 1000]);
      const [a, b] = heard as [(typeof heard)[0], (typeof heard)[0]];
      expect(Math.abs(b.from - a.from - 2)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(b.seconds - 2)).toBeLessThanOrEqual(0.1);
    }
    expect(e).toMatchObject({ kind: 'emergency', outcome: 'aired', startedBy: 'Lịch phát' });
    expect(n).toMatchObject({
      outcome: 'interrupted',
      note: 'Bị chen ngang; theo quy tắc của đài, phần còn lại được bỏ qua.',
    });
    expect(n.interruptions).toEqual([expect.objectContaining({ reason: 'Bị phát khẩn cấp chen ngang.' })]);
    for (const [code, ear] of ears) {
      expect(
        Math.abs(n.stations.find((s) => s.code === code)!.seconds - heardOf(ear, 440)),
      ).toBeLessThanOrEqual(1);
      expect(
        Math.abs(e.stations.find((s) => s.code === code)!.seconds - heardOf(ear, 1000)),
      ).toBeLessThanOrEqual(1);
    }
  }, 40_000);
});
