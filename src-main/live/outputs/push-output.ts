/**
 * A push to one commune station: the air's encoded stream (one EncodedTap) sent by ffmpeg, without
 * re-encoding, over RTP or SRT, for stations that cannot pull.
 *
 * - RTP: MP3 as RTP/MPA (payload type 14, RFC 2250: any RTP receiver knows it without an SDP);
 *   Opus in MPEG-TS over RTP (payload type 33), since Opus's own RTP payload needs an SDP the
 *   station would have to be given.
 * - SRT: MPEG-TS in caller mode (the studio dials the station's listener), AES with a passphrase.
 *   ffmpeg 5 takes the passphrase only as a URL or command-line option, so it can be read from
 *   the process list by local users of the studio's PC while the push runs (ffmpeg 7's
 *   `-/option file` would fix this; noted in docs/icecast-relay.md).
 *
 * ffmpeg copies what the tap gives (whole MP3 frames / Ogg pages) from its stdin. It is started
 * again with jittered backoff (platform/backoff.ts) whenever it ends; every start gets the Ogg
 * header first. While ffmpeg is not running audio is dropped, not kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import type { LiveOutputState } from '../../contract';
import { backoffDelay } from '../../platform/backoff';
import type { EncodedChunk, EncodedTap } from '../air/encoded-tap';

export type PushTarget =
  | { kind: 'rtp'; host: string; port: number }
  | {
      kind: 'srt';
      host: string;
      port: number;
      /** 10–79 characters (SRT's rule); none: unencrypted. */
      passphrase?: string;
      /** SRT's receive latency in ms (default 120). */
      latencyMs?: number;
    };

export interface PushOutputOptions {
  tap: EncodedTap;
  target: PushTarget;
  /** The studio's located ffmpeg. */
  ffmpeg: string;
  /** LiveOutputState id (default `<kind>:<address>`). */
  id?: string;
  /** First restart after about `baseMs`, doubling up to `capMs` (defaults 500 ms and 10 s). */
  backoff?: { baseMs: number; capMs: number };
  /** Bytes that may wait unread on ffmpeg's stdin before chunks are dropped (default: 2 s of audio). */
  queueBytes?: number;
}

/** ffmpeg up this long makes the push healthy again: its next failure waits the first wait. */
const STABLE_MS = 10_000;
const STDERR_KEEP = 2_048;

export class PushOutput {
  readonly address: string;
  private readonly listeners = new Set<(state: LiveOutputState) => void>();
  private status: LiveOutputState;
  private child: ChildProcess | null = null;
  private running = false;
  private failures = 0;
  private starts = 0;
  private everUp = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private unsubscribe: Array<() => void> = [];
  private readonly queueBytes: number;
  private dropped = 0;
  private readonly ssrc = randomInt(1, 2 ** 31);
  /** The RTP sequence number the next ffmpeg starts at, and the bytes the current one was given. */
  private nextSeq = randomInt(0, 2 ** 15);
  private bytesThisRun = 0;

