/**
 * One decoding pass per file. A single ffmpeg process decodes the first audio stream once; the
 * `ebur128` filter measures loudness on the way through (it passes the audio on unchanged), and the
 * same audio comes out as interleaved s16le, which becomes waveform peaks as it streams. The input
 * header on stderr is the probe (ffmpeg-static has no ffprobe). decode-pass.ts runs the process.
 *
 *   ffmpeg -i FILE -map 0:a:0 -af ebur128=peak=sample:framelog=verbose -flush_packets 0 -f s16le pipe:1
 *
 * `framelog=verbose` keeps ebur128's ten-a-second frame log off stderr; its summary still comes.
 *
 * A long file's PCM (635 MB an hour of CD-quality stereo) goes through a FIFO to a worker thread
 * instead (pcm-peaks-reader.ts), so that the main thread does none of that work and the peaks cost
 * little more than ffmpeg's decoding. Short files keep the stdout stream: starting a worker costs
 * more than their PCM does.
 *
 * Peaks alone (rebuilding a lost cache; no loudness, which needs the whole file in one filter) of a
 * long file are decoded in two halves at once, one per core. The second ffmpeg seeks (`-ss`) to a
 * whole second LEAD_SEC before the seam and its reader drops what comes before the seam; the first
 * decodes on past the seam. Both keep a copy of the CHECK_SEC after the seam, and only when the two
 * copies are equal sample for sample (and not silence, where any offset would look equal) is the
 * first stopped and the halves joined. Otherwise the second is stopped and the first simply goes
 * on to the end: the result is always the one-pass result. ffmpeg 5.1's seeks measured exact on
 * MP3 (CBR and VBR), AAC in MP4, Opus, Vorbis, FLAC and WAV.
 */
import os from 'node:os';
import { stat } from 'node:fs/promises';
import {
  framesPerBucketFor,
  parseEbur128Summary,
  peaksFromBase,
  type OutputStreamInfo,
  type PeaksData,
  type ProbeInfo,
} from '../audio';
import type { Loudness } from '../contract';
import { DecodePass, type DecodePassOptions, type PassOutcome } from './decode-pass';
import { cancelled } from './media-errors';
import { openPcmPeaksReader, type PcmPeaksReader } from './pcm-peaks-reader';

/** Inputs at least this big have their peaks reduced by a worker thread (when the platform allows). */
export const PEAKS_READER_MIN_BYTES = 4 * 1024 * 1024;

export interface AnalyseOptions {
  ffmpeg: string;
  input: string;
  /** Measure loudness too (import); false computes peaks alone (rebuilding a lost cache). */
  loudness: boolean;
  signal?: AbortSignal;
  /** Called as audio is decoded: seconds done, and the header's duration when known. */
  onProgress?: (doneSec: number, expectedSec: number | null) => void;
  /** Kill ffmpeg when it prints and outputs nothing for this long. */
  stallTimeoutMs?: number;
  /**
   * Where the PCM is reduced: 'auto' (the default) a worker thread for inputs of
   * PEAKS_READER_MIN_BYTES or more, 'worker' always where possible, 'stream' never.
   */
  peaksReader?: 'auto' | 'worker' | 'stream';
  /**
   * Peaks alone of a long file: 'auto' (the default) in two halves at once where two cores and the
   * worker are, or the first pass's own result when it ends before the halves are checked (a file
   * that decodes very fast); 'always' waits for the check then too, and joins the halves when they
   * agree (so that tests see the join whatever the timing); 'never' one pass.
   */
  halves?: 'auto' | 'always' | 'never';
}

export interface Analysis {
  probe: ProbeInfo;
  /** The PCM the peaks were computed from (the source's rate and channel count). */
  output: OutputStreamInfo;
  durationSec: number;
  loudness: Loudness | null;
  peaks: PeaksData;
  /** ffmpeg reported damaged data but still decoded audio. */
  damaged: boolean;
  /** Where two halves decoded at once were joined (seconds); null when it took one pass. */
  seamSec: number | null;
}

/** Files shorter than this are decoded in one pass even for peaks alone. */
export const HALVES_MIN_SEC = 120;
/** The second half's ffmpeg starts this much (at least) before the seam, so that its decoder has settled. */
const LEAD_SEC = 2;
/** How much after the seam both halves must agree on. */
const CHECK_SEC = 1;

