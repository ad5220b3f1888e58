/**
 * Test signals with markers at known samples, made with ffmpeg at test time (no audio is committed),
 * and measurements of rendered audio: decode to float PCM, find burst onsets to the sample, RMS in dB.
 *
 * A burst is a cosine (not a sine): its first sample is at full amplitude, so its onset is exactly
 * the first sample above half its amplitude. Keep signals short: 2 shared cores.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export const FFMPEG = process.env.FFMPEG_BIN || 'ffmpeg';
export const RATE = 48_000;

export interface Burst {
  /** First sample of the burst. */
  at: number;
  /** Samples. */
  length: number;
  freq?: number;
  amp?: number;
}

export interface SignalOptions {
  /** Total length in samples. */
  samples: number;
  rate?: number;
  channels?: 1 | 2;
  bursts?: Burst[];
  /** A steady tone under everything (amplitude), for fade and gain measurements. */
  tone?: { freq: number; amp: number };
  /** Output options before the file name (default: 16-bit WAV). */
  codec?: string[];
}

function burstExpr(b: Burst, rate: number): string {
  const amp = b.amp ?? 0.5;
  const f = b.freq ?? 1000;
  return `if(between(n,${b.at},${b.at + b.length - 1}),${amp}*cos(2*PI*${f}*(n-${b.at})/${rate}),0)`;
}

/** Writes a signal: silence (or a steady tone) with cosine bursts at known samples. */
export function signal(file: string, o: SignalOptions): string {
  const rate = o.rate ?? RATE;
  const parts = (o.bursts ?? []).map((b) => burstExpr(b, rate));
  if (o.tone) parts.push(`${o.tone.amp}*cos(2*PI*${o.tone.freq}*n/${rate})`);
  const expr = parts.length > 0 ? parts.join('+') : '0';
  const channels = o.channels ?? 1;
  const exprs = Array.from({ length: channels }, () => expr).join('|');
  execFileSync(
    FFMPEG,
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `aevalsrc=exprs='${exprs}':s=${rate}:d=${o.samples / rate}`],
      ...['-af', `atrim=end_sample=${o.samples}`],
      ...(o.codec ?? ['-c:a', 'pcm_s16le']),
      file,
    ],
    { stdio: 'pipe' },
  );
  return file;
}

export interface Pcm {
  channels: number;
  /** Interleaved float samples. */
  data: Float32Array;
  frames: number;
}

/** Decodes any audio file to float PCM at its own rate (or `rate`). */
export function decode(file: string, opts: { rate?: number; channels?: number } = {}): Pcm {
  const out = execFileSync(
    FFMPEG,
    [
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file],
      ...(opts.rate ? ['-ar', String(opts.rate)] : []),
      ...(opts.channels ? ['-ac', String(opts.channels)] : []),
      ...['-f', 'f32le', '-c:a', 'pcm_f32le', 'pipe:1'],
    ],
    { maxBuffer: 1024 ** 3 },
  );
  const copy = Buffer.from(out);
  const data = new Float32Array(copy.buffer, copy.byteOffset, copy.length / 4);
  const channels = opts.channels ?? channelsOf(file);
  return { channels, data, frames: data.length / channels };
}

function channelsOf(file: string): number {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-nostdin', '-i', file], { encoding: 'utf8' });
  const m = /Audio: [^\n]*?(mono|stereo|(\d+) channels)/.exec(r.stderr);
  if (!m) throw new Error(`cannot tell the channels of ${file}`);
  return m[1] === 'mono' ? 1 : m[1] === 'stereo' ? 2 : Number(m[2]);
}

/** First sample of each burst: above `threshold` with nothing above it in the `gap` samples before. */
export function onsets(pcm: Pcm, threshold = 0.25, gap = 2400, channel = 0): number[] {
  const found: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < pcm.frames; i++) {
    if (Math.abs(pcm.data[i * pcm.channels + channel] as number) > threshold) {
      if (i - last > gap) found.push(i);
      last = i;
    }
  }
  return found;
}

/** RMS of `[start, end)` of one channel, in dB (−Infinity for digital silence). */
export function rmsDb(pcm: Pcm, start: number, end: number, channel = 0): number {
  let sum = 0;
  for (let i = start; i < end; i++) {
    const v = pcm.data[i * pcm.channels + channel] as number;
    sum += v * v;
  }
  return 10 * Math.log10(sum / (end - start));
}

/** Largest absolute sample of `[start, end)`. */
export function peak(pcm: Pcm, start = 0, end = pcm.frames): number {
  let m = 0;
  for (let i = start * pcm.channels; i < end * pcm.channels; i++)
    m = Math.max(m, Math.abs(pcm.data[i] as number));
  return m;
}

/** ebur128's integrated loudness and true peak of a file. */
export function loudness(file: string): { integratedLufs: number; truePeakDbtp: number } {
  const r = spawnSync(
    FFMPEG,
    [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-i',
      file,
      '-af',
      'ebur128=peak=true:framelog=verbose',
      '-f',
      'null',
      '-',
    ],
    { encoding: 'utf8' },
  );
  const summary = r.stderr.slice(r.stderr.lastIndexOf('Summary:'));
  const i = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  const tp = /Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (!i || !tp) throw new Error(`no loudness summary for ${file}`);
  return { integratedLufs: Number(i[1]), truePeakDbtp: tp[1] === '-inf' ? -Infinity : Number(tp[1]) };
}
