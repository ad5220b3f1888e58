/**
 * The one place the studio starts ffmpeg: the child, its log (the start, where the probe is, and a
 * rolling tail, where the summary and the last errors are), its progress, cancelling by AbortSignal
 * (the process is killed: no ffmpeg is left running), a lower CPU priority for work beside what
 * the user waits for, and a stall limit. Renders (`run-graph.ts`), decode passes
 * (`media/decode-pass.ts`) and the measure of a file as it is written all run through it; each
 * turns the way ffmpeg ended into its own message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
// From its own module, not the contract's index: the live threads start this file and would load
// zod and every schema (a second and more from the sources on a busy machine) for one number.
import { EDIT_SAMPLE_RATE } from '../../contract/edit-models';

/** Keeps the start of ffmpeg's stderr (the header) and a rolling tail (the summary, the last errors). */
export class FfmpegLog {
  private head = '';
  private tail = '';
  constructor(
    private readonly headMax = 0,
    private readonly tailMax = 64 * 1024,
  ) {}

  add(text: string): void {
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

  /** The end of the log (all of it while it is shorter than the tail). */
  get tailText(): string {
    return this.tail;
  }

  /** Head and tail (with a line between them when both hold something). */
  get text(): string {
    if (this.tail.length === 0) return this.head;
    return this.head.length === 0 ? this.tail : `${this.head}\n${this.tail}`;
  }
}

export interface FfmpegProcessOptions {
  ffmpeg: string;
  /** Every argument after the program's name. */
  args: string[];
  cwd?: string;
  /** `pipe`: the caller writes ffmpeg's input on `stdin`. */
  stdin?: 'ignore' | 'pipe';
  /** `pipe` (the caller or `progress` reads it), `ignore`, or a file descriptor ffmpeg writes to. */
  stdout?: 'pipe' | 'ignore' | number;
  signal?: AbortSignal;
  /**
   * Work beside what the user waits for (a check, a measure): at a lower CPU priority, so that on a
   * busy machine the file the user waits for gets the cores first.
   */
  background?: boolean;
  /** Kill ffmpeg when it prints and outputs nothing for this long (see `alive()` for other signs). */
  stallTimeoutMs?: number;
  /**
   * Progress from `-progress pipe:1` lines on stdout (the caller puts that option in `args`): the
   * fraction of `expectedSamples` (48 kHz) written, at most five times a second.
   */
  progress?: { expectedSamples: number; onProgress: (fraction: number) => void };
  /** How much of stderr's start to keep (`log.headText`); 0 keeps only the tail. */
  logHeadMax?: number;
  logTailMax?: number;
  /** Each piece of stderr as it comes. */
  onStderr?: (text: string) => void;
  /** Each complete line of stderr. */
  onLogLine?: (line: string) => void;
}

/** How a run ended. `ended` says who ended it: ffmpeg itself, the caller's signal, the stall limit, `stop()`. */
export interface FfmpegExit {
  ended: 'exited' | 'aborted' | 'stalled' | 'stopped' | 'failed-to-start';
  /** ffmpeg's exit status (`null` when it was killed). */
  code: number | null;
  /** Why the program could not be started (with `failed-to-start`). */
  spawnError: NodeJS.ErrnoException | null;
  log: FfmpegLog;
}

/** The niceness of background runs (Unix nice 10; Windows "below normal"). */
const BACKGROUND_PRIORITY = 10;

/** Lowers a child's CPU priority; a system that refuses leaves it as it is. */
export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    os.setPriority(pid, BACKGROUND_PRIORITY);
  } catch {
    // Not allowed or not supported here: the run is still correct, only less polite.
  }
}

/** The program is not there or may not be run: the user should point the studio at an ffmpeg. */
export function isMissingProgram(err: NodeJS.ErrnoException | null): boolean {
  return err?.code === 'ENOENT' || err?.code === 'EACCES';
}

export class FfmpegProcess {
  readonly child: ChildProcess;
  readonly log: FfmpegLog;
  /** Resolves once ffmpeg has exited and its pipes are closed; never rejects. */
  readonly exited: Promise<FfmpegExit>;
  private ended: FfmpegExit['ended'] | null = null;
  private spawnError: NodeJS.ErrnoException | null = null;
  private lastSign = Date.now();
  private stallTimer: NodeJS.Timeout | null = null;

  constructor(opts: FfmpegProcessOptions) {
    this.log = new FfmpegLog(opts.logHeadMax ?? 0, opts.logTailMax ?? 64 * 1024);
    this.child = spawn(opts.ffmpeg, opts.args, {
      cwd: opts.cwd,
      stdio: [opts.stdin ?? 'ignore', opts.stdout ?? 'pipe', 'pipe'],
      windowsHide: true,
    });
    if (opts.background) lowerPriority(this.child.pid);

    const stallMs = opts.stallTimeoutMs;
    if (stallMs !== undefined) {
      // One timer, re-armed only when it fires: a sign of life is a clock reading, not a new timer.
      const check = () => {
        const quiet = Date.now() - this.lastSign;
        if (quiet >= stallMs) this.kill('stalled');
        else this.stallTimer = setTimeout(check, stallMs - quiet);
      };
      this.stallTimer = setTimeout(check, stallMs);
    }
    const onAbort = () => this.kill('aborted');
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const { progress } = opts;
    // Read even when nobody wants the progress: a full pipe would hold ffmpeg up.
    if (this.child.stdout) {
      if (progress) this.readProgress(this.child.stdout, progress);
      else this.child.stdout.on('data', () => this.alive());
    }
    let partial = '';
    const stderr = this.child.stderr;
    stderr?.setEncoding('utf8');
    stderr?.on('data', (text: string) => {
      this.lastSign = Date.now();
      this.log.add(text);
      opts.onStderr?.(text);
      if (opts.onLogLine) {
        partial += text;
        const lines = partial.split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) opts.onLogLine(line);
      }
    });
    this.child.on('error', (err: NodeJS.ErrnoException) => {
      this.spawnError = err;
    });
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        if (this.stallTimer) clearTimeout(this.stallTimer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (partial && opts.onLogLine) opts.onLogLine(partial);
        const ended = this.ended ?? (this.spawnError ? 'failed-to-start' : 'exited');
        resolve({ ended, code, spawnError: this.spawnError, log: this.log });
      });
    });
  }

  /** A sign of life seen elsewhere (a reader of ffmpeg's output file): the stall limit starts again. */
  alive(): void {
    this.lastSign = Date.now();
  }

  /** Ends the run on purpose (the caller has what it needs): `exited` says `stopped`. */
  stop(): void {
    this.kill('stopped');
  }

  private kill(why: 'aborted' | 'stalled' | 'stopped'): void {
    // The caller's cancel says what happened even after a stop or a stall: it is what they asked.
    if (why === 'aborted' || this.ended === null) this.ended = why;
    this.child.kill('SIGKILL');
  }

  private readProgress(
    stdout: NodeJS.ReadableStream,
    progress: NonNullable<FfmpegProcessOptions['progress']>,
  ): void {
    const totalUs = (progress.expectedSamples / EDIT_SAMPLE_RATE) * 1e6;
    let lastReport = 0;
    let buf = '';
    stdout.setEncoding('utf8');
    stdout.on('data', (text: string) => {
      this.lastSign = Date.now();
      buf += text;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^out_time_us=(\d+)/.exec(line);
        if (m && totalUs > 0) {
          const now = Date.now();
          if (now - lastReport >= 200) {
            lastReport = now;
            progress.onProgress(Math.min(1, Number(m[1]) / totalUs));
          }
        }
      }
    });
  }
}
