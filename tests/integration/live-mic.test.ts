/**
 * The microphone on the live bus, through the recorder's own capture command (sox reading a
 * private PulseAudio server's 440 Hz sine at −6 dBFS, see tests/support/pulseaudio.ts), captured
 * mono and put on the bus's two channels. What the operator would notice: the voice at its level
 * in both channels (the meter and the programme say −6 dBFS, not 6 dB under), a programme under it
 * ducked (the meters' duck and the music's level in the programme) and back once the microphone
 * goes, and a microphone that does not exist refused in Vietnamese.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUS_RATE, LiveBus, type Meters, type SourceEvent } from '../../src-main/live/bus';
import { locateFfmpeg } from '../../src-main/media/ffmpeg-locator';
import { RecordingService } from '../../src-main/media/recorder';
import { commandLine, descendants } from '../support/process-tree';
import { TEST_FREQUENCY_HZ, TEST_TONE_PEAK_DBFS } from '../support/pulseaudio';
import { useTempDirs } from '../support/temp-dir';
import { usePulseAudio } from '../support/use-pulseaudio';

const pulse = usePulseAudio();
const tempDir = useTempDirs();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const MUSIC_HZ = 1000; // at −12 dBFS
/** 50 ms windows: a whole number of periods of both tones (22 and 50), so their bins do not leak. */
const WIN = 2400;

/** A tone's amplitude in one channel of a window of the programme (a DFT bin). */
function amplitude(pcm: Int16Array, fromFrame: number, channel: 0 | 1, hz: number): number {
  let re = 0;
  let im = 0;
  for (let f = 0; f < WIN; f++) {
    const v = pcm[2 * (fromFrame + f) + channel] as number;
    const w = (2 * Math.PI * hz * f) / BUS_RATE;
    re += v * Math.cos(w);
    im += v * Math.sin(w);
  }
  return (2 / WIN) * Math.hypot(re, im);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dbOf = (amp: number) => 20 * Math.log10(amp / 32768);

async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(50);
  }
}

function soxProcesses(): number[] {
  return descendants(process.pid).filter((pid) => /(^|\/)sox /.test(commandLine(pid)));
}

