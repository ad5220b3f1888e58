/** Helpers shared by the recording unit tests: synthetic PCM and a capture program that is not one. */
import { PassThrough } from 'node:stream';
import type { Capture, CaptureExit, CaptureFactory } from '../../src-main/media/recorder/capture';
import type { CaptureCommand } from '../../src-main/media/recorder/capture-command';
import type { RecorderTools } from '../../src-main/media/recorder/devices';

/** Interleaved s16le: a sine of `amplitude` (0..1 of full scale) on every channel. */
export function sinePcm(
  freq: number,
  seconds: number,
  amplitude: number,
  channels = 1,
  rate = 48_000,
): Buffer {
  const frames = Math.round(seconds * rate);
  const buf = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * amplitude * 32767);
    for (let c = 0; c < channels; c++) buf.writeInt16LE(v, (i * channels + c) * 2);
  }
  return buf;
}

/** Seconds of audio the fake capture delivers by itself at start. */
export const PRIME_SEC = 0.1;

function channelsOf(command: CaptureCommand): number {
  const i = command.args.indexOf('-c');
  return i >= 0 ? Number(command.args[i + 1]) : 1;
}

export interface FakeCapture {
  factory: CaptureFactory;
  commands: CaptureCommand[];
  /** Pushes audio as if the program had written it (odd chunk sizes are fine). */
  feed(pcm: Buffer): void;
  /** The program dies by itself (an unplugged microphone). */
  die(stderr?: string): void;
  /** Whether stop() was called on the current capture. */
  stopped(): boolean;
}

/** A capture that delivers what the test feeds it; stop() ends the stream like sox on SIGTERM. */
export function fakeCapture(options: { failToStart?: string; silentStart?: boolean } = {}): FakeCapture {
  const commands: CaptureCommand[] = [];
  let stream: PassThrough | null = null;
  let finish: ((exit: CaptureExit) => void) | null = null;
  let stopCalled = false;
  const factory: CaptureFactory = (command) => {
    commands.push(command);
    stopCalled = false;
    const s = new PassThrough();
    stream = s;
    const exited = new Promise<CaptureExit>((resolve) => (finish = resolve));
    const end = (code: number | null, stderr = '') => {
      if (!s.writableEnded) s.end();
      finish?.({ code, signal: null, stderr, spawnError: null });
    };
    const capture: Capture = {
      stream: s,
      exited,
      stop: () => {
        stopCalled = true;
        end(0);
      },
      kill: () => end(null),
    };
    if (options.failToStart !== undefined) setTimeout(() => end(2, options.failToStart), 5);
    // The first audio lets start() resolve: PRIME_SEC of tone.
    else if (!options.silentStart)
      setTimeout(() => s.write(sinePcm(440, PRIME_SEC, 0.5, channelsOf(command))), 0);
    return capture;
  };
  return {
    factory,
    commands,
    feed: (pcm) => stream?.write(pcm),
    die: (stderr = '') => {
      stream?.end();
      finish?.({ code: 1, signal: null, stderr, spawnError: null });
    },
    stopped: () => stopCalled,
  };
}

export const FAKE_TOOLS: RecorderTools = {
  sox: '/usr/bin/sox',
  soxDrivers: ['alsa'],
  arecord: null,
  pactl: null,
};
