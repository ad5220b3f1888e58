/**
 * An emergency slot of the schedule with the air off (issue 16): the runner opens the air ahead
 * (its encoders take seconds), so that the emergency starts on time like any slot, heard by
 * receivers on each station (the rig of schedule-runner.test.ts).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signal } from '../support/signals';
import { slotOf, sleep, startLate, T0, useScheduleRig } from '../support/schedule-rig';
import { runs } from '../support/tone-ear';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const { stationsHeard, runnerOf } = useScheduleRig();

describe('an emergency slot with the air off', () => {
  it('an emergency slot with the air off: the air is opened ahead, and the emergency starts on time', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const ears = await stationsHeard(t);
    const alarm = signal(path.join(dir, 'khan-cap.wav'), {
      samples: 48_000 * 3,
      channels: 2,
      rate: 48_000,
      tone: { freq: 1000, amp: 0.3 },
    });
    const slots = [await slotOf('khan-cap', 0, alarm, 3, 'emergency')];
    // Nothing on the air: the runner opens it (30 s ahead at most; here at once, 20 s before: at
    // load 17 the air took over 12 s to open).
    expect(t.studio.services.live.state().mode).toBe('off');
    const { runner, log, clock } = runnerOf(t, slots, { preempted: 'resume' }, T0 - 20_000);
    await runner.start();
    await sleep(Math.max(0, T0 + 4_000 - clock.now()));
    await runner.stop();

    const e = log.entries.find((x) => x.slotId === 'khan-cap')!;
    console.log(`runner started the emergency ${startLate(e)} ms after its time`);
    expect(e).toMatchObject({ kind: 'emergency', outcome: 'aired', interruptions: [] });
    // Opened at its time, the air would have taken seconds (8 s and more at load 18).
    expect(Math.abs(startLate(e))).toBeLessThanOrEqual(250);
    for (const [code, ear] of ears) {
      const heard = runs(ear).filter((r) => r.tone !== null);
      console.log(`${code} heard`, JSON.stringify(heard));
      expect(heard.map((r) => r.tone)).toEqual([1000]);
      expect(Math.abs(heard[0]!.seconds - 3)).toBeLessThanOrEqual(0.1);
    }
  }, 40_000);
});
