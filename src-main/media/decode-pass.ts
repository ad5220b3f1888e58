/**
 * One ffmpeg process decoding a file to s16le PCM, and the peaks of what it decodes: the process
 * (started by the studio's one runner, `audio/ffmpeg/ffmpeg-process.ts`, with its stall limit and
 * cancelling), its stderr (the header is the probe), and the reduction of the PCM, either by a worker thread reading a FIFO (pcm-peaks-reader.ts) or by a PeakBuilder on
 * stdout here. analyse.ts runs one of these per file, or two for the two halves of a long one.
 */
import {
  FfmpegProcess,
  framesPerBucketFor,
  isMissingProgram,
  PeakBuilder,
  parseInputHeader,
  parseOutputStream,
  type FfmpegExit,
  type OutputStreamInfo,
  type ProbeInfo,
} from '../audio';
import { StudioError } from '../contract';
import { cancelled, classifyFailure, ffmpegMissing, noAudioDecoded, stalled } from './media-errors';
import type { PcmPeaksReader, ReaderPlan } from './pcm-peaks-reader';

/** What ffmpeg prints when it decodes damaged data (and still goes on). */
const DAMAGED =
  /Error while decoding|Invalid data found|Header missing|corrupt|invalid (?:frame|block|packet)/i;

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
  private readonly run: FfmpegProcess;
  private damaged = false;
  private builder: PeakBuilder | null = null;
  private started = false; // the PCM's format is known (builder made, or the reader started)
  private probeInfo: ProbeInfo | null = null;
  private outputInfo: OutputStreamInfo | null = null;
  private readonly pending: Buffer[] = [];
  /** Resolves once ffmpeg has exited and its PCM is reduced; rejects with a StudioError. */
  readonly done: Promise<PassOutcome>;

  constructor(private readonly opts: DecodePassOptions) {
    const { reader } = opts;
    try {
      this.run = new FfmpegProcess({
        ffmpeg: opts.ffmpeg,
        args: opts.args,
        stdout: reader ? reader.writeFd : 'pipe',
        signal: opts.signal,
        stallTimeoutMs: opts.stallTimeoutMs ?? 60_000,
        logHeadMax: 256 * 1024,
        logTailMax: 64 * 1024,
        onStderr: (text) => {
          if (DAMAGED.test(text)) this.damaged = true;
          // The reader keeps what it reads until it is told the format: tell it as soon as it is known.
          if (!this.started && (reader || this.pending.length > 0)) this.tryStart();
        },
      });
    } finally {
      reader?.spawned();
    }
    if (reader) {
      reader.onProgress = () => {
        this.run.alive();
        opts.onData?.();
      };
    }
    this.run.child.stdout?.on('data', (chunk: Buffer) => {
      if (this.builder || this.tryStart()) {
        this.builder?.push(chunk);
        opts.onData?.();
      } else {
        this.pending.push(chunk);
      }
    });
    this.done = this.run.exited.then((exit) => this.finish(exit));
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
    this.run.stop();
  }

  /** The header tells the PCM's rate and channels; until it is parsed, PCM waits. */
  private tryStart(): boolean {
    if (this.started) return true;
    const text = this.run.log.headText;
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

  private async finish({ ended, code, spawnError, log }: FfmpegExit): Promise<PassOutcome> {
    const { input, reader } = this.opts;
    if (ended === 'aborted') throw cancelled(input);
    if (spawnError) {
      if (isMissingProgram(spawnError)) throw ffmpegMissing();
      throw new StudioError(
        'INTERNAL',
        `Không chạy được ffmpeg (${spawnError.code ?? spawnError.message}). ` +
          'Hãy kiểm tra "Đường dẫn ffmpeg" ở màn hình Hệ thống (hoặc bấm "Tự tìm"), rồi thử lại.',
      );
    }
    if (ended === 'stalled') throw stalled(input);
    const text = log.text;
    if (!this.started) this.tryStart();
    if (code !== 0 && ended !== 'stopped') throw await classifyFailure(input, text);
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
    return { probe, output, pairs, frames, text, damaged: this.damaged };
  }
}
