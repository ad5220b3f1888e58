/**
 * Waveform peaks of a long file, reduced on the second core while ffmpeg decodes on the first.
 *
 * An hour of 44.1 kHz stereo is 635 MB of s16 PCM. Read as a Node stream on the main thread it
 * costs about 1.2 s of CPU beside ffmpeg's 3.3 s: 19,000 64-kB Buffers allocated, wrapped and
 * emitted, and a JavaScript min/max loop over 159 M samples. Here instead:
 *
 * - ffmpeg writes into a FIFO (a named pipe) rather than the socket pair Node gives a child's
 *   stdout, and a worker thread reads its blocking end with plain read(2) calls straight into
 *   WebAssembly memory: no allocation, no event per chunk, nothing on the main thread;
 * - the min/max of each bucket is computed by a SIMD loop (minmax-wasm.ts): about 10 ms an hour.
 *
 * What is left is the kernel copying the PCM through the pipe, once in and once out. The buckets
 * are exactly PeakBuilder's (the tests compare the two).
 *
 * FIFOs need `mkfifo` (Linux, macOS): where it is missing (Windows) or anything in the set-up
 * fails, openPcmPeaksReader() returns null and the caller reads ffmpeg's stdout with PeakBuilder.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { minMaxModule } from './minmax-wasm';

/** What the worker found: level 0's `[min, max]` pairs (null when no format came) and the samples reduced. */
export interface PcmPeaksResult {
  pairs: Int16Array | null;
  /** Samples reduced: those read, less the ones skipped. */
  samples: number;
}

/**
 * Where a reader that does not start at the beginning of the audio begins, and what it keeps to be
 * checked. Counted in interleaved samples. Used to decode a long file's two halves at once
 * (analyse.ts): the second ffmpeg starts a little early and its first samples are dropped.
 */
export interface ReaderPlan {
  /** Samples to drop before the first bucket. */
  skip?: number;
  /** A copy of `length` samples from `at` (counted after the skip), delivered as `window`. */
  window?: { at: number; length: number };
}

export interface PcmPeaksReader {
  /** The write end of the pipe: give it to ffmpeg as its stdout, then call `spawned()`. */
  readonly writeFd: number;
  /** Closes this process's copy of the write end, so that the reader sees the end when ffmpeg exits. */
  spawned(): void;
  /** Starts the reduction: `samplesPerBucket` interleaved samples make one bucket. PCM read before waits. */
  start(samplesPerBucket: number, plan?: ReaderPlan): void;
  /** The plan's window once read, or null when the PCM ended first (or no window was asked for). */
  readonly window: Promise<Int16Array | null>;
  /** Resolves once ffmpeg has closed its end, every sample is reduced, and `start` or `dispose` was called. */
  readonly result: Promise<PcmPeaksResult>;
  /** Tells a worker still waiting for the format that none will come, and releases everything. */
  dispose(): void;
  /** Bytes of PCM read so far. */
  readonly bytesRead: number;
  /** Called as bytesRead grows, about ten times a second while the PCM flows. */
  onProgress: (() => void) | null;
}

// The worker's code, run with `eval` so it needs no file of its own beside the bundle.
// state[0]: 0 waiting for the format, 1 format known (state[1] samples per bucket), 2 none will come;
// plan[0..2]: samples to skip, the window's start and length (float64: six channels for 3 h overflow int32).
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { fd, module, control } = workerData;
const state = new Int32Array(control, 0, 2);
const plan = new Float64Array(control, 8, 3);
const { minmax, memory } = new WebAssembly.Instance(module, {}).exports;
let cap = 1 << 20; // PCM waits in memory[0, cap)
let u8 = new Uint8Array(memory.buffer);
function reserve(bytes) {
  const have = memory.buffer.byteLength;
  if (have < bytes) {
    memory.grow(Math.ceil((bytes - have) / 65536));
    u8 = new Uint8Array(memory.buffer);
  }
}
reserve(cap);
let size = 0; // samples per bucket, once known
let fill = 0; // bytes waiting
let total = 0; // bytes read
let skipLeft = 0; // bytes still to drop
let consumed = 0; // bytes after the skip that have left memory[0] (memory[0] is the next one)
let win = null; // the window's copy, its start (bytes after the skip) and how much is filled
let winAt = 0;
let winFill = 0;
let pairs = new Int16Array(1 << 16);
let count = 0;
let lastProgress = 0;

