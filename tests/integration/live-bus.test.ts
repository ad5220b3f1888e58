/**
 * The live bus in real time, on its worker, while main is kept busy: a tone file decoded by a real
 * ffmpeg, a "microphone" and then an emergency fed as raw PCM streams from main. The programme is
 * read back and analysed sample by sample: the tone at its level, ducked while the microphone
 * talks, then the emergency alone within the pre-emption time; no underrun for sources fed in
 * time; 48,000 frames a second from the bus whatever main is doing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BUS_RATE, LiveBus, type Meters, type SourceEvent } from '../../src-main/live/bus';
import { locateFfmpeg } from '../../src-main/media/ffmpeg-locator';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

const TONE_HZ = 1000;
const MIC_HZ = 300;
const ALARM_HZ = 2500;
const TONE_AMP = 8192; // −12 dBFS
const MIC_AMP = 3277; // −20 dBFS: well above the −40 dB threshold
const ALARM_AMP = 6554; // −14 dBFS
const DUCK_DB = 10;
const PREEMPT_MS = 30;
/** Analysis windows: 20 ms, a whole number of periods of every tone (orthogonal, exact). */
const WIN = 960;

/** A tone's amplitude in a window of the programme's left channel (a DFT bin). */
function amplitude(pcm: Int16Array, fromFrame: number, hz: number): number {
  let re = 0;
  let im = 0;
  for (let f = 0; f < WIN; f++) {
    const v = pcm[2 * (fromFrame + f)] as number;
    const w = (2 * Math.PI * hz * f) / BUS_RATE;
    re += v * Math.cos(w);
    im += v * Math.sin(w);
  }
  return (2 / WIN) * Math.hypot(re, im);
}

/** Writes a sine as raw PCM to a stream, always `leadMs` ahead of the wall clock (a producer in time). */
function producer(stream: PassThrough, hz: number, amp: number, leadMs: number) {
  const start = performance.now();
  let frame = 0;
  const timer = setInterval(() => {
    const due = Math.round(((performance.now() - start + leadMs) * BUS_RATE) / 1000);
    if (due <= frame) return;
    const pcm = new Int16Array((due - frame) * 2);
    for (let i = 0; i < due - frame; i++) {
      const v = Math.round(amp * Math.sin((2 * Math.PI * hz * (frame + i)) / BUS_RATE));
      pcm[2 * i] = v;
      pcm[2 * i + 1] = v;
    }
    frame = due;
    stream.write(Buffer.from(pcm.buffer));
  }, 10);
  return () => {
    clearInterval(timer);
    stream.end();
  };
}

