/**
 * A relay on a real live bus, its programme listened to for timing marks (timed by the bus's own
 * clock): what the relay tests share.
 */
import { expect } from 'vitest';
import { BUS_RATE, LiveBus, type SourceEvent } from '../../src-main/live/bus';
import { markDetector, markSourceMs, type DetectedMark } from '../../src-main/live/timing-marks';
import { locateFfmpeg } from '../../src-main/media/ffmpeg-locator';

const now = () => performance.timeOrigin + performance.now();

export async function ffmpegPath(): Promise<string> {
  const found = (await locateFfmpeg({ settingPath: null })).found;
  if (!found) throw new Error('ffmpeg is needed');
  return found.path;
}

/** The bus with a relay of `url`; `cleanup` is given the bus's close. */
export async function relayOnBus(url: string, cleanup: (close: () => Promise<void>) => void) {
  const bus = await LiveBus.open({ ffmpeg: await ffmpegPath() });
  cleanup(() => bus.close());
  const marks: DetectedMark[] = [];
  const detector = markDetector({ timeOfFrame: (f) => bus.startedAt + (f * 1000) / BUS_RATE });
  bus.output().on('data', (pcm: Buffer) => marks.push(...detector.push(pcm)));
  const events: SourceEvent[] = [];
  const eventAt = new Map<SourceEvent, number>();
  bus.onSource((e) => {
    events.push(e);
    eventAt.set(e, now());
  });
  const id = bus.addSource(`url:${url}`, { priority: 'relay' });
  return { bus, id, marks, events, eventAt };
}

export async function until(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** At least `atLeast` marks, each the digit after the one before, a second apart. */
export function expectInOrder(marks: DetectedMark[], atLeast: number): void {
  expect(marks.length).toBeGreaterThanOrEqual(atLeast);
  for (let i = 1; i < marks.length; i++) {
    const [a, b] = [marks[i - 1]!, marks[i]!];
    expect(b.digit, `mark ${i} after ${a.digit}`).toBe((a.digit + 1) % 10);
    // A second apart; a moment of starvation on a loaded machine (the relay prebuffers again,
    // 250 ms) may move one, never by a second.
    expect(Math.abs(b.heardMs - a.heardMs - 1000), `spacing of mark ${i}`).toBeLessThan(300);
  }
}

/** Each mark's latency, source second → heard on the bus (ms), smallest first. */
export function latencies(marks: DetectedMark[]): number[] {
  return marks.map((m) => m.heardMs - markSourceMs(m.digit, m.heardMs)).sort((a, b) => a - b);
}
