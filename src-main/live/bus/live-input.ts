/**
 * A live input on the feed thread: a program that writes PCM in real time (ffmpeg reading a relay's
 * URL, sox reading the microphone) copied into a source's ring, and started again with jittered
 * backoff (platform/backoff.ts) whenever it ends, fails or goes quiet. Unlike a file, a live input
 * is never paused by a full ring: its upstream does not wait for us, so what does not fit is
 * dropped (counted), and the ring's depth bounds how late the source can run. Its ring ends only
 * when the source goes; between attempts the bus plays silence for it (a live source drains).
 *
 * Every change of its link is reported (`up` once audio flows, `down` with why and when the next
 * attempt comes), with the reconnections so far: what the desk shows as LiveSource.error and
 * LiveSource.reconnects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { backoffDelay } from '../../platform/backoff';
import { BYTES_PER_FRAME } from './format';
import type { PcmRing } from './pcm-ring';

/** A program writing raw s16le PCM at 48 kHz to stdout, mono or stereo, until it is killed. */
export interface InputCommand {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** 1: each sample goes to both of the bus's channels, at the same level. */
  channels: 1 | 2;
}

export interface LinkReport {
  state: 'up' | 'down';
  /** Attempts after the first that brought audio back (a link that comes back counts once). */
  reconnects: number;
  /** Why it is down, in Vietnamese; null while up. */
  error: string | null;
  /** When down: the wait before the next attempt. */
  retryInMs: number | null;
}

export interface LiveInputOptions {
  command: InputCommand;
  ring: PcmRing;
  /** What the operator reads in a failure: "nguồn tiếp sóng http://…", "micro mặc định". */
  label: string;
  onLink: (report: LinkReport) => void;
  /** An attempt that brings no audio for this long is ended and tried again (default 5 s). */
  quietMs?: number;
  /** Backoff: first wait and cap (default 500 ms, 10 s). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** Audio for this long makes the link healthy again: the next failure waits the first wait. */
  healthyMs?: number;
}

const STDERR_KEEP = 2048;

export class LiveInput {
  private child: ChildProcess | null = null;
  private retry: NodeJS.Timeout | null = null;
  private quiet: NodeJS.Timeout | null = null;
  private disposed = false;
  /** Failed attempts in a row (reset once the link has been healthy). */
  private failures = 0;
  private reconnects = 0;
  private everUp = false;
  private up = false;
  /** Bytes dropped because the ring was full (the bus fell behind the input). */
  dropped = 0;
  /** Half a frame of a mono input, or an odd byte, waiting for the rest. */
  private carry: Buffer | null = null;

  constructor(private readonly opts: LiveInputOptions) {
    this.attempt();
  }

  /** The program's pid now (tests find it to kill it), or null between attempts. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Called by the feed thread's pump: nothing waits (a live input drops what does not fit). */
  pump(): void {}

  dispose(): void {
    this.disposed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.quiet) clearTimeout(this.quiet);
    this.child?.kill('SIGKILL');
    this.child = null;
    this.opts.ring.end();
  }

  private attempt(): void {
    this.retry = null;
    if (this.disposed) return;
    const { command } = this.opts;
    const healthyBytes = (this.opts.healthyMs ?? 3000) * 48 * BYTES_PER_FRAME;
    let received = 0;
    let stderr = '';
    let spawnError: NodeJS.ErrnoException | null = null;
    let quietEnded = false;
    const child = spawn(command.cmd, command.args, {
      env: command.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.carry = null;
    const armQuiet = () => {
      if (this.quiet) clearTimeout(this.quiet);
      this.quiet = setTimeout(() => {
        quietEnded = true;
        child.kill('SIGKILL');
      }, this.opts.quietMs ?? 5000);
    };
    armQuiet();
    child.on('error', (err: NodeJS.ErrnoException) => (spawnError = err));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (t: string) => (stderr = (stderr + t).slice(-STDERR_KEEP)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.child !== child) return;
      armQuiet();
      const before = received;
      received += chunk.length;
      if (!this.up) {
        this.up = true;
        if (this.everUp) this.reconnects++;
        this.everUp = true;
        this.opts.onLink({ state: 'up', reconnects: this.reconnects, error: null, retryInMs: null });
      }
      if (before < healthyBytes && received >= healthyBytes) this.failures = 0;
      this.write(command.channels === 1 ? this.upmix(chunk) : this.whole(chunk));
    });
    child.once('close', (code, signal) => {
      if (this.child === child) this.child = null;
      if (this.quiet) clearTimeout(this.quiet);
      if (this.disposed) return;
      const why = quietEnded
        ? `không nhận được âm thanh trong ${formatSeconds(this.opts.quietMs ?? 5000)} giây`
        : spawnError
          ? `không chạy được ${path.basename(command.cmd)} (${spawnError.code ?? spawnError.message})`
          : `${path.basename(command.cmd)}: ${lastLine(stderr) ?? `dừng (${code ?? signal})`}`;
      this.failures++;
      this.up = false;
      const wait = backoffDelay(this.failures, this.opts.retryBaseMs ?? 500, this.opts.retryCapMs ?? 10_000);
      this.opts.onLink({
        state: 'down',
        reconnects: this.reconnects,
        error: `Mất ${this.opts.label}, thử lại sau ${formatSeconds(wait)} giây (${why}).`,
        retryInMs: wait,
      });
      this.retry = setTimeout(() => this.attempt(), wait);
    });
  }

  /** Stereo as it comes, whole frames only (a pipe may cut a frame in two). */
  private whole(chunk: Buffer): Buffer {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = data.length - (data.length % BYTES_PER_FRAME);
    this.carry = usable < data.length ? Buffer.from(data.subarray(usable)) : null;
    return data.subarray(0, usable);
  }

  /**
   * Mono to the bus's stereo: the same sample in both channels, so a voice keeps its level in each
   * (halving it "to keep the power" would put a mono microphone 6 dB under a stereo one).
   */
  private upmix(chunk: Buffer): Buffer {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const samples = data.length >> 1;
    this.carry = data.length % 2 ? Buffer.from(data.subarray(data.length - 1)) : null;
    const out = Buffer.allocUnsafe(samples * BYTES_PER_FRAME);
    for (let i = 0; i < samples; i++) {
      const lo = data[2 * i] as number;
      const hi = data[2 * i + 1] as number;
      out[4 * i] = lo;
      out[4 * i + 1] = hi;
      out[4 * i + 2] = lo;
      out[4 * i + 3] = hi;
    }
    return out;
  }

  private write(pcm: Buffer): void {
    // Whole frames only (the ring keeps one byte free, so its space is not always whole frames),
    // or the channels would swap for the rest of the stream.
    const space = this.opts.ring.space();
    const fit = Math.min(pcm.length, space - (space % BYTES_PER_FRAME));
    if (fit > 0) this.opts.ring.write(pcm.subarray(0, fit));
    this.dropped += pcm.length - fit;
  }
}

function lastLine(text: string): string | null {
  const line = text.trim().split('\n').pop()?.trim();
  return line ? line : null;
}

function formatSeconds(ms: number): string {
  return (ms / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
}
