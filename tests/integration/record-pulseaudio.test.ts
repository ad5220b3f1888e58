/**
 * Recording through the real path: node-record-lpcm16 spawning sox with our recorder module,
 * reading a PulseAudio source (a 440 Hz sine, see tests/support/pulseaudio.ts), into a WAV file.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { EventName, RecordingLevelEvent, RecordingStatus } from '../../src-main/contract';
import { RecordingService } from '../../src-main/media/recorder';
import { TEST_FREQUENCY_HZ, TEST_SOURCE, TEST_TONE_PEAK_DBFS } from '../support/pulseaudio';
import { usePulseAudio } from '../support/use-pulseaudio';
import { useTempDirs } from '../support/temp-dir';
import { analyse } from '../support/recording';

const pulse = usePulseAudio();
const tempDir = useTempDirs();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function service() {
  const events: Array<{ event: EventName; payload: unknown; at: number }> = [];
  const svc = new RecordingService({
    dataDir: await tempDir(),
    env: pulse().env,
    emit: (event, payload) => events.push({ event, payload, at: Date.now() }),
  });
  const levels = () =>
    events.filter((e) => e.event === 'recording.level') as Array<{
      payload: RecordingLevelEvent;
      at: number;
    }>;
  return { svc, events, levels };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('recording from PulseAudio through sox', () => {
  it('lists the PulseAudio sources, the default first', async () => {
    const { svc } = await service();
    const list = await svc.devices();
    expect(list).toMatchObject({ backend: 'pulseaudio', defaultDeviceId: TEST_SOURCE, problem: '' });
    expect(list.devices[0]).toEqual({
      id: TEST_SOURCE,
      label: 'Micro_thu_nghiem',
      isDefault: true,
      kind: 'input',
    });
    expect(list.devices.filter((d) => d.kind === 'monitor').length).toBeGreaterThan(0);
  });

  it('records 3 s of the tone: 48 kHz, right length, 440 Hz, live meter at 25 readings a second, markers kept', async () => {
    const { svc, levels } = await service();
    const status = await svc.start({ channels: 1, maxSec: 3, title: 'Thử thu âm' });
    expect(status).toMatchObject({ state: 'recording', device: TEST_SOURCE, backend: 'pulseaudio' });
    const done = svc.waitForActive()!;
    await sleep(1000);
    const marker = svc.marker('Câu hỏi thứ hai');
    const take = await done;

    expect(take).toMatchObject({ stopReason: 'time-limit', sampleRate: 48_000, channels: 1, durationSec: 3 });
    const facts = analyse(take.file);
    expect(facts.decodeErrors).toBe('');
    expect(facts.sampleRate).toBe(48_000);
    expect(facts.channels).toBe(1);
    expect(Math.abs(facts.durationSec - 3)).toBeLessThanOrEqual(0.2);
    expect(facts.peakDbfs).toBeCloseTo(TEST_TONE_PEAK_DBFS, 0);
    expect(facts.rmsDbfs).toBeCloseTo(TEST_TONE_PEAK_DBFS - 3.01, 0);
    expect(Math.abs(facts.frequencyHz - TEST_FREQUENCY_HZ)).toBeLessThan(5);

    // The meter, as the Record workspace sees it.
    const readings = levels();
    const spanSec = (readings.at(-1)!.at - readings[0]!.at) / 1000;
    expect(readings.length / spanSec).toBeGreaterThanOrEqual(20);
    const gaps = readings.slice(1).map((r, i) => r.at - readings[i]!.at);
    expect(median(gaps)).toBeLessThanOrEqual(50);
    expect(median(readings.map((r) => r.payload.peakDbfs))).toBeCloseTo(TEST_TONE_PEAK_DBFS, 0);
    expect(median(readings.map((r) => r.payload.rmsDbfs))).toBeCloseTo(TEST_TONE_PEAK_DBFS - 3.01, 0);
    expect(readings.some((r) => r.payload.clipping)).toBe(false);
    expect(readings.at(-1)!.payload.elapsedSec).toBeGreaterThan(2.8);

    // The marker: in the result, the sidecar and the WAV's cue chunk.
    expect(marker.atSec).toBeGreaterThan(0.7);
    expect(marker.atSec).toBeLessThan(1.5);
    expect(take.markers).toEqual([marker]);
    expect(JSON.parse(await readFile(take.sidecar, 'utf8')).markers).toEqual([marker]);
    const bytes = await readFile(take.file);
    expect(bytes.includes(Buffer.from('cue ', 'ascii'))).toBe(true);
    expect(bytes.includes(Buffer.from('Câu hỏi thứ hai', 'utf8'))).toBe(true);
  });

  it('leaves paused time out of the take, while the meter keeps moving', async () => {
    const { svc, levels, events } = await service();
    await svc.start({ channels: 1 });
    await sleep(1000);
    svc.pause();
    const pausedAt = svc.status().elapsedSec;
    await sleep(1000);
    expect(svc.status().elapsedSec).toBe(pausedAt);
    svc.resume();
    await sleep(1000);
    const take = await svc.stop();

    expect(Math.abs(take.durationSec - 2)).toBeLessThanOrEqual(0.25);
    const facts = analyse(take.file);
    expect(Math.abs(facts.durationSec - take.durationSec)).toBeLessThan(0.001);
    expect(facts.decodeErrors).toBe('');
    expect(levels().filter((l) => l.payload.paused).length).toBeGreaterThanOrEqual(20);
    const states = events
      .filter((e) => e.event === 'recording.state')
      .map((e) => (e.payload as RecordingStatus).state);
    expect(states).toEqual(['starting', 'recording', 'paused', 'recording', 'stopping', 'idle']);
  });

  it('warns of clipping when the input is too hot, and records stereo', async () => {
    const { svc, levels } = await service();
    pulse().pactl('set-source-volume', TEST_SOURCE, '200%');
    try {
      await svc.start({ channels: 2, maxSec: 1 });
      const take = await svc.waitForActive()!;
      const facts = analyse(take.file);
      expect(facts.channels).toBe(2);
      expect(facts.peakDbfs).toBeGreaterThan(-0.2);
      expect(levels().filter((l) => l.payload.clipping).length).toBeGreaterThan(levels().length / 2);
      expect(levels()[5]!.payload.channels).toHaveLength(2);
      expect(svc.status().lastTake?.id).toBe(take.id);
    } finally {
      pulse().pactl('set-source-volume', TEST_SOURCE, '100%');
    }
  });

  it('refuses a source that does not exist, in Vietnamese', async () => {
    const { svc } = await service();
    await expect(svc.start({ channels: 1, device: 'alsa_input.khong_co' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('Không thấy thiết bị thu "alsa_input.khong_co"'),
    });
  });
});
