/**
 * Waveform peaks: min/max buckets over interleaved s16 PCM as it streams out of ffmpeg, at several
 * zoom levels, and the compact binary file they are cached in beside the asset.
 *
 * The finest level has 100 buckets a second (10 ms); each coarser level merges 4 buckets of the one
 * below. A bucket holds the lowest and highest sample over all channels, so a one-sided stereo
 * recording still shows at full height. A 3-hour file's cache is about 5.8 MB.
 */
import { open, writeFile } from 'node:fs/promises';
import type { PeaksResult } from '../contract';

/** Buckets a second at level 0. */
export const BASE_BUCKETS_PER_SECOND = 100;
/** Each level merges this many buckets of the level below. */
export const LEVEL_FACTOR = 4;
export const LEVEL_COUNT = 6;

export interface PeaksData {
  /** Of the PCM the peaks were computed from. */
  sampleRate: number;
  channels: number;
  totalFrames: number;
  /** Frames in one bucket of level 0. */
  framesPerBucket: number;
  factor: number;
  /** Per level, `[min0, max0, min1, max1, …]` in s16 units. */
  levels: Int16Array[];
}

/** Frames in one bucket of level 0 at this sample rate. */
export function framesPerBucketFor(sampleRate: number): number {
  return Math.max(1, Math.round(sampleRate / BASE_BUCKETS_PER_SECOND));
}

/**
 * The peaks of every level from level 0's `[min, max]` pairs: each coarser level merges
 * LEVEL_FACTOR buckets of the one below. `base` becomes level 0 (not copied).
 */
export function peaksFromBase(
  sampleRate: number,
  channels: number,
  totalFrames: number,
  base: Int16Array,
): PeaksData {
  const levels: Int16Array[] = [base];
  for (let l = 1; l < LEVEL_COUNT; l++) levels.push(mergeLevel(levels[l - 1] as Int16Array, LEVEL_FACTOR));
  return {
    sampleRate,
    channels,
    totalFrames,
    framesPerBucket: framesPerBucketFor(sampleRate),
    factor: LEVEL_FACTOR,
    levels,
  };
}

/**
 * Streams interleaved s16le PCM into min/max buckets. No per-sample allocation. Long files are
 * reduced off the main thread instead (pcm-peaks-reader.ts); this is the reference both must match.
 */
export class PeakBuilder {
  readonly framesPerBucket: number;
  private readonly samplesPerBucket: number;
  private base: Int16Array;
  private count = 0; // buckets written
  private left: number; // samples still to go in the current bucket
  private min = 32767;
  private max = -32768;
  private samples = 0;
  private carry: number | null = null; // a lone byte left from an odd-sized chunk

  constructor(
    readonly sampleRate: number,
    readonly channels: number,
    expectedSec: number | null = null,
  ) {
    this.framesPerBucket = framesPerBucketFor(sampleRate);
    this.samplesPerBucket = this.framesPerBucket * channels;
    this.left = this.samplesPerBucket;
    const expected =
      expectedSec && expectedSec > 0 ? Math.ceil(expectedSec * BASE_BUCKETS_PER_SECOND) + 16 : 4096;
    this.base = new Int16Array(Math.min(expected, 1 << 26) * 2);
  }

  get frames(): number {
    return Math.floor(this.samples / this.channels);
  }

  /** Adds a chunk of s16le bytes straight from the pipe. */
  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry !== null) {
      buf = Buffer.concat([Buffer.of(this.carry), chunk]);
      this.carry = null;
    }
    if (buf.length === 0) return;
    if (buf.length % 2 === 1) {
      this.carry = buf[buf.length - 1] ?? 0;
      buf = buf.subarray(0, buf.length - 1);
    }
    // Int16Array needs an even byte offset; pipe chunks almost always have one.
    if (buf.byteOffset % 2 !== 0) buf = Buffer.from(buf);
    this.pushSamples(new Int16Array(buf.buffer, buf.byteOffset, buf.length / 2));
  }

  /** Adds interleaved samples. */
  pushSamples(s: Int16Array): void {
    const n = s.length;
    let i = 0;
    let mn = this.min;
    let mx = this.max;
    let left = this.left;
    while (i < n) {
      const take = Math.min(left, n - i);
      const end = i + take;
      for (; i < end; i++) {
        const v = s[i] as number;
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
      left -= take;
      if (left === 0) {
        this.emit(mn, mx);
        mn = 32767;
        mx = -32768;
        left = this.samplesPerBucket;
      }
    }
    this.min = mn;
    this.max = mx;
    this.left = left;
    this.samples += n;
  }

  private emit(mn: number, mx: number): void {
    if (this.count * 2 + 2 > this.base.length) {
      const grown = new Int16Array(this.base.length * 2);
      grown.set(this.base);
      this.base = grown;
    }
    this.base[this.count * 2] = mn;
    this.base[this.count * 2 + 1] = mx;
    this.count++;
  }

  /** Closes the last partial bucket and derives the coarser levels. */
  finish(): PeaksData {
    const { pairs, frames } = this.finishBase();
    return peaksFromBase(this.sampleRate, this.channels, frames, pairs);
  }

  /** Closes the last partial bucket: level 0's pairs and the frames they cover. */
  finishBase(): { pairs: Int16Array; frames: number } {
    if (this.left !== this.samplesPerBucket) {
      this.emit(this.min, this.max);
      this.left = this.samplesPerBucket;
    }
    return { pairs: this.base.slice(0, this.count * 2), frames: this.frames };
  }
}

