/**
 * One encoder: an ffmpeg fed the bus's PCM on stdin, its output cut into frames (MP3) or pages
 * (Ogg), each placed on the bus's sample clock. Runs on the air's thread.
 *
 * Where a frame sits: the encoder's first input sample is bus sample `startSample`. An MP3 frame k
 * starts at startSample + 1152·k − the codec's delay; an Ogg page's audio starts at the previous
 * page's granule − Opus's pre-skip. So two encoders fed the same PCM from different moments agree
 * on where each frame's audio lies, which is what lets a spare take over without a gap or a repeat.
 */
import type { StreamCodec } from '../../contract';
import { FfmpegProcess } from '../../audio/ffmpeg/ffmpeg-process';
import { ENCODERS, encoderArgs } from './encoder-settings';
import { Mp3FrameSplitter, OggPageSplitter, opusPreSkip, type OggPage } from './frame-splitter';

export interface EncodedFrame {
  data: Buffer;
  /** Bus sample (48 kHz) of the frame's first decoded sample. */
  startSample: number;
  /** Samples the frame decodes to. */
  samples: number;
}

export interface EncoderProcessEvents {
  /** Ogg: the identification and comment pages, once both are out. MP3 has none (called with an empty buffer at once). */
  onHeader(header: Buffer): void;
  onFrames(frames: EncodedFrame[]): void;
  /** The process ended (killed, crashed, or stopped by us: see `stopped`). */
  onExit(why: string): void;
}

/** PCM waiting in front of a stopped encoder before it is judged hung: 0.5 s beyond the pipe's own 64 KiB. */
const MAX_BACKLOG_BYTES = 96_000;

export class EncoderProcess {
  readonly proc: FfmpegProcess;
  readonly pid: number | undefined;
  readonly startedAt = Date.now();
  /** When the first PCM went in (ms, Date.now()), and when the last output came. */
  firstInputAt: number | null = null;
  lastOutputAt: number | null = null;
  stopped = false;
  exited = false;
  header: Buffer | null = null;
  private readonly mp3 = new Mp3FrameSplitter();
  private readonly ogg = new OggPageSplitter();
  private readonly headerPages: Buffer[] = [];
  private mp3Frames = 0;
  private lastGranule = 0;
  private preSkip = 0;

  constructor(
    readonly codec: StreamCodec,
    ffmpeg: string,
    /** Bus sample of the first PCM this encoder is given. */
    readonly startSample: number,
    private readonly events: EncoderProcessEvents,
  ) {
    this.proc = new FfmpegProcess({ ffmpeg, args: encoderArgs(codec), stdin: 'pipe', logTailMax: 4096 });
    this.pid = this.proc.child.pid;
    // A write to an encoder that just died fails with EPIPE; its 'exit' is what the supervisor acts on.
    this.proc.child.stdin?.on('error', () => undefined);
    this.proc.child.stdout?.on('data', (chunk: Buffer) => this.output(chunk));
    // 'exit', not FfmpegProcess.exited (which waits for the pipes): a killed encoder is replaced at once.
    this.proc.child.once('exit', (code, signal) => this.ended(`exit ${code ?? signal}`));
    this.proc.child.once('error', (err) => this.ended(err.message));
    if (codec === 'mp3') {
      this.header = Buffer.alloc(0);
      queueMicrotask(() => this.events.onHeader(this.header!));
    }
  }

  /**
   * Gives the encoder PCM (whole frames); false when it has stopped taking it: gone, or, once it
   * has spoken, more than MAX_BACKLOG_BYTES behind (hung). A new ffmpeg may take seconds to read
   * its first byte on a busy machine: until it speaks, only `FIRST_OUTPUT_MS` (the supervisor's) judges it.
   */
  write(pcm: Buffer): boolean {
    const stdin = this.proc.child.stdin;
    if (this.exited || !stdin || stdin.destroyed) return false;
    if (this.lastOutputAt !== null && stdin.writableLength > MAX_BACKLOG_BYTES) return false;
    this.firstInputAt ??= Date.now();
    stdin.write(pcm);
    return true;
  }

  /** Stops the encoder for good (its exit is then no failure). */
  stop(): void {
    this.stopped = true;
    this.proc.stop();
  }

  private ended(why: string): void {
    if (this.exited) return;
    this.exited = true;
    this.events.onExit(why);
  }

  private output(chunk: Buffer): void {
    this.lastOutputAt = Date.now();
    if (this.codec === 'mp3') {
      const frames = this.mp3.push(chunk).map((f) => {
        const start = this.startSample + this.mp3Frames * f.samples - ENCODERS.mp3.delaySamples;
        this.mp3Frames++;
        return { data: f.data, startSample: start, samples: f.samples };
      });
      if (frames.length > 0) this.events.onFrames(frames);
      return;
    }
    const frames: EncodedFrame[] = [];
    for (const page of this.ogg.push(chunk)) {
      if (this.header === null) {
        this.headerPage(page);
        continue;
      }
      const granule = page.granule < 0 ? this.lastGranule : page.granule;
      frames.push({
        data: page.data,
        startSample: this.startSample + this.lastGranule - this.preSkip,
        samples: granule - this.lastGranule,
      });
      this.lastGranule = granule;
    }
    if (frames.length > 0) this.events.onFrames(frames);
  }

  private headerPage(page: OggPage): void {
    this.headerPages.push(page.data);
    const kind = page.firstBytes.toString('latin1', 0, 8);
    if (kind === 'OpusHead') this.preSkip = opusPreSkip(page);
    // ffmpeg's OpusTags (its name and version) fits one page: the header ends there.
    if (kind === 'OpusTags') {
      this.header = Buffer.concat(this.headerPages);
      this.events.onHeader(this.header);
    }
  }
}