/** `startSec`: where the decoding starts (an input seek); the PCM's first sample is the one at that time. */
export function analysisArgs(input: string, loudness: boolean, startSec = 0): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    ...(startSec > 0 ? ['-ss', String(startSec)] : []),
    '-i',
    input,
    '-map',
    '0:a:0',
    ...(loudness ? ['-af', 'ebur128=peak=sample:framelog=verbose'] : []),
    '-c:a',
    'pcm_s16le',
    // Without this the raw muxer flushes every packet: a write per 1152 samples, a third slower.
    '-flush_packets',
    '0',
    '-f',
    's16le',
    'pipe:1',
  ];
}

async function wantsReader(opts: AnalyseOptions): Promise<boolean> {
  const mode = opts.peaksReader ?? 'auto';
  if (mode !== 'auto') return mode === 'worker';
  const size = await stat(opts.input).then(
    (s) => s.size,
    () => 0, // ffmpeg says what is wrong with the file
  );
  return size >= PEAKS_READER_MIN_BYTES;
}

/** Runs the pass. Throws a StudioError (MEDIA_*, FFMPEG_MISSING, CANCELLED) when it cannot. */
export async function analyse(opts: AnalyseOptions): Promise<Analysis> {
  if (opts.signal?.aborted) throw cancelled(opts.input);
  const reader = (await wantsReader(opts)) ? await openPcmPeaksReader() : null;
  try {
    const halves =
      reader !== null && !opts.loudness && opts.halves !== 'never' && os.availableParallelism() >= 2;
    return halves ? await inHalves(opts, reader) : await inOnePass(opts, reader);
  } finally {
    reader?.dispose();
  }
}

/** Calls opts.onProgress at most ten times a second. */
function progressReporter(
  opts: AnalyseOptions,
): (frames: number, output: OutputStreamInfo | null, probe: ProbeInfo | null) => void {
  let last = 0;
  return (frames, output, probe) => {
    if (!output || !opts.onProgress) return;
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    opts.onProgress(frames / output.sampleRate, probe?.headerDurationSec ?? null);
  };
}

function analysisOf(
  opts: AnalyseOptions,
  pass: Pick<PassOutcome, 'probe' | 'output' | 'text' | 'damaged'>,
  frames: number,
  pairs: Int16Array,
  seamFrame: number | null = null,
): Analysis {
  const peaks = peaksFromBase(pass.output.sampleRate, pass.output.channels, frames, pairs);
  return {
    probe: pass.probe,
    output: pass.output,
    durationSec: frames / pass.output.sampleRate,
    loudness: opts.loudness ? parseEbur128Summary(pass.text) : null,
    peaks,
    damaged: pass.damaged,
    seamSec: seamFrame === null ? null : seamFrame / pass.output.sampleRate,
  };
}

/** A pass over the input with the caller's ffmpeg, cancel signal and stall limit. */
function startPass(
  opts: AnalyseOptions,
  args: string[],
  reader: PcmPeaksReader | null,
  hooks: Pick<DecodePassOptions, 'onFormat' | 'onData'>,
): DecodePass {
  const { ffmpeg, input, signal, stallTimeoutMs } = opts;
  return new DecodePass({ ffmpeg, input, args, reader, signal, stallTimeoutMs, ...hooks });
}

function inOnePass(opts: AnalyseOptions, reader: PcmPeaksReader | null): Promise<Analysis> {
  const report = progressReporter(opts);
  const pass: DecodePass = startPass(opts, analysisArgs(opts.input, opts.loudness), reader, {
    onData: () => report(pass.frames, pass.output, pass.probe),
  });
  return pass.done.then((out) => analysisOf(opts, out, out.frames, out.pairs));
}

/** Where the halves meet, in frames of the PCM. */
interface Seam {
  /** The first frame of the second half: a whole number of level-0 buckets. */
  at: number;
  /** Where the second ffmpeg starts, in whole seconds, and the frames it decodes before `at`. */
  startSec: number;
  lead: number;
  /** Frames after `at` both halves must agree on. */
  check: number;
}

