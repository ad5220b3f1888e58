/**
 * The air in real time: marked PCM (timing marks, tests' `pcm:-`) into the bus, out of each
 * codec's tap as whole frames, decoded by a real ffmpeg: the marks come out in order, where the
 * chunks' `mixedAt` says they were mixed. (Failure and emergency:
 * live-air-failover.test.ts.)
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Air, mp3FrameHeader } from '../../src-main/live/air';
import { markDetector, markSourceMs } from '../../src-main/live/timing-marks';
import { decode, ffmpeg, listen, markedProducer, sleep } from '../support/air-listener';

let air: Air | null = null;
const producers: (() => void)[] = [];
afterEach(async () => {
  for (const stop of producers.splice(0)) stop();
  await air?.close();
  air = null;
});

describe('the air', () => {
  it('carries marked PCM out of each tap as whole frames, marks in order, mixedAt where they were mixed', async () => {
    air = await Air.open({ ffmpeg: await ffmpeg(), standby: false });
    const pcm = new PassThrough();
    producers.push(markedProducer(pcm));
    air.bus.addSource('pcm:-', { id: 'marks', priority: 'playout', stream: pcm });
    const mp3 = listen(air.tap('mp3'));
    const opus = listen(air.tap('opus'));
    await sleep(4500);
    mp3.stop();
    opus.stop();

    // Whole units only: each MP3 chunk is frames end to end, each Ogg chunk pages.
    for (const c of mp3.chunks) {
      let at = 0;
      while (at < c.data.length) {
        const h = mp3FrameHeader(c.data, at);
        expect(h).not.toBeNull();
        at += h!.bytes;
      }
      expect(at).toBe(c.data.length);
    }
    for (const c of opus.chunks) expect(c.data.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(air.tap('opus').header().subarray(28, 36).toString('latin1')).toBe('OpusHead');

    for (const [codec, got] of [
      ['mp3', mp3],
      ['opus', opus],
    ] as const) {
      const first = got.chunks[0]!;
      // Each chunk follows the last on the bus's clock.
      for (let i = 1; i < got.chunks.length; i++) {
        const gap = got.chunks[i]!.mixedAt - (got.chunks[i - 1]!.mixedAt + got.chunks[i - 1]!.durationMs);
        expect(Math.abs(gap)).toBeLessThan(1);
      }
      const pcmOut = await decode(codec, got.bytes());
      const marks = markDetector({ timeOfFrame: (f) => first.mixedAt + (f * 1000) / 48_000 }).push(pcmOut);
      expect(marks.length, codec).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < marks.length; i++) expect(marks[i]!.digit).toBe((marks[i - 1]!.digit + 1) % 10);
      // The decoded audio's place on the bus's clock (from mixedAt) against the mark's own time:
      // the source ran 200 ms ahead and the bus prebuffers, so the marks were mixed a little after
      // their source time, never before, and by less than the source's lead plus a few blocks.
      for (const m of marks) {
        const mixedLate = m.heardMs - markSourceMs(m.digit, m.heardMs);
        expect(mixedLate, codec).toBeGreaterThan(-30);
        expect(mixedLate, codec).toBeLessThan(400);
      }
      // How long after mixing a chunk reaches main: the encoder's delay, not seconds.
      const delays = got.chunks.map((c) => c.at - (c.mixedAt + c.durationMs)).sort((a, b) => a - b);
      expect(delays[Math.floor(delays.length / 2)]!, codec).toBeLessThan(300);
    }
  }, 30_000);
});