/** Keeps main's thread busy: spins `sliceMs` at a time, letting timers in between. */
function keepBusy(sliceMs: number) {
  let stop = false;
  let spun = 0;
  const loop = () => {
    if (stop) return;
    const until = performance.now() + sliceMs;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    spun += sliceMs;
    setTimeout(loop, 1);
  };
  setTimeout(loop, 1);
  return () => {
    stop = true;
    return spun;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the live bus in real time', () => {
  it('mixes a file and two streams, ducks under the mic, pre-empts for the emergency, keeps time under a busy main', async () => {
    const found = (await locateFfmpeg({ settingPath: null })).found;
    if (!found) throw new Error('ffmpeg is needed');
    const dir = await tempDir();
    const tone = path.join(dir, 'tone.wav');
    const made = spawnSync(found.path, [
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${TONE_HZ}:sample_rate=48000:duration=8`,
      '-af',
      'volume=2,pan=stereo|c0=c0|c1=c0',
      '-c:a',
      'pcm_s16le',
      tone,
    ]);
    expect(made.status).toBe(0);

    const bus = await LiveBus.open({
      ffmpeg: found.path,
      outputMs: 6000,
      mixer: {
        preemptFadeMs: PREEMPT_MS,
        duck: { thresholdDb: -40, depthDb: DUCK_DB, attackMs: 20, releaseMs: 200 },
      },
    });
    const chunks: Buffer[] = [];
    const out = bus.output();
    out.on('data', (c: Buffer) => chunks.push(c));
    const outEnded = new Promise((r) => out.once('end', r));
    const meters: Meters[] = [];
    bus.onMeters((m) => meters.push(m));
    const events: SourceEvent[] = [];
    bus.onSource((e) => events.push(e));
    const now = () => performance.timeOrigin + performance.now();
    const busy = keepBusy(150);
    try {
      const toneAt = now();
      bus.addSource(`file:${tone}`, { id: 'tone', priority: 'playout' });
      await sleep(1200);
      const mic = new PassThrough();
      const stopMic = producer(mic, MIC_HZ, MIC_AMP, 400);
      const micAt = now();
      bus.addSource('pcm:-', { id: 'mic', priority: 'mic', stream: mic });
      await sleep(1500);
      const alarm = new PassThrough();
      const stopAlarm = producer(alarm, ALARM_HZ, ALARM_AMP, 400);
      const alarmAt = now();
      bus.addSource('pcm:-', { id: 'alarm', priority: 'emergency', takeAir: true, stream: alarm });
      await sleep(1200);
      const spun = busy();
      expect(spun).toBeGreaterThan(2500); // main really was busy most of the time

      const last = meters.at(-1)!;
      stopMic();
      stopAlarm();
      await bus.close();
      await outEnded;
      const pcm = new Int16Array(new Uint8Array(Buffer.concat(chunks)).buffer);
      const frames = pcm.length / 2;

      // Real time: the bus's own count against its own clock, and main's bytes against the wall.
      // Block n is due at n × 10 ms: `blocks` blocks are out once blocks − 1 periods have begun.
      const rate = ((last.report.blocks - 1) * 480) / (last.clock.elapsedMs / 1000);
      expect(Math.abs(rate - BUS_RATE) / BUS_RATE).toBeLessThan(0.005);
      expect(last.clock.slips).toBe(0);
      // A clock on main's thread would be late by a whole busy slice (150 ms) in most of the
      // tenth-second reports; the worker's is late only when the OS gives its core to another
      // process (the machine is shared), and seldom.
      const lates = meters.map((m) => m.clock.maxLateMs).sort((a, b) => a - b);
      const maxLateMs = lates.at(-1)!;
      const medianLateMs = lates[Math.floor(lates.length / 2)]!;
      expect(medianLateMs).toBeLessThan(50);
      expect(lates.filter((l) => l >= 100).length).toBeLessThan(lates.length / 10);
      expect(last.clock.outputOverruns).toBe(0);
      const wallFrames = ((now() - bus.startedAt) * BUS_RATE) / 1000;
      expect(Math.abs(frames - wallFrames)).toBeLessThan(0.25 * BUS_RATE);

      // Sources fed in time never ran dry.
      expect(events.filter((e) => e.type === 'underrun' || e.type === 'error')).toEqual([]);
      expect(last.report.sources.map((s) => [s.id, s.underruns])).toEqual([
        ['tone', 0],
        ['mic', 0],
        ['alarm', 0],
      ]);

      // Window w covers frames [w·960, (w+1)·960), due at startedAt + 20w ms.
      const windowAt = (t: number) => Math.floor(((t - bus.startedAt) * BUS_RATE) / 1000 / WIN);
      const windows = Math.floor(frames / WIN);
      const level = (w: number) => ({
        tone: amplitude(pcm, w * WIN, TONE_HZ),
        mic: amplitude(pcm, w * WIN, MIC_HZ),
        alarm: amplitude(pcm, w * WIN, ALARM_HZ),
      });

      // The tone alone, at its level, from 200 ms after it was added until the mic: no gap.
      const micW = windowAt(micAt);
      let toneStart = 0;
      while (toneStart < micW && level(toneStart).tone < TONE_AMP * 0.98) toneStart++;
      // ffmpeg starts and the prebuffer fills: 0.2–0.3 s on an idle machine, up to a second with
      // this machine's load (two cores, several test runs): the bound is ffmpeg's start, not the bus's.
      const toneLatencyMs = bus.startedAt + toneStart * 20 - toneAt;
      expect(toneLatencyMs).toBeLessThan(1500);
      for (let w = toneStart + 1; w < micW; w++) {
        const l = level(w);
        expect(Math.abs(l.tone - TONE_AMP)).toBeLessThan(TONE_AMP * 0.01);
        expect(l.mic + l.alarm).toBeLessThan(5);
      }

      // While the microphone talks: the tone 10 dB down (after the mic's prebuffer and the attack).
      const alarmW = windowAt(alarmAt);
      const ducked = TONE_AMP * 10 ** (-DUCK_DB / 20);
      let duckedFrom = micW;
      while (duckedFrom < alarmW && Math.abs(level(duckedFrom).tone - ducked) > ducked * 0.02) duckedFrom++;
      expect((duckedFrom - micW) * 20).toBeLessThan(250);
      for (let w = duckedFrom + 1; w < alarmW; w++) {
        const l = level(w);
        expect(
          Math.abs(l.tone - ducked),
          `window ${w} (mic ${micW}, ducked from ${duckedFrom}, alarm ${alarmW}): ${JSON.stringify(l)}`,
        ).toBeLessThan(ducked * 0.02);
        expect(Math.abs(l.mic - MIC_AMP)).toBeLessThan(MIC_AMP * 0.02);
      }

      // The emergency takes the air: the others gone within the pre-emption time (plus the block
      // the command waits for), then the alarm alone at its level.
      let goneAt = alarmW;
      while (goneAt < windows && (level(goneAt).tone > 3 || level(goneAt).mic > 3)) goneAt++;
      const preemptMs = bus.startedAt + (goneAt + 1) * 20 - alarmAt;
      // The command waits for the next block (up to 10 ms), the fade
      // takes 30, the window that shows it ends up to 20 later; the rest is a shared machine.
      // Measured 51–70 ms: the bus's share of the second.
      expect(preemptMs).toBeLessThan(PREEMPT_MS + 100);
      let alarmFrom = goneAt;
      while (alarmFrom < windows && Math.abs(level(alarmFrom).alarm - ALARM_AMP) > ALARM_AMP * 0.01)
        alarmFrom++;
      // Its own PCM comes from main (writing between 150 ms busy slices) and a 60 ms prebuffer.
      expect((alarmFrom - alarmW) * 20).toBeLessThan(400);
      for (let w = alarmFrom; w < windows - 1; w++) {
        const l = level(w);
        expect(Math.abs(l.alarm - ALARM_AMP)).toBeLessThan(ALARM_AMP * 0.01);
        expect(l.tone + l.mic).toBeLessThan(3);
      }
      console.log(
        `bus: ${rate.toFixed(1)} frames/s by its clock, late at most ${maxLateMs.toFixed(1)} ms (median report ${medianLateMs.toFixed(1)} ms), ` +
          `${last.clock.caughtUp} blocks caught up; others gone ${preemptMs.toFixed(0)} ms after the emergency was added, ` +
          `alarm at level ${(alarmFrom - alarmW) * 20} ms after; the tone's first full window ${toneLatencyMs.toFixed(0)} ms after it was added; main busy ${spun} ms`,
      );
    } finally {
      busy();
      await bus.close();
    }
  }, 30_000);
});
