/**
 * One decoding pass per file. A single ffmpeg process decodes the first audio stream once; the
 * `ebur128` filter measures loudness on the way through (it passes the audio on unchanged), and the
 * same audio comes out on stdout as interleaved s16le, which Node turns into waveform peaks as it
 * streams. The input header on stderr is the probe (ffmpeg-static has no ffprobe).
 *
 *   ffmpeg -i FILE -map 0:a:0 -af ebur128=peak=sample:framelog=verbose -flush_packets 0 -f s16le pipe:1
 *
 * `framelog=verbose` keeps ebur128's ten-a-second frame log off stderr; its summary still comes.
 */
import { spawn } from 'node:child_process';
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
import { PeakBuilder, type PeaksData } from './peaks';

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

/** Runs the pass. Throws a StudioError (MEDIA_*, FFMPEG_MISSING, CANCELLED) when it cannot. */
export function analyse(opts: AnalyseOptions): Promise<Analysis> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(cancelled(opts.input));
      return;
    }
    const child = spawn(opts.ffmpeg, analysisArgs(opts.input, opts.loudness), {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const log = new StderrLog();
    let builder: PeakBuilder | null = null;
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
      if (builder) return true;
      const text = log.headText;
      output = parseOutputStream(text);
      if (!output) return false;
      probe = parseInputHeader(text);
      builder = new PeakBuilder(output.sampleRate, output.channels, probe?.headerDurationSec ?? null);
      for (const chunk of pending) builder.push(chunk);
      pending.length = 0;
      return true;
    };

    const report = () => {
      if (!builder || !opts.onProgress) return;
      const now = Date.now();
      if (now - lastProgress < 100) return;
      lastProgress = now;
      opts.onProgress(builder.frames / builder.sampleRate, probe?.headerDurationSec ?? null);
    };

    child.stdout.on('data', (chunk: Buffer) => {
      alive();
      if (builder || tryStart()) {
        (builder as PeakBuilder | null)?.push(chunk);
        report();
      } else {
        pending.push(chunk);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      alive();
      log.add(text);
      if (!builder && pending.length > 0) tryStart();
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
        if (!builder) tryStart();
        if (code !== 0) throw await classifyFailure(opts.input, text);
        const b = builder as PeakBuilder | null;
        const p = probe ?? parseInputHeader(text);
        if (!b || !p || !output || b.frames === 0) throw noAudioDecoded(opts.input);
        const peaks = b.finish();
        resolve({
          probe: p,
          output,
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
