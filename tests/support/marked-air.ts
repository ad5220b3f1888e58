/**
 * The real air for output tests: Air (the live bus and its supervised encoders) playing timing
 * marks made in real time (a `pcm:-` source), so that whatever an output sends can be decoded and
 * its marks found. Its taps are the EncodedTaps the studio's outputs run over.
 */
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import type { StreamCodec } from '../../src-main/contract';
import { Air } from '../../src-main/live/air';
import { markGenerator } from '../../src-main/live/timing-marks';
import { locateFfmpeg } from '../../src-main/media/ffmpeg-locator';

export interface MarkedAir {
  air: Air;
  /** The studio's ffmpeg, as the air found it. */
  ffmpeg: string;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export async function startMarkedAir(codecs?: StreamCodec[]): Promise<MarkedAir> {
  const ffmpeg = (await locateFfmpeg({ settingPath: null })).found?.path;
  if (!ffmpeg) throw new Error('ffmpeg is needed');
  const air = await Air.open({ ffmpeg, standby: false, ...(codecs ? { codecs } : {}) });
  const pcm = new PassThrough();
  // A little ahead of the wall clock, as a real-time source is: the bus never waits for it.
  const startMs = now();
  const marks = markGenerator({ startMs });
  const timer = setInterval(() => {
    const due = Math.floor(((now() - startMs + 200) * 48_000) / 1000) - marks.framesMade;
    if (due > 0) pcm.write(marks.next(due));
  }, 10);
  air.bus.addSource('pcm:-', { id: 'marks', priority: 'playout', stream: pcm });
  return {
    air,
    ffmpeg,
    async close() {
      clearInterval(timer);
      pcm.end();
      await air.close();
    },
  };
}
