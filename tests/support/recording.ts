/**
 * Recording tests' helpers: synthetic PCM and a capture program that is not one (unit tests), and
 * what ffmpeg says about a WAV file (integration tests).
 */
import { spawnSync } from 'node:child_process';
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

/** What the recording integration tests ask ffmpeg about a WAV file. */
export interface AudioFacts {
  sampleRate: number;
  channels: number;
  durationSec: number;
  peakDbfs: number;
  rmsDbfs: number;
  /** From the zero-crossing rate: a sine crosses zero twice per period. */
  frequencyHz: number;
  /** What ffmpeg said at `-v error` while decoding the whole file: empty for a clean file. */
  decodeErrors: string;
}

export function analyse(file: string): AudioFacts {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-nostats', '-i', file, '-af', 'astats', '-f', 'null', '-'],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffmpeg could not read ${file}: ${r.stderr}`);
  const stream = /Audio: pcm_s16le[^,]*, (\d+) Hz, (mono|stereo)/.exec(r.stderr);
  // Channel 1's figures come first, then the "Overall" section.
  const overall = r.stderr.slice(r.stderr.lastIndexOf('Overall'));
  const num = (label: string, text = overall) => {
    const m = new RegExp(`${label}: (-?[\\d.]+|-inf)`).exec(text);
    if (!m) throw new Error(`no "${label}" in ffmpeg output:\n${r.stderr}`);
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  const sampleRate = Number(stream?.[1]);
  const channels = stream?.[2] === 'stereo' ? 2 : 1;
  const samples = num('Number of samples');
  const errors = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return {
    sampleRate,
    channels,
    durationSec: samples / sampleRate,
    peakDbfs: num('Peak level dB'),
    rmsDbfs: num('RMS level dB'),
    frequencyHz: (num('Zero crossings rate', r.stderr) * sampleRate) / 2,
    decodeErrors: (errors.stderr ?? '').trim() + (errors.status === 0 ? '' : ` (exit ${errors.status})`),
  };
}
