/**
 * An Icecast source client: the air's encoded stream (one EncodedTap) sent to one mount of an
 * Icecast server, the way a province's master or a commune's relay is fed.
 *
 * HTTP PUT with `Expect: 100-continue` on a plain socket (Icecast 2.4+): the server answers
 * `100 Continue` (or `200 OK`) before any audio is sent, so a refused password or a mount in use is
 * known at once instead of after the first second of audio. Ogg Opus needs its identification and
 * comment pages at the start of every connection and after the encoder restarts (a chained stream);
 * MP3 starts at any frame. While the link is down audio is dropped, not kept: a reconnected mount
 * plays the air as it is now, not what it missed. The link is retried with jittered backoff
 * (platform/backoff.ts) for as long as the output runs.
 */
import net from 'node:net';
import type { LiveOutputState } from '../../contract';
import { backoffDelay } from '../../platform/backoff';
import type { EncodedChunk, EncodedTap } from '../air/encoded-tap';

export interface IcecastSourceOptions {
  /** `icecast://host:port/mount` or `http://host:port/mount`; a user in it is the source user. */
  url: string;
  /** The source password (unsealed by the caller; never logged, never in `state().address`). */
  password: string;
  tap: EncodedTap;
  /** LiveOutputState id (default `icecast:<address>`). */
  id?: string;
  /** Shown by Icecast on its status page. */
  name?: string;
  description?: string;
  /** Bytes that may wait unsent on the socket before chunks are dropped (default: 2 s of audio). */
  queueBytes?: number;
  /** First retry after about `baseMs`, doubling up to `capMs` (defaults 500 ms and 10 s). */
  backoff?: { baseMs: number; capMs: number };
  /** From opening the socket to Icecast's answer (default 5 s). */
  connectTimeoutMs?: number;
  /** A link whose socket accepted no byte this long is taken as dead (default 8 s). */
  stallTimeoutMs?: number;
}

/** A link that stayed up this long starts its next retries from the shortest wait again. */
const STABLE_MS = 10_000;

export class IcecastSource {
  private readonly host: string;
  private readonly port: number;
  private readonly mount: string;
  private readonly user: string;
  private readonly address: string;
  private readonly queueBytes: number;
  private readonly listeners = new Set<(state: LiveOutputState) => void>();
  private status: LiveOutputState;
  private socket: net.Socket | null = null;
  /** Sending audio (Icecast said yes). */
  private live = false;
  private running = false;
  private failures = 0;
  private connections = 0;
  private upSince = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private unsubscribe: Array<() => void> = [];
  /** Chunks dropped because the socket could not take them (a slow or stalled link). */
  private dropped = 0;

  constructor(private readonly options: IcecastSourceOptions) {
    const url = new URL(options.url.replace(/^icecast:/, 'http:'));
    if (url.protocol !== 'http:') throw new Error(`Địa chỉ Icecast không hợp lệ: ${url.protocol}`);
    if (!url.pathname || url.pathname === '/') throw new Error('Địa chỉ Icecast thiếu điểm gắn (mount)');
    this.host = url.hostname;
    this.port = Number(url.port || 8000);
    this.mount = url.pathname;
    this.user = decodeURIComponent(url.username) || 'source';
    this.address = `icecast://${this.host}:${this.port}${this.mount}`;
    this.queueBytes = options.queueBytes ?? Math.round((options.tap.bitrateKbps * 1000 * 2) / 8);
    this.status = {
      id: options.id ?? `icecast:${this.address}`,
      kind: 'icecast',
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

  /** Chunks dropped so far because the link was too slow to take them. */
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
      // A new Ogg stream: Icecast must see its header pages before its first audio page.
      this.options.tap.onRestart(() => {
        if (this.live && this.options.tap.codec === 'opus') this.write(this.options.tap.header());
      }),
    ];
    this.connect();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.live = false;
    if (socket && !socket.destroyed) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.end();
      const t = setTimeout(() => socket.destroy(), 1_000);
      await closed;
      clearTimeout(t);
    }
    this.update({ state: 'stopped' });
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

