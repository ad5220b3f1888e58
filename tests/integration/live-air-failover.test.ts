/**
 * The air when things go wrong or change: the live encoder's ffmpeg is killed (kill -9), the warm
 * spare takes over and the tap's audio goes on within a second; switching sources restarts no
 * encoder; an emergency channel opened from the warm standby carries its own source at once
 * while main's listeners hear main.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamCodec } from '../../src-main/contract';
import { Air } from '../../src-main/live/air';
import { markDetector } from '../../src-main/live/timing-marks';
import { decode, ffmpeg, listen, markedProducer, now, sleep } from '../support/air-listener';

let air: Air | null = null;
const producers: (() => void)[] = [];
afterEach(async () => {
  for (const stop of producers.splice(0)) stop();
  await air?.close();
  air = null;
});

describe('the air under failure and emergency', () => {
  it('goes on within a second when the live encoder is killed: the warm spare takes over, sources switch without a restart', async () => {
    air = await Air.open({ ffmpeg: await ffmpeg(), standby: false });
    const pcm = new PassThrough();
    producers.push(markedProducer(pcm));
    air.bus.addSource('pcm:-', { id: 'marks', priority: 'playout', stream: pcm });
    const events: string[] = [];
    air.onEncoder((e) => events.push(`${e.codec} ${e.type}${'role' in e ? ` ${e.role}` : ''}`));
    const mp3 = listen(air.tap('mp3'));
    const opus = listen(air.tap('opus'));
    // Switching sources (another stream takes the air, then gives it back) restarts no encoder.
    await sleep(1500);
    const other = new PassThrough();
    const silence = setInterval(() => other.write(Buffer.alloc(3840)), 10);
    producers.push(() => {
      clearInterval(silence);
      other.end();
    });
    air.bus.addSource('pcm:-', { id: 'other', priority: 'mic', stream: other, takeAir: true });
    await sleep(500);
    air.bus.remove('other');
    await sleep(1000);
    expect(events).toEqual([]);
    expect(mp3.restarts() + opus.restarts()).toBe(0);

    // Both spares run beside the live encoders (started with them, fed since).
    const pids = air.channel('main').encoderPids();
    const live = (codec: StreamCodec) => pids.find((p) => p.codec === codec && p.role === 'live')!.pid;
    expect(pids.filter((p) => p.role === 'spare')).toHaveLength(2);
    const killedAt = now();
    process.kill(live('mp3'), 'SIGKILL');
    process.kill(live('opus'), 'SIGKILL');
    await sleep(3500);
    mp3.stop();
    opus.stop();

    for (const [codec, got] of [
      ['mp3', mp3],
      ['opus', opus],
    ] as const) {
      expect(events).toContain(`${codec} died live`);
      expect(events).toContain(`${codec} tookOver`);
      // The listener hears on: the first chunk after the kill came within a second, and from then
      // on the chunks follow each other on the bus's clock with no hole longer than 100 ms.
      const after = got.chunks.filter((c) => c.at > killedAt);
      expect(after.length, codec).toBeGreaterThan(50);
      expect(after[0]!.at - killedAt, codec).toBeLessThan(1000);
      const holes = after.slice(1).map((c, i) => c.mixedAt - (after[i]!.mixedAt + after[i]!.durationMs));
      expect(Math.max(...holes), codec).toBeLessThan(100);
      // A whole stream a decoder plays through, marks in order (Opus: chained Ogg, header again);
      // the half second of silence that held the air may have covered one.
      const marks = markDetector().push(await decode(codec, got.bytes()));
      expect(marks.length, codec).toBeGreaterThanOrEqual(3);
      // Marks after the kill: where the killed encoder's last chunk ends in the decoded stream.
      const killedAtMs = got.chunks.filter((c) => c.at <= killedAt).reduce((ms, c) => ms + c.durationMs, 0);
      expect(
        marks.filter((m) => (m.frame * 1000) / 48_000 > killedAtMs).length,
        codec,
      ).toBeGreaterThanOrEqual(2);
      const steps = marks.slice(1).map((m, i) => (m.digit - marks[i]!.digit + 10) % 10);
      expect(
        steps.filter((d) => d !== 1),
        codec,
      ).toEqual(steps.includes(2) ? [2] : []);
    }
    expect(opus.restarts()).toBe(1);
    // New spares were started behind the ones that took over.
    await sleep(200);
    const spares = air
      .channel('main')
      .encoderPids()
      .filter((p) => p.role === 'spare');
    expect(spares).toHaveLength(2);
    expect(spares.map((p) => p.pid)).not.toContain(live('mp3'));
  }, 40_000);

  it('opens an emergency channel from the warm standby: its own source on its own taps within a second, main untouched', async () => {
    air = await Air.open({ ffmpeg: await ffmpeg(), codecs: ['mp3'], spares: false });
    const pcm = new PassThrough();
    producers.push(markedProducer(pcm));
    air.bus.addSource('pcm:-', { id: 'marks', priority: 'playout', stream: pcm });
    await air.standbyReady();
    const main = listen(air.tap('mp3'));
    await sleep(500);

    const askedAt = now();
    const channel = await air.openChannel('emergency-1');
    const alarm = new PassThrough();
    producers.push(toneProducer(alarm, ALARM_HZ));
    channel.bus.addSource('pcm:-', { id: 'alarm', priority: 'emergency', takeAir: true, stream: alarm });
    expect(channel.tap('mp3').channel).toBe('emergency-1');
    expect(air.channelIds()).toEqual(['main', 'emergency-1']);
    const emergency = listen(channel.tap('mp3'));
    await sleep(2000);
    main.stop();
    emergency.stop();

    // The alarm is on the emergency's tap: the first frame that carries it reached main (where the
    // stream server is) within a second of the request.
    const heard = toneWindows(await decode('mp3', emergency.bytes()), ALARM_HZ);
    const first = heard.indexOf(true);
    expect(first).toBeGreaterThanOrEqual(0);
    const frame = emergency.chunks[Math.floor((first * WIN) / 1152)]!;
    expect(frame.at - askedAt).toBeLessThan(1000);
    expect(heard.slice(first + 5).every(Boolean)).toBe(true);
    // Main's listeners hear their marks and never the alarm.
    const mainPcm = await decode('mp3', main.bytes());
    expect(toneWindows(mainPcm, ALARM_HZ).some(Boolean)).toBe(false);
    expect(markDetector().push(mainPcm).length).toBeGreaterThanOrEqual(2);

    await air.closeChannel('emergency-1');
    expect(air.channelIds()).toEqual(['main']);
  }, 40_000);
});

const ALARM_HZ = 2500;
/** 20 ms windows: a whole number of the alarm's periods. */
const WIN = 960;

