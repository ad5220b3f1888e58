/**
 * One decoding pass per file. A single ffmpeg process decodes the first audio stream once; the
 * `ebur128` filter measures loudness on the way through (it passes the audio on unchanged), and the
 * same audio comes out on stdout as interleaved s16le, which Node turns into waveform peaks as it
 * streams. The input header on stderr is the probe (ffmpeg-static has no ffprobe).
 *
 *   ffmpeg -i FILE -map 0:a:0 -af ebur128=peak=sample:framelog=verbose -flush_packets 0 -f s16le pipe:1
 *
 * `framelog=verbose` keeps ebur128's ten-a-second frame log off stderr; its summary still comes.
 *
 * A long file's PCM (635 MB an hour of CD-quality stereo) goes through a FIFO to a worker thread
 * instead (pcm-peaks-reader.ts), so that the main thread does none of that work and the peaks cost
 * little more than ffmpeg's decoding. Short files keep the stdout stream: starting a worker costs
 * more than their PCM does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Loudness } from '../contract';
import { StudioError } from '../contract';
import {
  parseEbur128Summary,
  parseInputHeader,
  parseOutputStream,
  type OutputStreamInfo,
  type ProbeInfo,
} from './ffmpeg-output';
import { cancelled, classifyFailure, ffmpegMissing, noAudioDecoded, stalled } from './media-errors';
import { openPcmPeaksReader, type PcmPeaksReader } from './pcm-peaks-reader';
import { framesPerBucketFor, PeakBuilder, peaksFromBase, type PeaksData } from './peaks';

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
}

/** Keeps the start of stderr (the header) and a rolling tail (the summary, the last errors). */
class StderrLog {
  private head = '';
  private tail = '';
  damaged = false;
  constructor(
    private readonly headMax = 256 * 1024,
    private readonly tailMax = 64 * 1024,
  ) {}

  add(text: string): void {
    if (
      /Error while decoding|Invalid data found|Header missing|corrupt|invalid (?:frame|block|packet)/i.test(
        text,
      )
    ) {
      this.damaged = true;
    }
    if (this.head.length < this.headMax) {
      const room = this.headMax - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (text.length > 0) this.tail = (this.tail + text).slice(-this.tailMax);
  }

  get headText(): string {
    return this.head;
  }

  get text(): string {
    return this.tail.length === 0 ? this.head : `${this.head}\n${this.tail}`;
  }
}

export function analysisArgs(input: string, loudness: boolean): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
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
    return await run(opts, reader);
  } finally {
    reader?.dispose();
  }
}

/**
 * The ffmpeg process. With a `reader`, ffmpeg's stdout is the reader's pipe; without one, the PCM
 * arrives on stdout and a PeakBuilder reduces it here.
 */
function run(opts: AnalyseOptions, reader: PcmPeaksReader | null): Promise<Analysis> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(cancelled(opts.input));
      return;
    }
    let child: ChildProcess;
    try {
      child = spawn(opts.ffmpeg, analysisArgs(opts.input, opts.loudness), {
        stdio: ['ignore', reader ? reader.writeFd : 'pipe', 'pipe'],
        windowsHide: true,
      });
    } finally {
      reader?.spawned();
    }
    const log = new StderrLog();
    let builder: PeakBuilder | null = null;
    let started = false; // the PCM's format is known (builder made, or the reader started)
    let probe: ProbeInfo | null = null;
    let output: OutputStreamInfo | null = null;
    const pending: Buffer[] = [];
    let spawnError: NodeJS.ErrnoException | null = null;
    let aborted = false;
    let stalledOut = false;
    let lastProgress = 0;

    const stallMs = opts.stallTimeoutMs ?? 60_000;
    let stallTimer = setTimeout(onStall, stallMs);
    function onStall() {
      stalledOut = true;
      child.kill('SIGKILL');
    }
    const alive = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(onStall, stallMs);
    };

    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    /** The header tells the PCM's rate and channels; until it is parsed, PCM waits in `pending`. */
    const tryStart = (): boolean => {
      if (started) return true;
      const text = log.headText;
      output = parseOutputStream(text);
      if (!output) return false;
      probe = parseInputHeader(text);
      started = true;
      if (reader) {
        reader.start(framesPerBucketFor(output.sampleRate) * output.channels);
        return true;
      }
      builder = new PeakBuilder(output.sampleRate, output.channels, probe?.headerDurationSec ?? null);
      for (const chunk of pending) builder.push(chunk);
      pending.length = 0;
      return true;
    };

    /** Frames of PCM reduced or read so far. */
    const frames = (): number => {
      if (builder) return builder.frames;
      if (!output || !reader) return 0;
      return Math.floor(reader.bytesRead / 2 / output.channels);
    };
    const report = () => {
      if (!output || !opts.onProgress) return;
      const now = Date.now();
      if (now - lastProgress < 100) return;
      lastProgress = now;
      opts.onProgress(frames() / output.sampleRate, probe?.headerDurationSec ?? null);
    };
    if (reader) {
      reader.onProgress = () => {
        alive();
        report();
      };
    }

    child.stdout?.on('data', (chunk: Buffer) => {
      alive();
      if (builder || tryStart()) {
        (builder as PeakBuilder | null)?.push(chunk);
        report();
      } else {
        pending.push(chunk);
      }
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      alive();
      log.add(text);
      // The reader keeps what it reads until it is told the format: tell it as soon as it is known.
      if (!started && (reader || pending.length > 0)) tryStart();
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
    });
    child.on('close', (code) => {
      clearTimeout(stallTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      void finish(code);
    });

    const finish = async (code: number | null) => {
      try {
        if (aborted) throw cancelled(opts.input);
        if (spawnError) {
          if (spawnError.code === 'ENOENT' || spawnError.code === 'EACCES') throw ffmpegMissing();
          throw new StudioError(
            'INTERNAL',
            `Không chạy được ffmpeg (${spawnError.code ?? spawnError.message}).`,
          );
        }
        if (stalledOut) throw stalled(opts.input);
        const text = log.text;
        if (!started) tryStart();
        if (code !== 0) throw await classifyFailure(opts.input, text);
        const p = probe ?? parseInputHeader(text);
        const out = output as OutputStreamInfo | null;
        if (!started || !p || !out) throw noAudioDecoded(opts.input);
        let peaks: PeaksData;
        if (reader) {
          const { pairs, samples } = await reader.result;
          const total = Math.floor(samples / out.channels);
          if (!pairs || total === 0) throw noAudioDecoded(opts.input);
          peaks = peaksFromBase(out.sampleRate, out.channels, total, pairs);
        } else {
          const b = builder as PeakBuilder | null;
          if (!b || b.frames === 0) throw noAudioDecoded(opts.input);
          peaks = b.finish();
        }
        resolve({
          probe: p,
          output: out,
          durationSec: peaks.totalFrames / peaks.sampleRate,
          loudness: opts.loudness ? parseEbur128Summary(text) : null,
          peaks,
          damaged: log.damaged,
        });
      } catch (err) {
        reject(err);
      }
    };
  });
}