/** Merges every `factor` buckets of a level into one. */
export function mergeLevel(fine: Int16Array, factor: number): Int16Array {
  const buckets = fine.length / 2;
  const out = new Int16Array(Math.ceil(buckets / factor) * 2);
  for (let b = 0, o = 0; b < buckets; b += factor, o += 2) {
    let mn = 32767;
    let mx = -32768;
    const end = Math.min(buckets, b + factor);
    for (let k = b; k < end; k++) {
      const a = fine[k * 2] as number;
      const z = fine[k * 2 + 1] as number;
      if (a < mn) mn = a;
      if (z > mx) mx = z;
    }
    out[o] = mn;
    out[o + 1] = mx;
  }
  return out;
}

// ---- The cache file -------------------------------------------------------------------------------
//
// Little-endian. Header (32 bytes + 4 per level):
//   0  'STPK'            magic
//   4  u16 version (1)
//   6  u16 level count
//   8  u32 sample rate   of the analysed PCM
//   12 u32 channels      of the analysed PCM
//   16 f64 total frames
//   24 u32 frames per bucket at level 0
//   28 u32 factor between levels
//   32 u32 × levels      bucket count of each level
// then each level's Int16 [min, max] pairs, finest first.

const MAGIC = 0x4b505453; // 'STPK' read as u32 LE
const VERSION = 1;
const FIXED_HEADER = 32;

export function encodePeaks(p: PeaksData): Buffer {
  const headerSize = FIXED_HEADER + 4 * p.levels.length;
  const dataSize = p.levels.reduce((n, l) => n + l.byteLength, 0);
  const out = Buffer.alloc(headerSize + dataSize);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt16LE(VERSION, 4);
  out.writeUInt16LE(p.levels.length, 6);
  out.writeUInt32LE(p.sampleRate, 8);
  out.writeUInt32LE(p.channels, 12);
  out.writeDoubleLE(p.totalFrames, 16);
  out.writeUInt32LE(p.framesPerBucket, 24);
  out.writeUInt32LE(p.factor, 28);
  let offset = headerSize;
  p.levels.forEach((level, i) => {
    out.writeUInt32LE(level.length / 2, FIXED_HEADER + 4 * i);
    Buffer.from(level.buffer, level.byteOffset, level.byteLength).copy(out, offset);
    offset += level.byteLength;
  });
  return out;
}

export interface PeaksHeader {
  sampleRate: number;
  channels: number;
  totalFrames: number;
  framesPerBucket: number;
  factor: number;
  bucketCounts: number[];
  /** Byte offset of each level's data. */
  offsets: number[];
}

export function decodePeaksHeader(buf: Buffer): PeaksHeader | null {
  if (buf.length < FIXED_HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt16LE(4) !== VERSION)
    return null;
  const levelCount = buf.readUInt16LE(6);
  const headerSize = FIXED_HEADER + 4 * levelCount;
  if (levelCount < 1 || buf.length < headerSize) return null;
  const bucketCounts: number[] = [];
  const offsets: number[] = [];
  let offset = headerSize;
  for (let i = 0; i < levelCount; i++) {
    const n = buf.readUInt32LE(FIXED_HEADER + 4 * i);
    bucketCounts.push(n);
    offsets.push(offset);
    offset += n * 4;
  }
  return {
    sampleRate: buf.readUInt32LE(8),
    channels: buf.readUInt32LE(12),
    totalFrames: buf.readDoubleLE(16),
    framesPerBucket: buf.readUInt32LE(24),
    factor: buf.readUInt32LE(28),
    bucketCounts,
    offsets,
  };
}