  private connect(): void {
    if (!this.running) return;
    this.update({ state: this.connections === 0 ? 'connecting' : 'retrying' });
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.socket = socket;
    let answered = false;
    let head = '';
    let lastWritten = 0;
    let lastProgressAt = Date.now();
    const connectTimer = setTimeout(
      () => socket.destroy(new Error('Icecast không trả lời')),
      this.options.connectTimeoutMs ?? 5_000,
    );
    const stallMs = this.options.stallTimeoutMs ?? 8_000;
    const watchdog = setInterval(() => {
      if (socket.bytesWritten !== lastWritten || socket.writableLength === 0) {
        lastWritten = socket.bytesWritten;
        lastProgressAt = Date.now();
      } else if (Date.now() - lastProgressAt > stallMs) {
        socket.destroy(new Error('Icecast không nhận dữ liệu'));
      }
    }, 1_000);

    socket.once('connect', () => {
      const auth = Buffer.from(`${this.user}:${this.options.password}`).toString('base64');
      const tap = this.options.tap;
      const headers = [
        `PUT ${this.mount} HTTP/1.1`,
        `Host: ${this.host}:${this.port}`,
        `Authorization: Basic ${auth}`,
        'User-Agent: StudioTruyenThanh',
        `Content-Type: ${tap.contentType}`,
        'Ice-Public: 0',
        `Ice-Name: ${headerText(this.options.name ?? 'Studio Truyền thanh')}`,
        ...(this.options.description ? [`Ice-Description: ${headerText(this.options.description)}`] : []),
        `Ice-Audio-Info: bitrate=${tap.bitrateKbps}`,
        `Ice-Bitrate: ${tap.bitrateKbps}`,
        'Expect: 100-continue',
      ];
      // Latin-1: each header character is one byte (headerText made the UTF-8 bytes already).
      socket.write(Buffer.from(`${headers.join('\r\n')}\r\n\r\n`, 'latin1'));
    });

    socket.on('data', (data: Buffer) => {
      if (answered) return; // Icecast says nothing more to a source; ignore if it does.
      head += data.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 8_192) socket.destroy(new Error('Icecast trả lời không hợp lệ'));
        return;
      }
      answered = true;
      clearTimeout(connectTimer);
      const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(head)?.[1] ?? 0);
      if (status !== 100 && status !== 200) {
        socket.destroy(new Error(refusal(status, this.mount)));
        return;
      }
      this.goLive();
    });

    socket.on('error', (err) => {
      this.update({ lastError: describe(err) });
    });
    socket.once('close', () => {
      clearTimeout(connectTimer);
      clearInterval(watchdog);
      if (this.socket !== socket) return; // Stopped.
      this.socket = null;
      const wasLive = this.live;
      this.live = false;
      if (!this.running) return;
      if (wasLive && Date.now() - this.upSince >= STABLE_MS) this.failures = 0;
      this.failures++;
      const base = this.options.backoff?.baseMs ?? 500;
      const cap = this.options.backoff?.capMs ?? 10_000;
      this.update({ state: 'retrying', lastError: this.status.lastError ?? 'Icecast đã đóng kết nối' });
      this.retryTimer = setTimeout(
        () => {
          this.retryTimer = null;
          this.connect();
        },
        // A link that was up and fails for the first time is tried again at once (back on the
        // mount within a second); only repeated failures wait, longer each time.
        wasLive && this.failures === 1 ? 0 : backoffDelay(this.failures - (wasLive ? 1 : 0), base, cap),
      );
    });
  }

  private goLive(): void {
    this.connections++;
    this.live = true;
    this.upSince = Date.now();
    // Every connection begins with the Ogg header (empty for MP3).
    const header = this.options.tap.header();
    if (header.length > 0) this.write(header);
    this.update({
      state: 'up',
      lastError: null,
      reconnects: Math.max(0, this.connections - 1),
    });
  }

  private send(chunk: EncodedChunk): void {
    if (!this.live || !this.socket) return;
    if (this.socket.writableLength > this.queueBytes) {
      this.dropped++;
      return;
    }
    this.write(chunk.data);
  }

  private write(data: Buffer): void {
    if (!this.socket || this.socket.destroyed) return;
    this.socket.write(data);
    this.status = { ...this.status, bytesSent: this.status.bytesSent + data.length };
  }
}

/** An HTTP header's value from any text: Icecast reads Latin-1, so Vietnamese is sent as UTF-8 bytes. */
function headerText(text: string): string {
  return Buffer.from(text.replace(/[\r\n]+/g, ' '), 'utf8').toString('latin1');
}

function refusal(status: number, mount: string): string {
  if (status === 401) return 'Icecast từ chối mật khẩu nguồn (401)';
  if (status === 403)
    return `Icecast không nhận nguồn cho ${mount}: điểm gắn đang có nguồn khác hoặc đã đủ nguồn (403)`;
  if (status === 0) return 'Icecast trả lời không hợp lệ';
  return `Icecast từ chối nguồn (HTTP ${status})`;
}

function describe(err: Error & { code?: string }): string {
  if (err.code === 'ECONNREFUSED') return 'Không kết nối được Icecast (máy chủ không nghe)';
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return 'Icecast đã cắt kết nối';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'Không tìm thấy máy chủ Icecast';
  if (err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH') return 'Không tới được máy chủ Icecast';
  return err.message;
}
