import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodePeaks,
  encodePeaks,
  LEVEL_COUNT,
  mergeLevel,
  PeakBuilder,
  readPeaksSlice,
  writePeaksFile,
} from '../../src-main/audio/peaks';
import { minMaxModule, type MinMaxExports } from '../../src-main/media/minmax-wasm';

/** Interleaved s16 samples with a pseudo-random but repeatable shape. */
function signal(frames: number, channels: number): Int16Array {
  const s = new Int16Array(frames * channels);
  let x = 12345;
  for (let i = 0; i < s.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s[i] = (x % 65536) - 32768;
  }
  return s;
}

/** The obvious, slow way: min/max over every bucket of frames. */
function naive(s: Int16Array, channels: number, framesPerBucket: number): number[] {
  const out: number[] = [];
  const per = framesPerBucket * channels;
  for (let b = 0; b < s.length; b += per) {
    const slice = Array.from(s.subarray(b, Math.min(s.length, b + per)));
    out.push(Math.min(...slice), Math.max(...slice));
  }
  return out;
}

function bytes(s: Int16Array): Buffer {
  return Buffer.from(s.buffer, s.byteOffset, s.byteLength);
}

describe('PeakBuilder', () => {
  it('gives the same buckets as the naive way whatever the chunk sizes, odd and misaligned ones too', () => {
    const channels = 2;
    const s = signal(44100 * 2 + 123, channels);
    const all = bytes(s);
    const b = new PeakBuilder(44100, channels, 2);
    // Chunks of odd sizes, some starting at odd byte offsets inside a bigger buffer.
    let at = 0;
    const sizes = [1, 7, 4096, 3, 65535, 2, 10_001];
    for (let i = 0; at < all.length; i++) {
      const n = Math.min(sizes[i % sizes.length] ?? 1, all.length - at);
      const holder = Buffer.alloc(n + 1);
      all.copy(holder, 1, at, at + n);
      b.push(holder.subarray(1)); // byteOffset 1: not aligned for Int16Array
      at += n;
    }
    const p = b.finish();
    expect(p.framesPerBucket).toBe(441);
    expect(p.totalFrames).toBe(44100 * 2 + 123);
    expect(Array.from(p.levels[0] ?? [])).toEqual(naive(s, channels, 441));
    expect(p.levels).toHaveLength(LEVEL_COUNT);
    expect(p.levels[0]?.length).toBe(2 * Math.ceil((44100 * 2 + 123) / 441));
  });

  it('takes each bucket’s extremes over all channels (a one-sided stereo take shows at full height)', () => {
    const s = new Int16Array(480 * 2);
    for (let i = 0; i < 480; i++) s[2 * i + 1] = i === 10 ? 30000 : i === 20 ? -25000 : 0; // right channel only
    const b = new PeakBuilder(48000, 2);
    b.push(bytes(s));
    expect(Array.from(b.finish().levels[0] ?? [])).toEqual([-25000, 30000]);
  });

  it('handles many channels and low rates', () => {
    const s = signal(8000, 6);
    const b = new PeakBuilder(8000, 6);
    b.push(bytes(s));
    expect(Array.from(b.finish().levels[0] ?? [])).toEqual(naive(s, 6, 80));
  });
});

describe('mergeLevel', () => {
  it('merges every 4 buckets into one, the last one partial', () => {
    const fine = Int16Array.from([-1, 1, -5, 2, -3, 9, -2, 2, -7, 7]);
    expect(Array.from(mergeLevel(fine, 4))).toEqual([-5, 9, -7, 7]);
  });
});

describe('the WebAssembly min/max loop', () => {
  it('gives each run’s extremes as the naive way does, for any run length and alignment', () => {
    const module = minMaxModule();
    expect(module).not.toBeNull();
    const { minmax, memory } = new WebAssembly.Instance(module as WebAssembly.Module, {})
      .exports as unknown as MinMaxExports;
    memory.grow(16);
    // Run lengths below, at and around the 8 lanes, and real bucket sizes (8 kHz mono … 48 kHz 5.1).
    for (const size of [1, 2, 7, 8, 9, 15, 16, 17, 80, 441, 882, 2880]) {
      for (const at of [64, 66, 70]) {
        const runs = 5;
        const s = signal(size * runs, 1);
        s[0] = -32768; // the extremes themselves, and in the scalar tail
        s[s.length - 1] = 32767;
        new Int16Array(memory.buffer, at, s.length).set(s);
        const out = 256 * 1024;
        minmax(at, runs, size, out);
        expect(Array.from(new Int16Array(memory.buffer, out, runs * 2))).toEqual(naive(s, 1, size));
      }
    }
  });
});

describe('the cache file', () => {
  it('round-trips, and one level or a time range can be read without the rest', async () => {
    const b = new PeakBuilder(44100, 1); // 441 frames a bucket, 100 buckets a second
    const s = signal(44100 * 10, 1);
    b.push(bytes(s));
    const p = b.finish();
    const decoded = decodePeaks(encodePeaks(p));
    expect(decoded?.levels.map((l) => Array.from(l))).toEqual(p.levels.map((l) => Array.from(l)));
    expect(decodePeaks(Buffer.from('not a peaks file at all, definitely not'))).toBeNull();

    const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-peaks-'));
    try {
      const file = path.join(dir, 'x.peaks');
      await writePeaksFile(file, p);
      const whole = await readPeaksSlice(file, {});
      expect(whole?.level).toBe(0); // 1000 buckets fit the default 4000
      const fit = await readPeaksSlice(file, { maxBuckets: 100 });
      expect(fit?.level).toBe(2); // 1000 → 250 → 63
      expect(fit?.pairs.length).toBe(2 * 63);
      const range = await readPeaksSlice(file, { level: 0, startSec: 2, endSec: 3 });
      expect(range?.first).toBe(200);
      expect(Array.from(range?.pairs ?? [])).toEqual(Array.from(p.levels[0]?.subarray(400, 600) ?? []));
      const tooFar = await readPeaksSlice(file, { level: 99 });
      expect(tooFar?.level).toBe(LEVEL_COUNT - 1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