function known(wait) {
  if (size > 0) return true;
  while (wait && Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0);
  if (Atomics.load(state, 0) !== 1) return false;
  size = state[1];
  if (cap < size * 2) cap = size * 2;
  skipLeft = plan[0] * 2;
  if (plan[2] > 0) {
    win = new Uint8Array(plan[2] * 2);
    winAt = plan[1] * 2;
  }
  return true;
}

/** Copies what memory[0, fill) holds of the window; posts the window once it is whole. */
function capture() {
  if (!win || winFill === win.length) return;
  const from = Math.max(winAt + winFill, consumed);
  const to = Math.min(winAt + win.length, consumed + fill);
  if (to <= from) return;
  win.set(u8.subarray(from - consumed, to - consumed), from - winAt);
  winFill = to - winAt;
  if (winFill === win.length) {
    const samples = new Int16Array(win.buffer);
    parentPort.postMessage({ type: 'window', samples }, [win.buffer]);
  }
}

/** The [min, max] of n runs of 'samples' samples from memory[0], appended to pairs. */
function reduce(n, samples) {
  reserve(cap + n * 4);
  minmax(0, n, samples, cap);
  if ((count + n) * 2 > pairs.length) {
    const grown = new Int16Array(Math.max(pairs.length * 2, (count + n) * 2));
    grown.set(pairs.subarray(0, count * 2));
    pairs = grown;
  }
  pairs.set(new Int16Array(memory.buffer, cap, n * 2), count * 2);
  count += n;
}

/** Drops what is to be skipped, copies the window, reduces the whole buckets and keeps the rest at memory[0]. */
function drain() {
  if (skipLeft > 0) {
    const drop = Math.min(skipLeft, fill);
    u8.copyWithin(0, drop, fill);
    fill -= drop;
    skipLeft -= drop;
  }
  capture();
  const bytes = size * 2;
  const whole = Math.floor(fill / bytes);
  if (whole === 0) return;
  reduce(whole, size);
  u8.copyWithin(0, whole * bytes, fill);
  fill -= whole * bytes;
  consumed += whole * bytes;
}

