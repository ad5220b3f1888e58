/**
 * Test inputs made with ffmpeg (and sox for AMR, which Debian's ffmpeg cannot encode) at test time,
 * so no audio is committed. Keep them short: the machine has 2 cores shared by everyone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export const FFMPEG = process.env.FFMPEG_BIN || 'ffmpeg';

export function ffmpeg(args: string[]): void {
  execFileSync(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
}

export interface ToneOptions {
  seconds?: number;
  freq?: number;
  rate?: number;
  channels?: number;
  /** Level of the sine's peak in dBFS. */
  peakDb?: number;
  /** Output options (codec, bit rate, sample format…) before the file name. */
  codec?: string[];
}

/** A sine tone of a known level; with several channels, every channel carries it. */
export function tone(file: string, o: ToneOptions = {}): string {
  const seconds = o.seconds ?? 2;
  const rate = o.rate ?? 44100;
  const channels = o.channels ?? 1;
  const amp = 10 ** ((o.peakDb ?? -6) / 20);
  ffmpeg([
    ...[
      '-f',
      'lavfi',
      '-i',
      `aevalsrc=${amp.toFixed(6)}*sin(2*PI*${o.freq ?? 1000}*t):s=${rate}:d=${seconds}`,
    ],
    ...['-af', `pan=${channels}c|${Array.from({ length: channels }, (_, i) => `c${i}=c0`).join('|')}`],
    ...(o.codec ?? []),
    file,
  ]);
  return file;
}

export function silence(file: string, seconds = 2, rate = 48000): string {
  ffmpeg(['-f', 'lavfi', '-i', `anullsrc=r=${rate}:cl=stereo`, '-t', String(seconds), file]);
  return file;
}

/** A WAV with a header and no samples. */
export function zeroLengthWav(file: string): string {
  ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '0', '-c:a', 'pcm_s16le', file]);
  return file;
}

/** 8 kHz mono AMR-NB, as phones record; made with sox (ffmpeg on Debian decodes AMR but cannot encode it). */
export function amr(file: string, seconds = 2): string {
  execFileSync(
    'sox',
    [
      '-n',
      '-r',
      '8000',
      '-c',
      '1',
      '-t',
      'amr-nb',
      file,
      'synth',
      String(seconds),
      'sine',
      '440',
      'vol',
      '0.5',
    ],
    {
      stdio: 'pipe',
    },
  );
  return file;
}

/** An MP4 with a moving test picture and a tone: the audio of a video clip. */
export function videoWithAudio(
  file: string,
  seconds = 2,
  videoCodec = ['-c:v', 'libx264', '-pix_fmt', 'yuv420p'],
): string {
  ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc=s=160x120:r=10:d=${seconds}`],
    ...['-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${seconds}`],
    ...['-shortest', ...videoCodec, '-c:a', 'aac', '-b:a', '96k'],
    file,
  ]);
  return file;
}

export function png(file: string): string {
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=64x64:d=1', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', file]);
  return file;
}

export function text(file: string, content = 'Đây không phải là âm thanh.\nChỉ là ghi chú.\n'): string {
  writeFileSync(file, content);
  return file;
}

/** The first part of `src`, as a file cut short by a failed copy. */
export function truncated(src: string, file: string, keepFraction: number): string {
  const data = readFileSync(src);
  writeFileSync(file, data.subarray(0, Math.floor(data.length * keepFraction)));
  return file;
}

export interface FfmpegMeasure {
  integratedLufs: number;
  lraLu: number;
  peakDbfs: number;
}

/** Loudness as ffmpeg's own `ebur128` reports it, run separately from the studio, parsed simply. */
export function ffmpegLoudness(file: string): FfmpegMeasure {
  const r = spawnSync(
    FFMPEG,
    [
      ...['-hide_banner', '-nostdin', '-nostats', '-i', file, '-map', '0:a:0'],
      ...['-af', 'ebur128=peak=sample:framelog=verbose', '-f', 'null', '-'],
    ],
    { encoding: 'utf8' },
  );
  const summary = r.stderr.slice(r.stderr.lastIndexOf('Summary:'));
  const num = (re: RegExp) => {
    const m = re.exec(summary);
    if (!m) throw new Error(`no ${re} in ffmpeg output`);
    return m[1] === '-inf' ? -Infinity : Number(m[1]);
  };
  return {
    integratedLufs: num(/I:\s+(-?[\d.]+|-inf) LUFS/),
    lraLu: num(/LRA:\s+(-?[\d.]+) LU/),
    peakDbfs: num(/Peak:\s+(-?[\d.]+|-inf) dBFS/),
  };
}

/** Duration of the decoded audio: ffmpeg decodes it to mono s16 and the samples are counted. */
export function ffmpegDuration(file: string, rate: number): number {
  const r = spawnSync(
    FFMPEG,
    [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:a:0',
      '-ac',
      '1',
      '-f',
      's16le',
      '-c:a',
      'pcm_s16le',
      '-',
    ],
    { maxBuffer: 1024 ** 3 },
  );
  return r.stdout.length / 2 / rate;
}

/** A WAV whose format tag names a codec nobody knows (0x1234): a real container, an unknown codec. */
export function unknownCodecWav(file: string): string {
  tone(file, { seconds: 1 });
  const data = readFileSync(file);
  data.writeUInt16LE(0x1234, 20); // WAVE_FORMAT tag in the fmt chunk of ffmpeg's canonical header
  writeFileSync(file, data);
  return file;
}

/** A copy of `src` with a stretch in the middle overwritten by garbage, as a damaged memory card gives. */
export function damagedInTheMiddle(src: string, file: string): string {
  const data = readFileSync(src);
  let x = 7;
  for (let i = Math.floor(data.length * 0.4); i < Math.floor(data.length * 0.6); i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    data[i] = x & 0xff;
  }
  writeFileSync(file, data);
  return file;
}
