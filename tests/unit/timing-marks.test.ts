/**
 * Timing marks through real codecs: marks made by markGenerator, encoded by the real ffmpeg (MP3
 * 128k and 64k, Opus 24k), decoded again, and heard by markDetector at the right time; and no mark
 * heard in noise, a sweep or music-like tones that carry none.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MARK_SAMPLE_RATE,
  markDetector,
  markGenerator,
  markTones,
  type DetectedMark,
} from '../../src-main/live/timing-marks';

const SECONDS = 8;
/** A start off the whole second, so marks fall inside the signal, not on its first sample. */
const START_MS = 1_765_000_000_337;

function ffmpeg(args: string[], input?: Buffer): Buffer {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], {
    input,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
  return r.stdout;
}

const RAW_IN = ['-f', 's16le', '-ar', '48000', '-ac', '2', '-i', 'pipe:0'];
const RAW_OUT = ['-f', 's16le', '-ar', '48000', '-ac', '2', 'pipe:1'];

/**
 * Encodes s16le stereo with the given codec arguments into a file, and decodes it back to s16le
 * stereo. A file, not a pipe: MP3's encoder delay (about 23 ms) is then written in its LAME header
 * and trimmed by the decoder, so what comes back lines up with what went in, as Opus's pre-skip does.
 * (On a live stream that delay is real and is part of the latency the receivers measure.)
 */
function throughCodec(pcm: Buffer, codec: string[], format: string): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-marks-'));
  try {
    const file = path.join(dir, `x.${format}`);
    ffmpeg([...RAW_IN, ...codec, '-f', format, file], pcm);
    return ffmpeg(['-i', file, ...RAW_OUT]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function detectAll(pcm: Buffer, startMs: number, chunk = 4096): DetectedMark[] {
  const d = markDetector({ timeOfFrame: (f) => startMs + (f * 1000) / MARK_SAMPLE_RATE });
  const out: DetectedMark[] = [];
  for (let i = 0; i < pcm.length; i += chunk) out.push(...d.push(pcm.subarray(i, i + chunk)));
  return out;
}

/** The whole seconds in [startMs, startMs + seconds) whose burst fits before the end. */
function expectedSeconds(startMs: number, seconds: number): number[] {
  const out: number[] = [];
  for (let s = Math.ceil(startMs / 1000); s * 1000 + 60 < startMs + seconds * 1000; s++) out.push(s * 1000);
  return out;
}

function marked(signal?: Buffer, levelDb?: number): Buffer {
  const g = markGenerator({ startMs: START_MS, ...(levelDb === undefined ? {} : { levelDb }) });
  return g.next(SECONDS * MARK_SAMPLE_RATE, signal);
}

function expectOnTime(found: DetectedMark[]): void {
  expect(found.map((m) => m.sourceMs)).toEqual(expectedSeconds(START_MS, SECONDS));
  for (const m of found) {
    expect(Math.abs(m.heardMs - m.sourceMs), `mark of ${m.sourceMs}`).toBeLessThanOrEqual(10);
    expect(m.digit).toBe((m.sourceMs / 1000) % 10);
  }
}

/** Pink noise at about -20 dBFS, a stand-in for speech and music energy. */
function noise(seconds: number): Buffer {
  return ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=pink:amplitude=0.3:duration=${seconds}:sample_rate=48000`,
    '-ac',
    '2',
    ...RAW_OUT,
  ]);
}

describe('timing marks', () => {
  it('gives each digit its own tone pair', () => {
    const pairs = new Set(Array.from({ length: 10 }, (_, d) => markTones(d).join('+')));
    expect(pairs.size).toBe(10);
  });

  it('hears every mark on time in the PCM as made', () => {
    expectOnTime(detectAll(marked(), START_MS));
  });

  it('hears every mark on time through MP3 128k, MP3 64k and Opus 24k', () => {
    const pcm = marked();
    expectOnTime(detectAll(throughCodec(pcm, ['-c:a', 'libmp3lame', '-b:a', '128k'], 'mp3'), START_MS));
    expectOnTime(detectAll(throughCodec(pcm, ['-c:a', 'libmp3lame', '-b:a', '64k'], 'mp3'), START_MS));
    expectOnTime(detectAll(throughCodec(pcm, ['-c:a', 'libopus', '-b:a', '24k'], 'ogg'), START_MS));
  }, 60_000);

  it('hears marks mixed onto noise at -12 dB through Opus 24k', () => {
    const pcm = marked(noise(SECONDS), -12);
    expectOnTime(detectAll(throughCodec(pcm, ['-c:a', 'libopus', '-b:a', '24k'], 'ogg'), START_MS));
  }, 60_000);

  it('hears no mark in noise, a sweep or tones that are not marks', () => {
    const sweep = ffmpeg([
      '-f',
      'lavfi',
      '-i',
      "aevalsrc='0.5*sin(2*PI*(20*t+((4000-20)/(2*10))*t*t))':s=48000:d=10",
      '-ac',
      '2',
      ...RAW_OUT,
    ]);
    // Music-like: a chord of two of the mark's own tones held for a second, and single tones.
    const chord = ffmpeg([
      '-f',
      'lavfi',
      '-i',
      "aevalsrc='0.3*sin(2*PI*900*t)+0.3*sin(2*PI*1900*t)*lt(mod(t,2),1)+0.3*sin(2*PI*1300*t)':s=48000:d=6",
      '-ac',
      '2',
      ...RAW_OUT,
    ]);
    for (const [name, pcm] of [
      ['noise', noise(10)],
      ['sweep', sweep],
      ['chord', chord],
    ] as const) {
      const mp3 = throughCodec(pcm, ['-c:a', 'libmp3lame', '-b:a', '64k'], 'mp3');
      expect(detectAll(pcm, START_MS), name).toEqual([]);
      expect(detectAll(mp3, START_MS), `${name} through MP3`).toEqual([]);
    }
  }, 60_000);
});