for (;;) {
  if (fill === cap) {
    // Only while the format is unknown: keep everything, as PeakBuilder's caller does.
    cap *= 2;
    reserve(cap);
  }
  const n = readSync(fd, u8, fill, cap - fill, null);
  if (n === 0) break;
  fill += n;
  total += n;
  if (known(false)) drain();
  const now = Date.now();
  if (now - lastProgress >= 100) {
    lastProgress = now;
    parentPort.postMessage({ type: 'progress', bytes: total });
  }
}
if (known(true)) {
  drain();
  const rest = fill >> 1; // a last, partial bucket (a lone odd byte is not a sample)
  if (rest > 0) reduce(1, rest);
  const out = pairs.slice(0, count * 2);
  const reduced = Math.floor((consumed + fill) / 2);
  parentPort.postMessage({ type: 'done', pairs: out, bytes: total, reduced }, [out.buffer]);
} else {
  parentPort.postMessage({ type: 'done', pairs: null, bytes: total, reduced: 0 });
}
`;

interface ProgressMessage {
  type: 'progress';
  bytes: number;
}
interface WindowMessage {
  type: 'window';
  samples: Int16Array;
}
interface DoneMessage {
  type: 'done';
  pairs: Int16Array | null;
  bytes: number;
  /** Samples reduced (after the skip). */
  reduced: number;
}

function makeFifo(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('mkfifo', ['-m', '600', file], { windowsHide: true }, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * A FIFO and a worker reading it, or null where that cannot be had (no WebAssembly SIMD, Windows,
 * no mkfifo).
 */
export async function openPcmPeaksReader(): Promise<PcmPeaksReader | null> {
  const module = minMaxModule();
  if (!module || process.platform === 'win32') return null;
  let dir: string | null = null;
  const fds: number[] = [];
  try {
    dir = await mkdtemp(path.join(os.tmpdir(), 'studio-pcm-'));
    const fifo = path.join(dir, 'pcm');
    await makeFifo(fifo);
    // A non-blocking reader first, so that the writer's open returns at once; then the blocking
    // reader the worker uses (a writer exists, so it returns at once too). The name is not needed
    // after that. Node opens files close-on-exec: no other child inherits these.
    fds.push(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
    fds.push(openSync(fifo, constants.O_WRONLY));
    fds.push(openSync(fifo, constants.O_RDONLY));
    await rm(dir, { recursive: true, force: true });
    dir = null;
    closeSync(fds.shift() as number);
  } catch {
    for (const fd of fds) closeSync(fd);
    // No fifo here: the caller reads through a pipe instead. An empty temporary folder left behind
    // is the system's to clear.
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    return null;
  }
  const [writeFd, readFd] = fds as [number, number];
  try {
    return new FifoPeaksReader(writeFd, readFd, module);
  } catch {
    closeSync(writeFd);
    closeSync(readFd);
    return null; // no worker thread to be had
  }
}

class FifoPeaksReader implements PcmPeaksReader {
  bytesRead = 0;
  onProgress: (() => void) | null = null;
  readonly result: Promise<PcmPeaksResult>;
  readonly window: Promise<Int16Array | null>;
  private writeOpen = true;
  private readonly state: Int32Array;
  private readonly plan: Float64Array;

  constructor(
    readonly writeFd: number,
    readFd: number,
    module: WebAssembly.Module,
  ) {
    const control = new SharedArrayBuffer(8 + 3 * 8);
    this.state = new Int32Array(control, 0, 2);
    this.plan = new Float64Array(control, 8, 3);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { fd: readFd, module, control },
      stdout: false,
      stderr: false,
    });
    // The read end is closed here, by the thread that opened it, once the worker has stopped reading.
    let readOpen = true;
    const closeRead = () => {
      if (!readOpen) return;
      readOpen = false;
      closeSync(readFd);
    };
    let settleWindow: (w: Int16Array | null) => void = () => undefined;
    this.window = new Promise((resolve) => {
      settleWindow = resolve;
    });
    this.result = new Promise<PcmPeaksResult>((resolve, reject) => {
      worker.on('message', (m: ProgressMessage | WindowMessage | DoneMessage) => {
        if (m.type === 'progress') {
          this.bytesRead = m.bytes;
          this.onProgress?.();
          return;
        }
        if (m.type === 'window') {
          settleWindow(m.samples);
          return;
        }
        // Not waiting for the thread to exit: that takes a few more milliseconds.
        closeRead();
        this.bytesRead = m.bytes;
        settleWindow(null);
        resolve({ pairs: m.pairs, samples: m.reduced });
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        closeRead();
        this.spawned();
        settleWindow(null);
        reject(new Error(`the peaks worker stopped (${code}) before the end of the PCM`)); // unless resolved
      });
    });
    // The caller may drop the result (ffmpeg failed): never an unhandled rejection.
    this.result.catch(() => undefined);
  }

  spawned(): void {
    if (!this.writeOpen) return;
    this.writeOpen = false;
    closeSync(this.writeFd);
  }

  start(samplesPerBucket: number, plan: ReaderPlan = {}): void {
    if (Atomics.load(this.state, 0) !== 0) return; // the plan is read once, with the format
    this.plan[0] = plan.skip ?? 0;
    this.plan[1] = plan.window?.at ?? 0;
    this.plan[2] = plan.window?.length ?? 0;
    this.settle(1, samplesPerBucket);
  }

  dispose(): void {
    this.settle(2, 0);
    this.spawned();
  }

  private settle(value: number, samplesPerBucket: number): void {
    if (Atomics.load(this.state, 0) !== 0) return;
    this.state[1] = samplesPerBucket;
    Atomics.store(this.state, 0, value);
    Atomics.notify(this.state, 0);
  }
}
