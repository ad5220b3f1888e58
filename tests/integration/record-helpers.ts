/** What the recording integration tests ask ffmpeg about a WAV file. */
import { spawnSync } from 'node:child_process';

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