/** A sine at −14 dBFS as raw PCM, 200 ms ahead of the wall clock. */
function toneProducer(stream: PassThrough, hz: number): () => void {
  const start = now();
  let frame = 0;
  const timer = setInterval(() => {
    const due = Math.round(((now() - start + 200) * 48_000) / 1000);
    const pcm = Buffer.alloc((due - frame) * 4);
    for (let i = 0; i < due - frame; i++) {
      const v = Math.round(6554 * Math.sin((2 * Math.PI * hz * (frame + i)) / 48_000));
      pcm.writeInt16LE(v, 4 * i);
      pcm.writeInt16LE(v, 4 * i + 2);
    }
    frame = due;
    stream.write(pcm);
  }, 10);
  return () => {
    clearInterval(timer);
    stream.end();
  };
}

/** For each 20 ms window of the left channel: does the tone stand at least −26 dBFS? */
function toneWindows(pcm: Buffer, hz: number): boolean[] {
  const out: boolean[] = [];
  for (let w = 0; (w + 1) * WIN * 4 <= pcm.length; w++) {
    let re = 0;
    let im = 0;
    for (let f = 0; f < WIN; f++) {
      const v = pcm.readInt16LE((w * WIN + f) * 4);
      re += v * Math.cos((2 * Math.PI * hz * f) / 48_000);
      im += v * Math.sin((2 * Math.PI * hz * f) / 48_000);
    }
    out.push((2 / WIN) * Math.hypot(re, im) > 1640);
  }
  return out;
}
