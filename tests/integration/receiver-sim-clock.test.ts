/**
 * The receiver simulator's two cheap parts, which every one of a thousand receivers runs: the frame
 * counter (audio counted without decoding, checked against the real ffmpeg's decoding of the same
 * bytes, whole and joined mid-stream) and the loudspeaker clock (start, stall, resume).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Playout, START_SAMPLES } from '../../src-main/live/receiver-sim/playout';
import { frameCounter, type StreamCodec } from '../../src-main/live/receiver-sim/stream-frames';

function ffmpeg(args: string[], input?: Buffer): Buffer {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', ...args], {
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** 3 s of a tone encoded as a live encoder writes it (to a pipe). */
function encoded(codec: string[]): Buffer {
  return ffmpeg(['-f', 'lavfi', '-i', 'sine=f=440:d=3:sample_rate=48000', '-ac', '2', ...codec, 'pipe:1']);
}

/** Samples ffmpeg decodes from these bytes (48 kHz). */
function decodedSamples(bytes: Buffer): number {
  return ffmpeg(['-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1'], bytes).length / 2;
}

/** Counts in uneven chunks, as a socket delivers them. */
function counted(codec: StreamCodec, bytes: Buffer): number {
  const c = frameCounter(codec);
  let samples = 0;
  for (let i = 0, n = 1; i < bytes.length; i += n, n = (n * 7 + 13) % 3001 || 1) {
    samples += c.push(bytes.subarray(i, i + n));
  }
  return samples;
}

describe('frame counter', () => {
  for (const [codec, args, frame] of [
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3'], 1152],
    ['mp3', ['-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'], 1152],
    ['opus', ['-c:a', 'libopus', '-b:a', '24k', '-f', 'ogg', '-page_duration', '20000'], 960],
  ] as const) {
    it(`counts ${args[3]} ${codec} as ffmpeg decodes it, whole and joined mid-stream`, () => {
      const bytes = encoded([...args]);
      // Within a frame: a decoder may drop the encoder's priming or the frame cut by the join.
      expect(Math.abs(counted(codec, bytes) - decodedSamples(bytes))).toBeLessThanOrEqual(frame);
      expect(counted(codec, bytes)).toBeGreaterThan(2.9 * 48_000);
      if (codec === 'mp3') {
        const joined = bytes.subarray(5_001);
        expect(Math.abs(counted(codec, joined) - decodedSamples(joined))).toBeLessThanOrEqual(2 * frame);
      }
    });
  }
});

describe('loudspeaker clock', () => {
  it('starts with 100 ms in hand, plays in real time, stalls when data is late and resumes', () => {
    const p = new Playout();
    p.add(START_SAMPLES - 1, 1_000);
    expect(p.stats(1_050).startedAtMs).toBeNull();
    p.add(1_153, 1_060); // 5952 samples: 124 ms of audio, playing from 1060 ms
    expect(p.stats(1_100)).toMatchObject({ startedAtMs: 1_060, dropouts: 0, stalledMs: 0 });
    expect(p.timeOfSample(0)).toBe(1_060);
    expect(p.timeOfSample(4_800)).toBe(1_160);
    // Dry at 1060 + 124 = 1184 ms; data again at 1300 ms: one dropout of 116 ms.
    p.add(4_800, 1_300);
    const s = p.stats(1_350);
    expect(s.dropouts).toBe(1);
    expect(s.stalledMs).toBeCloseTo(116, 6);
    expect(s.stalls).toEqual([{ fromMs: 1_184, ms: expect.closeTo(116, 6) as number }]);
    // The sample after the stall is played when the data came, not when it was due.
    expect(p.timeOfSample(5_952)).toBe(1_300);
  });
});
