/**
 * The air's cost per codec (issue 15): the Air in real time with one `file:` source (music-like:
 * a tone over pink noise), one codec, its encoder beside its warm spare, for a few seconds: the
 * CPU of the studio's process (main, the bus's thread, the air's thread: mixing, feeding the
 * encoders, cutting frames, handing chunks to main) plus the CPU of the encoders' ffmpegs (from
 * /proc), per second of audio. The anchor is plain ffmpeg encoding the same PCM with the same
 * encoder settings as fast as it can (`-benchmark` utime + stime), per second of audio: what the
 * encoding itself costs. The ratio is what the air's real-time plumbing and its spare add.
 * The machine is shared: each figure is the best of a few rounds.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StreamCodec } from '../src-main/contract';
import { Air, encoderOutputArgs } from '../src-main/live/air';
import { LiveBus } from '../src-main/live/bus';
import type { Benchmark } from './benchmark';
import { ffmpegPath, run } from './support';

const CACHE = path.join(os.tmpdir(), 'studio-bench-cache', 'live-air');
const SECONDS = 60;
const REALTIME_SECONDS = 5;
const ROUNDS = 2;
const TICKS_PER_SECOND = 100;

/** A minute of stereo 48 kHz: a 440 Hz tone over pink noise, made once. */
async function input(ffmpeg: string): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  const file = path.join(CACHE, `music-like-${SECONDS}s.wav`);
  if (!existsSync(file)) {
    await run(ffmpeg, [
      ...['-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.2:sample_rate=48000:duration=${SECONDS}`],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${SECONDS}`],
      ...['-filter_complex', 'amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=c0'],
      ...['-c:a', 'pcm_s16le', file],
    ]);
  }
  return file;
}

/** ffmpeg's own CPU (ms) encoding the file with the air's encoder settings, output thrown away. */
function plainEncodeCpuMs(ffmpeg: string, file: string, codec: StreamCodec): Promise<number> {
  const args = [
    '-hide_banner',
    '-nostdin',
    '-benchmark',
    '-i',
    file,
    ...encoderOutputArgs(codec),
    '-y',
    '/dev/null',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /utime=([\d.]+)s stime=([\d.]+)s/.exec(err);
      if (code !== 0 || !m) reject(new Error(`plain encoding failed (${code}): ${err.slice(-500)}`));
      else resolve((Number(m[1]) + Number(m[2])) * 1000);
    });
  });
}

/** utime + stime of a process, in ms (0 once it is gone). */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

interface AirCost {
  /** CPU ms per second of audio: the studio's process, the encoders' ffmpegs. */
  node: number;
  encoders: number;
}

async function airCost(ffmpeg: string, file: string, codec: StreamCodec): Promise<AirCost> {
  const air = await Air.open({ ffmpeg, codecs: [codec], standby: false });
  try {
    let audioMs = 0;
    air.tap(codec).onChunk((c) => (audioMs += c.durationMs));
    air.bus.addSource(`file:${file}`, { id: 'music', priority: 'playout' });
    await new Promise((r) => setTimeout(r, 1500)); // the file's ffmpeg starts, both encoders speak
    const pids = air
      .channel('main')
      .encoderPids()
      .map((p) => p.pid);
    const enc0 = pids.reduce((ms, pid) => ms + processCpuMs(pid), 0);
    const t = process.cpuUsage();
    const a0 = audioMs;
    await new Promise((r) => setTimeout(r, REALTIME_SECONDS * 1000));
    const d = process.cpuUsage(t);
    const enc1 = pids.reduce((ms, pid) => ms + processCpuMs(pid), 0);
    const seconds = (audioMs - a0) / 1000;
    if (seconds < REALTIME_SECONDS * 0.9)
      throw new Error(`the air made ${seconds.toFixed(2)} s of audio in ${REALTIME_SECONDS} s`);
    return { node: (d.user + d.system) / 1000 / seconds, encoders: (enc1 - enc0) / seconds };
  } finally {
    await air.close();
  }
}

/** The bus alone with the same source, its programme ring taken and not read: the studio's CPU (ms) per second. */
async function busOnlyCost(ffmpeg: string, file: string): Promise<number> {
  const bus = await LiveBus.open({ ffmpeg });
  try {
    bus.programmeRing();
    let blocks = 0;
    bus.onMeters((m) => (blocks = m.report.blocks));
    bus.addSource(`file:${file}`, { id: 'music', priority: 'playout' });
    await new Promise((r) => setTimeout(r, 1500));
    const t = process.cpuUsage();
    const b0 = blocks;
    await new Promise((r) => setTimeout(r, REALTIME_SECONDS * 1000));
    const d = process.cpuUsage(t);
    return (d.user + d.system) / 1000 / ((blocks - b0) / 100);
  } finally {
    await bus.close();
  }
}

let busOnly: Promise<number> | null = null;

async function bestOf<T>(rounds: number, fn: () => Promise<T>, key: (t: T) => number): Promise<T> {
  let best: T | null = null;
  for (let r = 0; r < rounds; r++) {
    const got = await fn();
    if (best === null || key(got) < key(best)) best = got;
  }
  return best!;
}

export const benchmarks: Benchmark[] = (['mp3', 'opus'] as const).map((codec): Benchmark => ({
  name: `live air: ${codec} encoder with its warm spare, CPU per second of audio in real time`,
  anchor: `plain ffmpeg encoding the same PCM with the same settings (CPU ms per s of audio)`,
  async run() {
    const ffmpeg = await ffmpegPath();
    const file = await input(ffmpeg);
    const anchorMs =
      (await bestOf(
        ROUNDS,
        () => plainEncodeCpuMs(ffmpeg, file, codec),
        (x) => x,
      )) / SECONDS;
    const cost = await bestOf(
      ROUNDS,
      () => airCost(ffmpeg, file, codec),
      (c) => c.node + c.encoders,
    );
    busOnly ??= bestOf(
      ROUNDS,
      () => busOnlyCost(ffmpeg, file),
      (x) => x,
    );
    const bus = await busOnly;
    return {
      ours: cost.node + cost.encoders,
      anchor: anchorMs,
      unit: 'ms',
      note:
        `two encoders (live + warm spare) ${cost.encoders.toFixed(1)} ms, the studio's threads ` +
        `(bus with one file source, air thread, main) ${cost.node.toFixed(1)} ms, of which the bus ` +
        `alone (same source, same run) ${bus.toFixed(1)} ms; ` +
        `${REALTIME_SECONDS} s in real time, best of ${ROUNDS}`,
    };
  },
}));
