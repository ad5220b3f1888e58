/**
 * One ffmpeg process decoding a file to s16le PCM, and the peaks of what it decodes: the child,
 * its stderr (the header is the probe), the stall watchdog, cancelling, and the reduction of the
 * PCM, either by a worker thread reading a FIFO (pcm-peaks-reader.ts) or by a PeakBuilder on
 * stdout here. analyse.ts runs one of these per file, or two for the two halves of a long one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { StudioError } from '../contract';
import { parseInputHeader, parseOutputStream, type OutputStreamInfo, type ProbeInfo } from './ffmpeg-output';
import { cancelled, classifyFailure, ffmpegMissing, noAudioDecoded, stalled } from './media-errors';
import type { PcmPeaksReader, ReaderPlan } from './pcm-peaks-reader';
import { framesPerBucketFor, PeakBuilder } from './peaks';

/** Keeps the start of stderr (the header) and a rolling tail (the summary, the last errors). */
export class StderrLog {
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

export interface DecodePassOptions {
  ffmpeg: string;
  input: string;
  args: string[];
  /** Reduces the PCM from a FIFO; null reads ffmpeg's stdout with a PeakBuilder. */
  reader: PcmPeaksReader | null;
  signal?: AbortSignal;
  /** Kill ffmpeg when it prints and outputs nothing for this long. */
  stallTimeoutMs?: number;
  /** Once the header tells the PCM's format: what the reader should skip and keep (reader only). */
  onFormat?: (output: OutputStreamInfo, probe: ProbeInfo | null) => ReaderPlan | undefined;
  /** Called as PCM arrives (often: the caller throttles). */
  onData?: () => void;
}

/** What a pass decoded: level 0's `[min, max]` pairs over `frames` frames, and what stderr said. */
export interface PassOutcome {
  probe: ProbeInfo;
  output: OutputStreamInfo;
  pairs: Int16Array;
  frames: number;
  /** stderr's head and tail. */
  text: string;
  /** ffmpeg reported damaged data but still decoded audio. */
  damaged: boolean;
}

export class DecodePass {
  private readonly child: ChildProcess;
  private readonly log = new StderrLog();
  private builder: PeakBuilder | null = null;
  private started = false; // the PCM's format is known (builder made, or the reader started)
  private probeInfo: ProbeInfo | null = null;
  private outputInfo: OutputStreamInfo | null = null;
  private readonly pending: Buffer[] = [];
  private spawnError: NodeJS.ErrnoException | null = null;
  private aborted = false;
  private stalledOut = false;
  private stoppedEarly = false;
  private stallTimer: NodeJS.Timeout;
  /** Resolves once ffmpeg has exited and its PCM is reduced; rejects with a StudioError. */
  readonly done: Promise<PassOutcome>;

  constructor(private readonly opts: DecodePassOptions) {
    const { reader } = opts;
    try {
      this.child = spawn(opts.ffmpeg, opts.args, {
        stdio: ['ignore', reader ? reader.writeFd : 'pipe', 'pipe'],
        windowsHide: true,
      });
    } finally {
      reader?.spawned();
    }
    const stallMs = opts.stallTimeoutMs ?? 60_000;
    const onStall = () => {
      this.stalledOut = true;
      this.child.kill('SIGKILL');
    };
    this.stallTimer = setTimeout(onStall, stallMs);
    const alive = () => {
      clearTimeout(this.stallTimer);
      this.stallTimer = setTimeout(onStall, stallMs);
    };
    const onAbort = () => {
      this.aborted = true;
      this.child.kill('SIGKILL');
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    if (reader) {
      reader.onProgress = () => {
        alive();
        opts.onData?.();
      };
    }
    this.child.stdout?.on('data', (chunk: Buffer) => {
      alive();
      if (this.builder || this.tryStart()) {
        this.builder?.push(chunk);
        opts.onData?.();
      } else {
        this.pending.push(chunk);
      }
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      alive();
      this.log.add(text);
      // The reader keeps what it reads until it is told the format: tell it as soon as it is known.
      if (!this.started && (reader || this.pending.length > 0)) this.tryStart();
    });
    this.child.on('error', (err: NodeJS.ErrnoException) => {
      this.spawnError = err;
    });
    this.done = new Promise((resolve, reject) => {
      this.child.on('close', (code) => {
        clearTimeout(this.stallTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.finish(code).then(resolve, reject);
      });
    });
    // A pass the caller stops and drops must not leave an unhandled rejection behind.
    this.done.catch(() => undefined);
  }

  get output(): OutputStreamInfo | null {
    return this.outputInfo;
  }

  get probe(): ProbeInfo | null {
    return this.probeInfo;
  }

  /** Frames of PCM reduced or read so far. */
  get frames(): number {
    if (this.builder) return this.builder.frames;
    const { reader } = this.opts;
    if (!this.outputInfo || !reader) return 0;
    return Math.floor(reader.bytesRead / 2 / this.outputInfo.channels);
  }

  /**
   * Ends the pass where it is, on purpose: `done` then gives what was reduced so far (the frames
   * counted are those the reader had) instead of an error for the killed process.
   */
  stop(): void {
    this.stoppedEarly = true;
    this.child.kill('SIGKILL');
  }

  /** The header tells the PCM's rate and channels; until it is parsed, PCM waits. */
  private tryStart(): boolean {
    if (this.started) return true;
    const text = this.log.headText;
    const output = parseOutputStream(text);
    if (!output) return false;
    this.outputInfo = output;
    this.probeInfo = parseInputHeader(text);
    this.started = true;
    const plan = this.opts.onFormat?.(output, this.probeInfo);
    const { reader } = this.opts;
    if (reader) {
      reader.start(framesPerBucketFor(output.sampleRate) * output.channels, plan);
      return true;
    }
    const builder = new PeakBuilder(
      output.sampleRate,
      output.channels,
      this.probeInfo?.headerDurationSec ?? null,
    );
    for (const chunk of this.pending) builder.push(chunk);
    this.pending.length = 0;
    this.builder = builder;
    return true;
  }

  private async finish(code: number | null): Promise<PassOutcome> {
    const { input, reader } = this.opts;
    if (this.aborted) throw cancelled(input);
    if (this.spawnError) {
      if (this.spawnError.code === 'ENOENT' || this.spawnError.code === 'EACCES') throw ffmpegMissing();
      throw new StudioError(
        'INTERNAL',
        `Không chạy được ffmpeg (${this.spawnError.code ?? this.spawnError.message}). ` +
          'Hãy kiểm tra "Đường dẫn ffmpeg" ở màn hình Hệ thống (hoặc bấm "Tự tìm"), rồi thử lại.',
      );
    }
    if (this.stalledOut) throw stalled(input);
    const text = this.log.text;
    if (!this.started) this.tryStart();
    if (code !== 0 && !this.stoppedEarly) throw await classifyFailure(input, text);
    const probe = this.probeInfo ?? parseInputHeader(text);
    const output = this.outputInfo;
    if (!this.started || !probe || !output) throw noAudioDecoded(input);
    let pairs: Int16Array | null;
    let frames: number;
    if (reader) {
      const r = await reader.result;
      pairs = r.pairs;
      frames = Math.floor(r.samples / output.channels);
    } else {
      const base = this.builder?.finishBase() ?? null;
      pairs = base?.pairs ?? null;
      frames = base?.frames ?? 0;
    }
    if (!pairs || frames === 0) throw noAudioDecoded(input);
    return { probe, output, pairs, frames, text, damaged: this.log.damaged };
  }
}
