/**
 * Live bus benchmarks (issue 15): the bus's CPU per second of audio with 8 sources, beside
 * ffmpeg's `amix` mixing the same 8 inputs for the same duration in the same run (its own CPU,
 * from `-benchmark`'s utime + stime, so its start-up is counted once in a minute of audio).
 *
 * - mixing: the Mixer (the worker's arithmetic: ring reads, gains, ducking, sum, clip, meters),
 *   offline, 60 s of 8 sources, on this thread;
 * - real time (ring / transfer): the whole bus on its worker, in real time for 4 s, with 8 `file:`
 *   sources (their ffmpegs not counted: amix decodes WAV too, which costs next to nothing) and
 *   main reading the programme, by the SharedArrayBuffer ring or by a transferred chunk per
 *   block: the process's CPU (both threads) per second of audio. The two transports' figures
 *   side by side say which is cheaper.
 * The machine is shared: each figure is the best of a few rounds.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import {
  BLOCK_BYTES,
  BLOCK_FRAMES,
  BLOCK_SAMPLES,
  LiveBus,
  Mixer,
  type Meters,
  PcmRing,
  type OutputTransport,
} from '../src-main/live/bus';
import type { Benchmark } from './benchmark';
import { ffmpegPath, run } from './support';

const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', 'live-bus');
const SOURCES = 8;
const SECONDS = 60;
const REALTIME_SECONDS = 4;
const ROUNDS = 3;

/** Eight stereo 48 kHz WAVs of SECONDS (tones of different pitches), made once. */
async function inputs(ffmpeg: string): Promise<string[]> {
  await mkdir(CACHE, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < SOURCES; i++) {
    const file = path.join(CACHE, `in-${i}-${SECONDS}s.wav`);
    if (!existsSync(file)) {
      await run(ffmpeg, [
        '-loglevel',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=${220 + 110 * i}:sample_rate=48000:duration=${SECONDS}`,
        '-af',
        'pan=stereo|c0=c0|c1=c0',
        '-c:a',
        'pcm_s16le',
        file,
      ]);
    }
    files.push(file);
  }
  return files;
}

/** ffmpeg's own CPU (utime + stime, ms) mixing the inputs with amix to s16le, thrown away. */
function amixCpuMs(ffmpeg: string, files: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const args = ['-hide_banner', '-benchmark', '-nostdin'];
    for (const f of files) args.push('-i', f);
    args.push('-filter_complex', `amix=inputs=${files.length}:normalize=0`, '-f', 's16le', '-y', '/dev/null');
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(err);
      if (code !== 0 || !m) reject(new Error(`amix failed (${code}): ${err.slice(-500)}`));
      else resolve((Number(m[1]) + Number(m[2])) * 1000);
    });
  });
}

function cpuMs(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

/** The Mixer alone: SECONDS of 8 sources, each ring fed a block before each block is mixed. */
async function mixerCpuMs(files: string[]): Promise<number> {
  const pcm = await Promise.all(files.map(async (f) => new Uint8Array((await readFile(f)).subarray(44))));
  const mixer = new Mixer();
  const rings = pcm.map((_, i) => {
    const ring = PcmRing.create(BLOCK_BYTES * 8);
    mixer.add({
      id: `s${i}`,
      priority: i === 0 ? 'mic' : 'playout',
      ring,
      levelDb: -6,
      playing: true,
      takesAir: false,
      prebufferMs: 0,
    });
    return ring;
  });
  const out = new Int16Array(BLOCK_SAMPLES);
  const blocks = (SECONDS * 48_000) / BLOCK_FRAMES;
  const t = process.cpuUsage();
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < rings.length; i++) {
      rings[i]!.write((pcm[i] as Uint8Array).subarray(b * BLOCK_BYTES, (b + 1) * BLOCK_BYTES));
    }
    mixer.mixBlock(out);
    if (b % 10 === 9) mixer.meters();
  }
  return cpuMs(t);
}

/**
 * The whole bus in real time with 8 file sources, main reading the programme: the process's CPU
 * (ms) per second of audio, the seconds counted by the bus's own blocks.
 */
async function realtimeCpuPerSecond(
  ffmpeg: string,
  files: string[],
  transport: OutputTransport,
): Promise<number> {
  const bus = await LiveBus.open({ ffmpeg, transport });
  try {
    let bytes = 0;
    let last: Meters | null = null;
    bus.onMeters((m) => (last = m));
    bus.output().on('data', (c: Buffer) => (bytes += c.length));
    files.forEach((f, i) =>
      bus.addSource(`file:${f}`, { id: `s${i}`, priority: i === 0 ? 'mic' : 'playout', levelDb: -6 }),
    );
    await new Promise((r) => setTimeout(r, 1000)); // the ffmpegs start and fill their rings
    const first = last as Meters | null;
    const t = process.cpuUsage();
    const b0 = bytes;
    await new Promise((r) => setTimeout(r, REALTIME_SECONDS * 1000));
    const ms = cpuMs(t);
    const end = last as Meters | null;
    if (!first || !end) throw new Error('no meters from the bus');
    const seconds = (end.report.blocks - first.report.blocks) / 100;
    const got = (bytes - b0) / (BLOCK_BYTES * 100);
    if (end.clock.slips > 0 || end.clock.outputOverruns > 0 || Math.abs(got - seconds) > 0.3) {
      throw new Error(
        `the bus did not keep time: ${seconds} s mixed, main got ${got.toFixed(2)} s, clock ${JSON.stringify(end.clock)}`,
      );
    }
    return ms / seconds;
  } finally {
    await bus.close();
  }
}

async function best(rounds: number, fn: () => Promise<number>): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) min = Math.min(min, await fn());
  return min;
}

let anchorPerSecond: Promise<number> | null = null;
/** amix's CPU per second of audio, measured once per run and shared by the three rows. */
function anchor(ffmpeg: string, files: string[]): Promise<number> {
  anchorPerSecond ??= best(ROUNDS, () => amixCpuMs(ffmpeg, files)).then((ms) => ms / SECONDS);
  return anchorPerSecond;
}

const AMIX = `ffmpeg amix of the same ${SOURCES} inputs (CPU ms per s of audio)`;

export const benchmarks: Benchmark[] = [
  {
    name: `live bus: mixing CPU per second of audio, ${SOURCES} sources`,
    anchor: AMIX,
    async run() {
      const ffmpeg = await ffmpegPath();
      const files = await inputs(ffmpeg);
      const ours = (await best(ROUNDS, () => mixerCpuMs(files))) / SECONDS;
      return {
        ours,
        anchor: await anchor(ffmpeg, files),
        unit: 'ms',
        note: `the Mixer offline (ring reads, per-frame gains, ducking, sum, clip, meters) over ${SECONDS} s; best of ${ROUNDS}`,
      };
    },
  },
  ...(['ring', 'transfer'] as const).map((transport): Benchmark => ({
    name: `live bus: real-time CPU per second of audio, ${SOURCES} sources, output by ${transport}`,
    anchor: AMIX,
    async run() {
      const ffmpeg = await ffmpegPath();
      const files = await inputs(ffmpeg);
      const ours = await best(ROUNDS, () => realtimeCpuPerSecond(ffmpeg, files, transport));
      return {
        ours,
        anchor: await anchor(ffmpeg, files),
        unit: 'ms',
        note:
          `the bus on its worker for ${REALTIME_SECONDS} s in real time, the process's CPU (main, the bus's and the feed thread; the sources' ffmpegs not counted), ` +
          `main reading the programme ${transport === 'ring' ? 'from the SharedArrayBuffer ring every 20 ms' : 'as one transferred ArrayBuffer per 10 ms block'}; best of ${ROUNDS}`,
      };
    },
  })),
];