export function seamFor(output: OutputStreamInfo, durationSec: number | null): Seam | null {
  if (durationSec === null || durationSec < HALVES_MIN_SEC) return null;
  const rate = output.sampleRate;
  const bucket = framesPerBucketFor(rate);
  const at = Math.floor((durationSec * rate) / 2 / bucket) * bucket;
  // A whole second: "-ss N" then lands exactly on a sample, whatever the rate.
  const startSec = Math.floor(at / rate) - LEAD_SEC;
  return { at, startSec, lead: at - startSec * rate, check: CHECK_SEC * rate };
}

/** The two copies are the same samples, and ones that would not look the same at another offset. */
function agree(a: Int16Array | null, b: Int16Array | null): boolean {
  if (!a || !b || a.length !== b.length || a.length === 0) return false;
  let varies = false;
  const first = a[0];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
    if (a[i] !== first) varies = true;
  }
  return varies;
}

interface SecondHalf {
  pass: DecodePass;
  reader: PcmPeaksReader;
}

async function inHalves(opts: AnalyseOptions, firstReader: PcmPeaksReader): Promise<Analysis> {
  const report = progressReporter(opts);
  // Opened while the first ffmpeg starts: the worker thread takes a few tens of milliseconds.
  const secondReader = openPcmPeaksReader();
  let seam: Seam | null = null;
  let second: Promise<SecondHalf | null> = Promise.resolve(null);
  let checked: Promise<void> = Promise.resolve(); // settles once the halves are compared
  let joined = false; // the halves agreed and the first was stopped at the seam
  let over = false; // the result is settled: a second half still starting must not run
  let secondPass: DecodePass | null = null;

  const startSecond = async (at: Seam, format: OutputStreamInfo): Promise<SecondHalf | null> => {
    const reader = await secondReader;
    if (!reader) return null;
    if (over) {
      reader.dispose();
      return null;
    }
    const pass = startPass(opts, analysisArgs(opts.input, false, at.startSec), reader, {
      onFormat: (output) =>
        // Another format (it cannot, but) would not be the same PCM: no window, so no join.
        output.sampleRate === format.sampleRate && output.channels === format.channels
          ? { skip: at.lead * output.channels, window: { at: 0, length: at.check * output.channels } }
          : undefined,
      onData: () => progress(),
    });
    secondPass = pass;
    return { pass, reader };
  };

  const first: DecodePass = startPass(opts, analysisArgs(opts.input, false), firstReader, {
    onFormat: (output, probe) => {
      seam = seamFor(output, probe?.headerDurationSec ?? null);
      if (!seam) return undefined;
      const at = seam;
      second = startSecond(at, output);
      checked = second
        .then(async (half) => {
          if (!half) return;
          const [a, b] = await Promise.all([firstReader.window, half.reader.window]);
          if (over) return;
          if (agree(a, b)) {
            joined = true;
            first.stop();
          } else {
            half.pass.stop();
          }
        })
        .catch(() => undefined); // a second half that cannot start: no join
      return { window: { at: at.at * output.channels, length: at.check * output.channels } };
    },
    onData: () => progress(),
  });

  function progress() {
    const firstFrames = seam ? Math.min(first.frames, seam.at) : first.frames;
    const secondFrames = secondPass && seam ? Math.max(0, secondPass.frames - seam.lead) : 0;
    report(firstFrames + secondFrames, first.output, first.probe);
  }

  try {
    const a = await first.done;
    const half = await second;
    if (opts.halves === 'always') await checked;
    if (!joined || !half || !seam) {
      return analysisOf(opts, a, a.frames, a.pairs);
    }
    const at: Seam = seam;
    let b: PassOutcome;
    try {
      b = await half.pass.done;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      // The first half was stopped at the seam and the second failed where one pass may not:
      // decode it all again, in one pass, and let that say what is wrong.
      return await analyse({ ...opts, halves: 'never' });
    } finally {
      half.reader.dispose();
    }
    const seamPairs = (at.at / framesPerBucketFor(a.output.sampleRate)) * 2;
    const pairs = new Int16Array(seamPairs + b.pairs.length);
    pairs.set(a.pairs.subarray(0, seamPairs));
    pairs.set(b.pairs, seamPairs);
    return analysisOf(opts, { ...a, damaged: a.damaged || b.damaged }, at.at + b.frames, pairs, at.at);
  } finally {
    over = true;
    const half = await second.catch(() => null);
    if (half) {
      half.pass.stop();
      half.reader.dispose();
    } else {
      void secondReader.then((r) => r?.dispose());
    }
  }
}