describe('the microphone on the live bus', () => {
  it('puts a mono microphone on both channels at its level and ducks the programme under it', async () => {
    const found = (await locateFfmpeg({ settingPath: null })).found;
    if (!found) throw new Error('ffmpeg is needed');
    const dir = await tempDir();
    const music = path.join(dir, 'music.wav');
    const made = spawnSync(found.path, [
      ...['-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', `sine=frequency=${MUSIC_HZ}:sample_rate=48000:duration=20`],
      ...['-af', 'volume=2,pan=stereo|c0=c0|c1=c0', '-c:a', 'pcm_s16le', music],
    ]);
    expect(made.status).toBe(0);

    const recording = new RecordingService({ dataDir: dir, env: pulse().env, emit: () => {} });
    const bus = await LiveBus.open({
      ffmpeg: found.path,
      outputMs: 10_000,
      // As the composition gives it: the recorder's capture, mono (a microphone is one channel).
      micCommand: (device) => recording.captureCommand(device ?? undefined, 1),
    });
    const chunks: Buffer[] = [];
    bus.output().on('data', (c: Buffer) => chunks.push(c));
    const meters: Array<Meters & { at: number }> = [];
    bus.onMeters((m) => meters.push({ ...m, at: Date.now() }));
    const events: SourceEvent[] = [];
    bus.onSource((e) => events.push(e));
    const frameAt = (ms: number) => Math.round(((ms - bus.startedAt) * BUS_RATE) / 1000);
    try {
      bus.addSource(`file:${music}`, { id: 'music', priority: 'playout' });
      const musicPlays = () =>
        meters.filter((m) => m.report.sources.some((x) => x.id === 'music' && x.peakDb > -13)).length;
      await until('the music plays', () => musicPlays() >= 8, 8000);
      const micAt = Date.now();
      bus.addSource('mic', { id: 'mic', priority: 'mic' });
      await until(
        'the microphone is up',
        () => events.some((e) => e.type === 'link' && e.id === 'mic' && e.state === 'up'),
        8000,
      );
      const upAt = Date.now();
      await sleep(2500);
      const onMeters = meters.filter((m) => m.at > upAt + 1000);
      bus.remove('mic');
      const removedAt = Date.now();
      await sleep(1500);
      expect(soxProcesses()).toEqual([]); // the capture stops with its source

      const programme = () => new Int16Array(new Uint8Array(Buffer.concat(chunks)).buffer);
      const windowsBetween = (fromMs: number, toMs: number) => {
        const out: number[] = [];
        for (let f = frameAt(fromMs); f + WIN <= frameAt(toMs); f += WIN) out.push(f);
        return out;
      };
      const pcm = programme();
      const before = windowsBetween(micAt - 600, micAt);
      const during = windowsBetween(upAt + 1000, removedAt);
      const after = windowsBetween(removedAt + 800, removedAt + 1400);
      expect(during.length).toBeGreaterThan(20);
      const voice = (ch: 0 | 1) => median(during.map((f) => amplitude(pcm, f, ch, TEST_FREQUENCY_HZ)));
      const musicLevel = (ws: number[]) => median(ws.map((f) => amplitude(pcm, f, 0, MUSIC_HZ)));
      const mic = onMeters.map((m) => m.report.sources.find((s) => s.id === 'mic')!);
      const duck = median(onMeters.map((m) => m.report.duckDb));
      console.log(
        `mic: left ${dbOf(voice(0)).toFixed(2)} dBFS, right ${dbOf(voice(1)).toFixed(2)} dBFS, ` +
          `meter peak ${median(mic.map((s) => s.peakDb)).toFixed(2)} dBFS (tone ${TEST_TONE_PEAK_DBFS}); ` +
          `music ${dbOf(musicLevel(before)).toFixed(1)} → ${dbOf(musicLevel(during)).toFixed(1)} → ` +
          `${dbOf(musicLevel(after)).toFixed(1)} dBFS, duck ${duck.toFixed(1)} dB, ` +
          `${mic.reduce((n, s) => Math.max(n, s.underruns), 0)} underruns, up ${upAt - micAt} ms after it was added`,
      );

      // The voice at its own level in each channel: a mono source is not halved into stereo.
      for (const ch of [0, 1] as const) expect(dbOf(voice(ch))).toBeCloseTo(TEST_TONE_PEAK_DBFS, 0);
      expect(median(mic.map((s) => s.peakDb))).toBeCloseTo(TEST_TONE_PEAK_DBFS, 0);
      expect(mic.every((s) => s.onAir)).toBe(true);
      // The music under the voice: ducked by the bus's 12 dB, seen in the meters and heard.
      expect(duck).toBeCloseTo(-12, 0);
      expect(dbOf(musicLevel(before))).toBeCloseTo(-12, 0);
      expect(dbOf(musicLevel(during))).toBeCloseTo(-24, 0);
      // and back once the microphone is gone.
      expect(dbOf(musicLevel(after))).toBeCloseTo(-12, 0);
      expect(meters.at(-1)!.report.duckDb).toBe(0);
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
    } finally {
      await bus.close();
    }
    expect(soxProcesses()).toEqual([]);
  }, 40_000);

  it('refuses a microphone that does not exist, in Vietnamese', async () => {
    const recording = new RecordingService({ dataDir: await tempDir(), env: pulse().env, emit: () => {} });
    const bus = await LiveBus.open({ micCommand: (d) => recording.captureCommand(d ?? undefined, 1) });
    const events: SourceEvent[] = [];
    bus.onSource((e) => events.push(e));
    try {
      bus.addSource('mic:khong_co_micro', { id: 'mic', priority: 'mic' });
      await until('an error', () => events.some((e) => e.type === 'error'), 8000);
      expect(events.find((e) => e.type === 'error')).toMatchObject({
        id: 'mic',
        message: expect.stringContaining('Không thấy thiết bị thu "khong_co_micro"'),
      });
      await until('the source ends', () => events.some((e) => e.type === 'ended'), 3000);
    } finally {
      await bus.close();
    }
  }, 20_000);
});