/** Decodes a whole cache file (tests, tools); the library reads only the level it needs. */
export function decodePeaks(buf: Buffer): PeaksData | null {
  const h = decodePeaksHeader(buf);
  if (!h) return null;
  const end = (h.offsets.at(-1) ?? 0) + (h.bucketCounts.at(-1) ?? 0) * 4;
  if (buf.length < end) return null;
  const levels = h.bucketCounts.map((n, i) => {
    const copy = Buffer.from(buf.subarray(h.offsets[i], (h.offsets[i] ?? 0) + n * 4));
    return new Int16Array(copy.buffer, copy.byteOffset, n * 2);
  });
  return {
    sampleRate: h.sampleRate,
    channels: h.channels,
    totalFrames: h.totalFrames,
    framesPerBucket: h.framesPerBucket,
    factor: h.factor,
    levels,
  };
}

export async function writePeaksFile(file: string, p: PeaksData): Promise<void> {
  await writeFile(file, encodePeaks(p), { flush: true });
}

export interface PeaksSlice {
  header: PeaksHeader;
  level: number;
  /** First bucket returned. */
  first: number;
  /** `[min, max]` pairs. */
  pairs: Int16Array;
}

export interface PeaksQuery {
  level?: number;
  maxBuckets?: number;
  startSec?: number;
  endSec?: number;
}

export function bucketsPerSecond(h: PeaksHeader, level: number): number {
  return h.sampleRate / (h.framesPerBucket * h.factor ** level);
}

/** Reads one level (or a time range of it) from a cache file without reading the rest. */
export async function readPeaksSlice(file: string, q: PeaksQuery): Promise<PeaksSlice | null> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(FIXED_HEADER + 4 * 64);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const header = decodePeaksHeader(head.subarray(0, bytesRead));
    if (!header) return null;
    const duration = header.totalFrames / header.sampleRate;
    const startSec = Math.max(0, Math.min(q.startSec ?? 0, duration));
    const endSec = Math.max(startSec, Math.min(q.endSec ?? duration, duration));
    const span = endSec - startSec;
    const levels = header.bucketCounts.length;
    let level: number;
    if (q.level !== undefined) {
      level = Math.min(q.level, levels - 1);
    } else {
      const limit = q.maxBuckets ?? 4000;
      level = levels - 1;
      for (let l = 0; l < levels; l++) {
        if (Math.ceil(span * bucketsPerSecond(header, l)) <= limit) {
          level = l;
          break;
        }
      }
    }
    const bps = bucketsPerSecond(header, level);
    const count = header.bucketCounts[level] ?? 0;
    const first = Math.min(count, Math.floor(startSec * bps));
    const last = q.endSec === undefined ? count : Math.min(count, Math.ceil(endSec * bps));
    const n = Math.max(0, last - first);
    const bytes = Buffer.alloc(n * 4);
    if (n > 0) {
      const { bytesRead: got } = await fh.read(bytes, 0, n * 4, (header.offsets[level] ?? 0) + first * 4);
      if (got !== n * 4) return null;
    }
    return { header, level, first, pairs: new Int16Array(bytes.buffer, bytes.byteOffset, n * 2) };
  } finally {
    await fh.close();
  }
}

/**
 * A slice of a peaks file as the contract gives it to wavesurfer: values in −1..1 (three decimals,
 * which is all a waveform can show), the level's bucket rate and the list of levels.
 */
export function peaksResult(slice: PeaksSlice, id: string, durationSec: number): PeaksResult {
  const { header, level, first, pairs } = slice;
  const n = pairs.length / 2;
  const min = new Array<number>(n);
  const max = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    min[i] = Math.round((pairs[2 * i] as number) / 32.768) / 1000;
    max[i] = Math.round((pairs[2 * i + 1] as number) / 32.768) / 1000;
  }
  const bps = bucketsPerSecond(header, level);
  return {
    assetId: id,
    durationSec,
    level,
    bucketsPerSecond: bps,
    startSec: first / bps,
    min,
    max,
    levels: header.bucketCounts.map((buckets, l) => ({
      level: l,
      bucketsPerSecond: bucketsPerSecond(header, l),
      buckets,
    })),
  };
}
