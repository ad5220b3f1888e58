/**
 * The microphone check (src-main/media/recorder/input-check.ts) through the real router, with
 * real sound servers: it opens the input a take would use, through the same sox command and
 * recorder module, and says in the reporter's words when no microphone works. The doctor reports
 * it, so that the System screen no longer says "ready" on a machine that cannot record.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport, RecordingInputCheck } from '../../src-main/contract';
import { DEAD_SOURCE, TEST_SOURCE } from '../support/pulseaudio';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio, type TestStudio } from '../support/test-studio';
import { usePulseAudio } from '../support/use-pulseaudio';

const tempDir = useTempDirs();
let open: TestStudio | null = null;

afterEach(async () => {
  await open?.studio.close();
  open = null;
});

async function studio(env: NodeJS.ProcessEnv): Promise<TestStudio> {
  open = await openTestStudio(await tempDir(), { env });
  return open;
}

const microphoneOf = (report: DoctorReport) => report.checks.find((c) => c.id === 'microphone');

/** Words a reporter should never have to read. */
const JARGON = /sox|alsa|pulse|snd_|pcm|fail|stderr|exit|errno|enoent/i;

function expectPlainProblem(check: RecordingInputCheck, ...phrases: string[]) {
  expect(check.status).toBe('unavailable');
  for (const phrase of phrases) expect(check.problem).toContain(phrase);
  expect(check.problem).not.toMatch(JARGON);
  // What to do: plug in, choose another input, or look at the sound settings.
  expect(check.problem).toMatch(/cắm micro|chọn thiết bị thu khác|cài đặt âm thanh/);
}

describe('with a working microphone (a 440 Hz sine source)', () => {
  const pulse = usePulseAudio('sine');

  it('opens the default source, hears it, and the doctor says the studio is ready to record', async () => {
    const t = await studio(pulse().env);
    const check = await t.call('recording.checkInput', {});
    expect(check).toMatchObject({
      status: 'ok',
      backend: 'pulseaudio',
      device: TEST_SOURCE,
      label: 'Micro_thu_nghiem',
      problem: '',
    });

    const report = await t.call('system.doctor', {});
    expect(microphoneOf(report)).toMatchObject({ status: 'ok', path: 'Micro_thu_nghiem', advice: '' });
    expect(report.ready).toBe(true);
  });

  it('says so when the microphone is muted (it sends only silence), and a take still records once unmuted', async () => {
    const t = await studio(pulse().env);
    pulse().pactl('set-source-mute', TEST_SOURCE, '1');
    try {
      const check = await t.call('recording.checkInput', {});
      expect(check.status).toBe('silent');
      expect(check.problem).toContain('im lặng');
      expect(check.problem).toContain('Micro_thu_nghiem');
      expect(check.problem).not.toMatch(JARGON);
      expect(microphoneOf(await t.call('system.doctor', {}))?.status).toBe('warning');
    } finally {
      pulse().pactl('set-source-mute', TEST_SOURCE, '0');
    }
    // The check let go of the input: a take opens on it at once.
    expect((await t.call('recording.checkInput', {})).status).toBe('ok');
    const status = await t.call('recording.start', { channels: 1, maxSec: 0.5 });
    expect(status.state).toBe('recording');
    await t.studio.services.recording.waitForActive();
  });
});

describe('with a sound server that has no input at all', () => {
  const pulse = usePulseAudio('none');

  it('says there is no microphone and what to do, and the doctor does not say ready to record', async () => {
    const t = await studio(pulse().env);
    const check = await t.call('recording.checkInput', {});
    expectPlainProblem(check, 'không có thiết bị thu âm nào');
    expect(check.backend).toBe('pulseaudio');
    const mic = microphoneOf(await t.call('system.doctor', {}));
    expect(mic).toMatchObject({ status: 'missing', required: false, advice: check.problem });
  });
});

describe('with a default source that sends nothing (a dead microphone)', () => {
  const pulse = usePulseAudio('dead');

  it('waits a few seconds for sound, then says the microphone sends nothing and what to do', async () => {
    const t = await studio(pulse().env);
    const started = Date.now();
    const check = await t.call('recording.checkInput', {});
    expect(Date.now() - started).toBeLessThan(10_000);
    expectPlainProblem(check, 'Micro_hong', 'không gửi âm thanh nào');
    expect(check.device).toBe(DEAD_SOURCE);
    // The capture program is gone: nothing keeps the dead input open.
    expect(pulse().pactl('list', 'short', 'source-outputs').trim()).toBe('');
  });
});

describe('with no sound server and no sound card (this build machine)', () => {
  it('tries the default input through ALSA, fails, and says in plain words that no microphone works', async () => {
    // No PulseAudio answers at this address, and ALSA knows no device at all: a machine without
    // a sound card, whatever this one has.
    const dir = await tempDir();
    const alsaConfig = path.join(dir, 'asound.conf');
    await writeFile(alsaConfig, '');
    const t = await studio({
      ...process.env,
      PULSE_SERVER: `unix:${path.join(dir, 'no-server')}`,
      ALSA_CONFIG_PATH: alsaConfig,
    });
    const check = await t.call('recording.checkInput', {});
    expectPlainProblem(check, 'Không có micro nào hoạt động');
    expect(check.backend).toBe('alsa');
    // What the sound system said is kept for a technician.
    expect(check.technical).toContain('sox');
    expect(check.technical).toMatch(/default/);

    const report = await t.call('system.doctor', {});
    expect(microphoneOf(report)).toMatchObject({ status: 'missing', advice: check.problem });
    expect(microphoneOf(report)?.technical).toContain('sox');
    // ffmpeg and the data folder are fine: the studio can edit, so it stays "ready" for that.
    expect(report.ready).toBe(true);
  });
});