  constructor(private readonly options: PushOutputOptions) {
    const t = options.target;
    if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65_535) {
      throw new Error(`Cổng không hợp lệ: ${t.port}`);
    }
    if (
      t.kind === 'srt' &&
      t.passphrase !== undefined &&
      (t.passphrase.length < 10 || t.passphrase.length > 79)
    ) {
      throw new Error('Mật khẩu SRT phải dài từ 10 đến 79 ký tự');
    }
    const host = t.host.includes(':') ? `[${t.host}]` : t.host;
    this.address = `${t.kind}://${host}:${t.port}`;
    this.queueBytes = options.queueBytes ?? Math.round((options.tap.bitrateKbps * 1000 * 2) / 8);
    this.status = {
      id: options.id ?? `${t.kind}:${this.address}`,
      kind: t.kind,
      address: this.address,
      codec: options.tap.codec,
      state: 'stopped',
      bytesSent: 0,
      reconnects: 0,
      lastError: null,
    };
  }

  state(): LiveOutputState {
    return { ...this.status };
  }

  /** The ffmpeg pushing now (tests kill it), or null between attempts. */
  pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Chunks dropped so far because ffmpeg was not there or could not keep up. */
  droppedChunks(): number {
    return this.dropped;
  }

  /** Each change of state (not of the byte count). Returns the unsubscribe. */
  onState(listener: (state: LiveOutputState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = [
      this.options.tap.onChunk((chunk) => this.send(chunk)),
      this.options.tap.onRestart(() => {
        if (this.options.tap.codec === 'opus') this.write(this.options.tap.header());
      }),
    ];
    this.launch();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(t);
    }
    this.update({ state: 'stopped' });
  }

  /** ffmpeg's arguments (exported for the docs' sake: the command a province can run by hand). */
  args(): string[] {
    const tap = this.options.tap;
    const t = this.options.target;
    const input =
      tap.codec === 'mp3'
        ? ['-f', 'mp3', '-probesize', '2048']
        : ['-f', 'ogg', '-probesize', '4096', '-analyzeduration', '0'];
    const common = [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-nostats', '-fflags', 'nobuffer'],
      // Progress on stdout: its first report comes once the output is open (SRT's handshake done).
      ...['-progress', 'pipe:1', '-stats_period', '0.5'],
      ...input,
      ...['-i', 'pipe:0', '-map', '0:a', '-c:a', 'copy'],
    ];
    if (t.kind === 'rtp') {
      // One SSRC for the push's life and a sequence that goes on after a restart: a receiver
      // (ffmpeg's among them) drops packets "older" than the last it had, and a random new
      // sequence is older half of the time.
      const mux =
        tap.codec === 'mp3'
          ? ['-f', 'rtp', '-ssrc', String(this.ssrc), '-seq', String(this.nextSeq)]
          : ['-f', 'rtp_mpegts'];
      return [...common, ...mux, `rtp://${hostOf(t.host)}:${t.port}`];
    }
    const query = new URLSearchParams({ mode: 'caller', latency: String((t.latencyMs ?? 120) * 1000) });
    if (t.passphrase) {
      query.set('passphrase', t.passphrase);
      query.set('pbkeylen', '16');
    }
    return [
      ...common,
      ...['-f', 'mpegts', '-muxdelay', '0', '-muxpreload', '0', '-flush_packets', '1'],
      `srt://${hostOf(t.host)}:${t.port}?${query.toString()}`,
    ];
  }

  private update(change: Partial<LiveOutputState>): void {
    const before = this.status;
    this.status = { ...before, ...change };
    if (
      before.state !== this.status.state ||
      before.lastError !== this.status.lastError ||
      before.reconnects !== this.status.reconnects
    ) {
      for (const l of this.listeners) l(this.state());
    }
  }

  private launch(): void {
    if (!this.running) return;
    this.update({ state: this.starts === 0 ? 'connecting' : 'retrying' });
    this.starts++;
    this.bytesThisRun = 0;
    const startedAt = Date.now();
    const child = spawn(this.options.ffmpeg, this.args(), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-STDERR_KEEP);
    });
    let up = false;
    child.stdout?.on('data', (d: Buffer) => {
      if (up || this.child !== child || !d.toString().includes('progress=')) return;
      up = true;
      // Every start after the first that comes up is one reconnection.
      const reconnects = this.everUp ? this.status.reconnects + 1 : this.status.reconnects;
      this.everUp = true;
      this.update({ state: 'up', lastError: null, reconnects });
    });
    child.stdin?.on('error', () => {
      // ffmpeg ended (it failed to connect, or was killed): its exit decides what comes next.
    });
    child.once('error', (err) => {
      this.update({ lastError: `Không chạy được ffmpeg: ${err.message}` });
    });
    // Every start begins with the Ogg header (empty for MP3).
    this.write(this.options.tap.header());

    child.once('close', (code, signal) => {
      if (this.child !== child) return; // Stopped.
      this.child = null;
      // The packets it sent, at most: ffmpeg fills each RTP/MPA packet (1,460 bytes) until the
      // next frame (under 400 bytes at our rates) does not fit.
      this.nextSeq = (this.nextSeq + Math.ceil(this.bytesThisRun / 1_000) + 16) % 65_536;
      if (!this.running) return;
      if (Date.now() - startedAt >= STABLE_MS) this.failures = 0;
      this.failures++;
      const wasUp = up;
      const why = stderr.trim().split('\n').pop() ?? '';
      const base = this.options.backoff?.baseMs ?? 500;
      const cap = this.options.backoff?.capMs ?? 10_000;
      this.update({
        state: 'retrying',
        lastError: `Đẩy luồng tới ${this.address} bị ngắt (ffmpeg ${signal ?? code ?? '?'}${why ? `: ${redact(why, this.options.target)}` : ''})`,
      });
      this.retryTimer = setTimeout(
        () => {
          this.retryTimer = null;
          this.launch();
        },
        // A push that was up and fails for the first time starts again at once (the stations
        // hear it again within a second); only repeated failures wait, longer each time.
        wasUp && this.failures === 1 ? 0 : backoffDelay(this.failures - (wasUp ? 1 : 0), base, cap),
      );
    });
  }

  private send(chunk: EncodedChunk): void {
    const stdin = this.child?.stdin;
    if (!stdin?.writable) return;
    if (stdin.writableLength > this.queueBytes) {
      this.dropped++;
      return;
    }
    this.write(chunk.data);
  }

  private write(data: Buffer): void {
    const stdin = this.child?.stdin;
    if (!stdin?.writable || data.length === 0) return;
    stdin.write(data);
    this.bytesThisRun += data.length;
    this.status = { ...this.status, bytesSent: this.status.bytesSent + data.length };
  }
}

function hostOf(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** ffmpeg's own message may repeat the URL it was given: never the passphrase. */
function redact(text: string, target: PushTarget): string {
  if (target.kind !== 'srt' || !target.passphrase) return text;
  return text.split(target.passphrase).join('***');
}
