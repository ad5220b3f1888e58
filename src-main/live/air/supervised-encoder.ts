/**
 * One codec's encoder on one channel, kept on the air: a live encoder and a warm spare, both fed
 * the same PCM. The spare's frames are kept for a second and otherwise thrown away; when the live
 * encoder dies (killed, crashed) or hangs (takes no PCM, gives no output), the spare goes on air
 * at once, from its first frame after the last one listeners got, and a new spare starts. A cold
 * encoder takes from 100 ms to a second to speak on a busy machine; the warm one already does.
 *
 * Runs on the air's thread: nothing here waits for main.
 */
import type { StreamCodec } from '../../contract';
import { backoffDelay } from '../../platform/backoff';
import type { AirEvent } from './air-protocol';
import { EncoderProcess, type EncodedFrame } from './encoder-process';

export interface EncoderSink {
  /** A stream header; `restart`: it begins a new encoder's stream (after the first). */
  header(header: Buffer, restart: boolean): void;
  frames(frames: EncodedFrame[]): void;
  event(event: AirEvent): void;
}

/** How much of the spare's output is kept for a takeover (48 kHz samples: one second). */
const SPARE_KEEP_SAMPLES = 48_000;
/** An encoder that gave nothing this long is hung: it is replaced. */
const STALL_MS = 2_000;
/** A new ffmpeg may take seconds to start on a busy machine: its first output is waited for longer. */
const FIRST_OUTPUT_MS = 8_000;
/** An encoder that died sooner than this after its start counts toward the respawn backoff. */
const QUICK_DEATH_MS = 5_000;

export class SupervisedEncoder {
  private live: EncoderProcess | null = null;
  private spare: EncoderProcess | null = null;
  private spareFrames: EncodedFrame[] = [];
  /** Bus sample where the last frame on air ended. */
  private airedEnd: number | null = null;
  private headerSent = false;
  private quickDeaths = 0;
  private spareTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Bus sample of the next PCM to be fed. */
  private position = 0;

  constructor(
    readonly codec: StreamCodec,
    private readonly ffmpeg: string,
    private readonly withSpare: boolean,
    private readonly sink: EncoderSink,
  ) {}

  start(position: number): void {
    this.position = position;
    this.live = this.spawn('live');
    if (this.withSpare) this.spare = this.spawn('spare');
  }

  /** The bus's PCM from sample `position` on (whole stereo frames), to both encoders. */
  feed(pcm: Buffer, position: number): void {
    this.position = position + pcm.length / 4;
    const now = Date.now();
    const live = this.live;
    if (live && !live.exited && (!live.write(pcm) || stalled(live, now))) this.fail(live, 'hung');
    const spare = this.spare;
    if (spare && !spare.exited && (!spare.write(pcm) || stalled(spare, now))) this.fail(spare, 'hung');
  }

  /** Pids now (tests find the live encoder's ffmpeg by it). */
  pids(): { live: number | undefined; spare: number | undefined } {
    return { live: this.live?.pid, spare: this.spare?.pid };
  }

  close(): void {
    this.closed = true;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.live?.stop();
    this.spare?.stop();
  }

  private spawn(role: 'live' | 'spare'): EncoderProcess {
    const enc: EncoderProcess = new EncoderProcess(this.codec, this.ffmpeg, this.position, {
      onHeader: (header) => {
        if (enc === this.live) this.sendHeader(header);
      },
      onFrames: (frames) => {
        if (enc === this.live) this.air(frames);
        else if (enc === this.spare) this.keep(frames);
      },
      onExit: (why) => this.exited(enc, why),
    });
    this.sink.event({ type: 'started', codec: this.codec, role, pid: enc.pid });
    return enc;
  }

  private sendHeader(header: Buffer): void {
    this.sink.header(header, this.headerSent);
    this.headerSent = true;
  }

  /** Frames of the live encoder to the listeners, from where the last one on air ended. */
  private air(frames: EncodedFrame[]): void {
    const fresh =
      this.airedEnd === null ? frames : frames.filter((f) => f.startSample + f.samples / 2 > this.airedEnd!);
    if (fresh.length === 0) return;
    const last = fresh[fresh.length - 1]!;
    this.airedEnd = last.startSample + last.samples;
    this.sink.frames(fresh);
  }

  private keep(frames: EncodedFrame[]): void {
    this.spareFrames.push(...frames);
    const newest = this.spareFrames[this.spareFrames.length - 1]!;
    const from = newest.startSample + newest.samples - SPARE_KEEP_SAMPLES;
    let drop = 0;
    while (drop < this.spareFrames.length && this.spareFrames[drop]!.startSample < from) drop++;
    if (drop > 0) this.spareFrames.splice(0, drop);
  }

  private fail(enc: EncoderProcess, why: string): void {
    // Killed as a failure (hung), not stopped: its exit hands over like a crash's.
    enc.proc.child.kill('SIGKILL');
    this.exited(enc, why);
  }

  private exited(enc: EncoderProcess, why: string): void {
    if (enc.stopped || this.closed) return;
    enc.stopped = true;
    const role = enc === this.live ? 'live' : enc === this.spare ? 'spare' : null;
    if (!role) return;
    const log = enc.proc.log.tailText.trim().split('\n').pop() ?? '';
    this.sink.event({
      type: 'died',
      codec: this.codec,
      role,
      pid: enc.pid,
      why: log ? `${why}: ${log}` : why,
    });
    this.quickDeaths = Date.now() - enc.startedAt < QUICK_DEATH_MS ? this.quickDeaths + 1 : 0;
    if (role === 'live') this.takeOver();
    else this.spare = null;
    this.scheduleSpare();
  }

  private takeOver(): void {
    const spare = this.spare && !this.spare.exited ? this.spare : null;
    this.spare = null;
    if (spare) {
      this.live = spare;
      const kept = this.spareFrames;
      this.spareFrames = [];
      this.sink.event({ type: 'tookOver', codec: this.codec, pid: spare.pid, warm: kept.length > 0 });
      if (spare.header) this.sendHeader(spare.header);
      if (kept.length > 0) this.air(kept);
      return;
    }
    // No spare alive: a cold encoder now (repeated quick deaths wait, so that a broken ffmpeg is not restarted in a loop).
    this.live = null;
    const start = () => {
      if (this.closed) return;
      this.live = this.spawn('live');
      this.sink.event({ type: 'tookOver', codec: this.codec, pid: this.live.pid, warm: false });
    };
    if (this.quickDeaths <= 1) start();
    else setTimeout(start, backoffDelay(this.quickDeaths - 1, 250, 5_000));
  }

  private scheduleSpare(): void {
    if (!this.withSpare || this.spare || this.spareTimer || this.closed) return;
    const wait = this.quickDeaths <= 1 ? 0 : backoffDelay(this.quickDeaths - 1, 250, 5_000);
    this.spareTimer = setTimeout(() => {
      this.spareTimer = null;
      if (!this.closed && !this.spare) this.spare = this.spawn('spare');
    }, wait);
  }
}

/** Fed, and silent since: no output STALL_MS after its last one, or FIRST_OUTPUT_MS after its first PCM. */
function stalled(enc: EncoderProcess, now: number): boolean {
  if (enc.lastOutputAt !== null) return now - enc.lastOutputAt > STALL_MS;
  return enc.firstInputAt !== null && now - enc.firstInputAt > FIRST_OUTPUT_MS;
}
