/**
 * The studio's own stream server (issue 15): commune receivers pull
 * `GET /live/<CODE>.<mp3|opus>?token=…` over HTTP, Icecast-style (no chunked encoding, the stream
 * until the connection closes), from the air's encoders (EncodedTaps).
 *
 * Low latency on a real loudspeaker: a listener is sent a small burst of the newest frames (just
 * enough for a receiver to start playing at once), then each chunk as the encoder makes it (in
 * batches of TapBuffer's `batchMs` once a stream has `batchFrom` listeners), with TCP_NODELAY. A listener that falls behind (its socket's queue over `maxLagMs` of audio) is
 * caught up: chunks are skipped until its queue drains, so it resumes at the newest frames; one
 * that stays behind for `dropAfterMs` is dropped. Nothing is ever buffered without bound.
 *
 * Each station is routed to a channel (`main`, or an emergency's own); `route` moves its
 * listeners between chunks, which are whole frames, sending an Opus listener the new stream's
 * header first. The operator's pre-listen pulls `/live/programme.<codec>?token=` with a
 * short-lived monitor token.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { STREAM_CODECS, type LiveOutputState, type StreamCodec } from '../../contract';
import type { EncodedTap } from '../air/encoded-tap';
import { TapBuffer, type TapBatch } from './tap-buffer';

/** What the server asks of the stations registry (StationRegistry answers it). */
export interface StationTokens {
  /** The station exists, is enabled, and `token` is its token. */
  acceptsToken(code: string, token: string): boolean;
}

export interface StreamServerOptions {
  /** 0: any free port. */
  port: number;
  /** Default 0.0.0.0 (receivers are elsewhere); tests use 127.0.0.1. */
  host?: string;
  stations: StationTokens;
  /**
   * Audio sent at once to a listener that connects, ms (default 120): a receiver starts playing
   * once it holds 100 ms, so more would only be heard late, and less would make it wait.
   */
  burstMs?: number;
  /** Audio kept for bursts, ms (default 2,000). */
  keepMs?: number;
  /** Audio gathered into one write to every listener, ms (default 60: see TapBuffer). */
  batchMs?: number;
  /** Listeners of a stream from which its chunks are batched (default 100: see TapBuffer). */
  batchFrom?: number;
  /** A listener whose socket holds more than this much audio unsent is caught up (default 1,000 ms). */
  maxLagMs?: number;
  /** A listener behind for this long is dropped (default 10 s). */
  dropAfterMs?: number;
  /** Connections waiting to be accepted (default 2,048: a thousand receivers back at once after an outage). */
  backlog?: number;
  now?: () => number;
}

export const DEFAULT_BURST_MS = 120;
const DEFAULT_MAX_LAG_MS = 1_000;
const DEFAULT_DROP_AFTER_MS = 10_000;
const DEFAULT_BACKLOG = 2_048;
/** The queue a listener may hold before it counts as behind, whatever the bitrate. */
const MIN_LAG_BYTES = 4_096;
/** A monitor token's life (default of `monitorToken`). */
const MONITOR_TTL_MS = 10 * 60_000;
/** The monitor route's name in place of a station code (codes are capitals, so no station has it). */
const MONITOR = 'programme';
const MAIN_CHANNEL = 'main';

export interface StationStreamStats {
  code: string;
  /** Receivers connected now. */
  listeners: number;
  /** Every connection accepted since the server started. */
  connects: number;
  /** Connections from an address whose earlier connection had ended: a receiver that came back. */
  reconnects: number;
  bytesSent: number;
  /** Times one of its listeners fell behind and was caught up (chunks skipped). */
  caughtUp: number;
  /** Listeners dropped for staying behind. */
  dropped: number;
}

export type StreamServerEvent =
  | {
      type: 'connect';
      code: string;
      codec: StreamCodec;
      channel: string;
      remote: string;
      /** Listeners of the station now. */
      listeners: number;
      reconnect: boolean;
    }
  | {
      type: 'disconnect';
      code: string;
      codec: StreamCodec;
      remote: string;
      listeners: number;
      reason: DisconnectReason;
    };

/** `closed`: the receiver went; `slow`: dropped for staying behind; `unrouted`: no longer targeted; `stopped`: the server stopped. */
export type DisconnectReason = 'closed' | 'slow' | 'unrouted' | 'stopped';

interface Listener {
  code: string;
  codec: StreamCodec;
  socket: Socket;
  remote: string;
  buffer: TapBuffer;
  /** The sequence number of the next chunk of `buffer` it is to be sent (it had the ones before). */
  nextSeq: number;
  /** Its station's counters (null for the pre-listen). */
  counters: StationCounters | null;
  unsubscribe: () => void;
  /** Bytes of queue over which the listener is behind (from the tap's bitrate). */
  lagBytes: number;
  behindSince: number | null;
  /** Why the server ended its connection (null: the receiver went). */
  reason: DisconnectReason | null;
  monitor: boolean;
}

interface StationCounters extends StationStreamStats {
  /** Addresses whose connection ended, by count: the next connection from one is a reconnect. */
  gone: Map<string, number>;
}

const TEXT = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

export class StreamServer {
  private readonly buffers = new Map<string, TapBuffer>();
  private readonly routes = new Map<string, string>();
  private readonly listeners = new Set<Listener>();
  private readonly counters = new Map<string, StationCounters>();
  private readonly monitorTokens = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private readonly eventListeners = new Set<(e: StreamServerEvent) => void>();
  private readonly now: () => number;
  private readonly burstMs: number;
  private readonly keepMs: number | undefined;
  private readonly batchMs: number | undefined;
  private readonly batchFrom: number | undefined;
  private readonly maxLagMs: number;
  private readonly dropAfterMs: number;
  private stopped = false;
  private lastError: string | null = null;

  private constructor(
    private readonly server: http.Server,
    private readonly options: StreamServerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.burstMs = options.burstMs ?? DEFAULT_BURST_MS;
    this.keepMs = options.keepMs;
    this.batchMs = options.batchMs;
    this.batchFrom = options.batchFrom;
    this.maxLagMs = options.maxLagMs ?? DEFAULT_MAX_LAG_MS;
    this.dropAfterMs = options.dropAfterMs ?? DEFAULT_DROP_AFTER_MS;
    server.on('request', (req, res) => {
      try {
        this.answer(req, res);
      } catch (err) {
        // One bad request must never stop the air for everyone else.
        this.lastError = (err as Error).message;
        res.destroy();
      }
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('error', (err) => (this.lastError = err.message));
  }

  /** Listens; rejects (in Vietnamese) when the port cannot be had. */
  static async start(options: StreamServerOptions): Promise<StreamServer> {
    // noDelay: each chunk goes out as it comes (Node's default for HTTP, said here on purpose).
    const server = http.createServer({ noDelay: true, keepAlive: false });
    // A stream's request is short; a slow or silent client must not hold a socket for long.
    server.headersTimeout = 10_000;
    server.requestTimeout = 10_000;
    const host = options.host ?? '0.0.0.0';
    await new Promise<void>((resolve, reject) => {
      const fail = (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `Cổng ${options.port} đã có chương trình khác dùng: hãy chọn cổng khác cho máy chủ phát luồng.`
              : `Không mở được máy chủ phát luồng trên cổng ${options.port}: ${err.message}`,
          ),
        );
      server.once('error', fail);
      server.listen({ port: options.port, host, backlog: options.backlog ?? DEFAULT_BACKLOG }, () => {
        server.off('error', fail);
        resolve();
      });
    });
    return new StreamServer(server, options);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://host:port` as it listens. */
  get address(): string {
    const a = this.server.address() as AddressInfo;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  /**
   * Serves a tap: its channel in its codec. A tap already there for that channel and codec is
   * replaced (its listeners move to the new one, Opus listeners sent the new header first).
   */
  attach(tap: EncodedTap): void {
    const key = tapKey(tap.channel, tap.codec);
    const buffer = new TapBuffer(tap, {
      ...(this.keepMs === undefined ? {} : { keepMs: this.keepMs }),
      ...(this.batchMs === undefined ? {} : { batchMs: this.batchMs }),
      ...(this.batchFrom === undefined ? {} : { batchFrom: this.batchFrom }),
    });
    const old = this.buffers.get(key);
    this.buffers.set(key, buffer);
    if (old) {
      for (const l of this.listeners) if (l.buffer === old) this.follow(l, buffer, true);
      old.close();
    }
  }

  /**
   * Stops serving a channel's taps. Stations routed to it go back to `main` when it is served,
   * else their listeners are let go.
   */
  detach(channel: string): void {
    for (const code of STREAM_CODECS) {
      const key = tapKey(channel, code);
      const buffer = this.buffers.get(key);
      if (!buffer) continue;
      this.buffers.delete(key);
      for (const l of [...this.listeners]) {
        if (l.buffer !== buffer) continue;
        const main = channel === MAIN_CHANNEL ? undefined : this.buffers.get(tapKey(MAIN_CHANNEL, l.codec));
        if (main) this.follow(l, main, true);
        else this.end(l, 'unrouted');
      }
      buffer.close();
    }
    for (const [code, routed] of this.routes)
      if (routed === channel && channel !== MAIN_CHANNEL) this.routes.set(code, MAIN_CHANNEL);
  }

  /**
   * Targets a station: its receivers are served `channel` (default `main`), and those connected
   * now move to it at the next chunk. `null`: no longer targeted; its receivers are let go and
   * refused until it is routed again.
   */
  route(code: string, channel: string | null = MAIN_CHANNEL): void {
    if (channel === null) {
      this.routes.delete(code);
      for (const l of [...this.listeners]) if (!l.monitor && l.code === code) this.end(l, 'unrouted');
      return;
    }
    this.routes.set(code, channel);
    for (const l of this.listeners) {
      if (l.monitor || l.code !== code || l.buffer.channel === channel) continue;
      const next = this.buffers.get(tapKey(channel, l.codec));
      if (next) this.follow(l, next, true);
    }
  }

  /** The stations targeted now and the channel each is served. */
  routed(): Map<string, string> {
    return new Map(this.routes);
  }

  /**
   * A token for the operator's pre-listen (`/live/programme.<codec>?token=`), good for connecting
   * until `expiresAt` (a stream already playing goes on).
   */
  monitorToken(ttlMs = MONITOR_TTL_MS): { token: string; expiresAt: number } {
    const now = this.now();
    for (const [t, until] of this.monitorTokens) if (until <= now) this.monitorTokens.delete(t);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = now + ttlMs;
    this.monitorTokens.set(token, expiresAt);
    return { token, expiresAt };
  }

  /** The pre-listen's path (without the host), token included. */
  monitorPath(codec: StreamCodec, token: string): string {
    return `/live/${MONITOR}.${codec}?token=${encodeURIComponent(token)}`;
  }

  /** A station's counters (zeros if it never had a listener). */
  stats(code: string): StationStreamStats {
    const c = this.counters.get(code);
    if (!c) return { code, listeners: 0, connects: 0, reconnects: 0, bytesSent: 0, caughtUp: 0, dropped: 0 };
    const { gone: _gone, ...stats } = c;
    return { ...stats };
  }

  /** Every station that had a listener, with its counters. */
  allStats(): StationStreamStats[] {
    return [...this.counters.keys()].map((code) => this.stats(code));
  }

  /** Listeners of the pre-listen now. */
  get monitorListeners(): number {
    let n = 0;
    for (const l of this.listeners) if (l.monitor) n++;
    return n;
  }

  /** The server as an output of the live state. */
  outputState(): LiveOutputState {
    let bytes = 0;
    let reconnects = 0;
    for (const c of this.counters.values()) {
      bytes += c.bytesSent;
      reconnects += c.reconnects;
    }
    return {
      id: 'server',
      kind: 'server',
      address: this.stopped ? '' : this.address,
      codec: null,
      state: this.stopped ? 'stopped' : 'up',
      bytesSent: bytes,
      reconnects,
      lastError: this.lastError,
    };
  }

  /** Connect and disconnect of station listeners (not the pre-listen). Returns the unsubscribe. */
  onEvent(listener: (e: StreamServerEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Stops listening, lets every listener go, stops following the taps. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const l of [...this.listeners]) this.end(l, 'stopped');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    for (const b of this.buffers.values()) b.close();
    this.buffers.clear();
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stream');
    const match = /^\/live\/([^/]+)\.(mp3|opus)$/.exec(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...TEXT, Allow: 'GET, HEAD' }).end('Máy chủ phát luồng chỉ nhận yêu cầu GET.\n');
      return;
    }
    if (!match) {
      res
        .writeHead(404, TEXT)
        .end('Không có luồng nào ở địa chỉ này. Địa chỉ đúng có dạng /live/<MÃ CỤM THU>.mp3?token=…\n');
      return;
    }
    let code: string;
    try {
      code = decodeURIComponent(match[1]!);
    } catch {
      res.writeHead(404, TEXT).end('Không có luồng nào ở địa chỉ này.\n');
      return;
    }
    const codec = match[2] as StreamCodec;
    const token = url.searchParams.get('token') ?? '';
    const monitor = code === MONITOR;
    if (monitor ? !this.monitorAccepts(token) : !token || !this.options.stations.acceptsToken(code, token)) {
      res
        .writeHead(403, TEXT)
        .end(
          monitor
            ? 'Đường nghe thử đã hết hạn hoặc không đúng: hãy mở lại nghe thử trên bàn phát.\n'
            : `Mã truy cập (token) của cụm thu ${code} không đúng, hoặc cụm thu này không có hay đã bị tắt.\n`,
        );
      return;
    }
    const channel = monitor ? MAIN_CHANNEL : this.routes.get(code);
    if (channel === undefined) {
      res
        .writeHead(404, TEXT)
        .end(`Cụm thu ${code} không nằm trong buổi phát trực tiếp lúc này. Máy thu sẽ tự thử lại.\n`);
      return;
    }
    const buffer = this.buffers.get(tapKey(channel, codec));
    if (!buffer) {
      res
        .writeHead(503, { ...TEXT, 'Retry-After': '2' })
        .end(`Luồng ${codec === 'mp3' ? 'MP3' : 'Opus'} chưa sẵn sàng. Máy thu sẽ tự thử lại.\n`);
      return;
    }
    const tap = buffer.tap;
    // Icecast-style: no chunked encoding, the stream runs until the connection closes.
    res.useChunkedEncodingByDefault = false;
    res.shouldKeepAlive = false;
    res.writeHead(200, {
      'Content-Type': tap.contentType,
      'Cache-Control': 'no-cache, no-store',
      Connection: 'close',
      'X-Content-Type-Options': 'nosniff',
      'icy-br': String(tap.bitrateKbps),
      // Header values are Latin-1: the code (checked by the registry), never a Vietnamese name.
      'icy-name': code,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    res.flushHeaders();
    this.admit(code, codec, req.socket, buffer, monitor);
  }

  private monitorAccepts(token: string): boolean {
    const until = this.monitorTokens.get(token);
    return until !== undefined && until > this.now();
  }

  private admit(code: string, codec: StreamCodec, socket: Socket, buffer: TapBuffer, monitor: boolean): void {
    const remote = socket.remoteAddress ?? '';
    const listener: Listener = {
      code,
      codec,
      socket,
      remote,
      buffer,
      nextSeq: 0,
      counters: monitor ? null : this.counter(code),
      unsubscribe: () => {},
      lagBytes: Math.max(MIN_LAG_BYTES, Math.round((buffer.tap.bitrateKbps * this.maxLagMs) / 8)),
      behindSince: null,
      reason: null,
      monitor,
    };
    this.listeners.add(listener);
    socket.setNoDelay(true);
    socket.setTimeout(0);
    socket.on('close', () => this.gone(listener));
    socket.on('error', () => {
      // A receiver that vanished (reset, broken pipe): 'close' follows and counts it.
    });
    let reconnect = false;
    if (!monitor) {
      const c = this.counter(code);
      c.listeners++;
      c.connects++;
      const gone = c.gone.get(remote) ?? 0;
      if (gone > 0) {
        reconnect = true;
        c.reconnects++;
        if (gone === 1) c.gone.delete(remote);
        else c.gone.set(remote, gone - 1);
      }
    }
    this.follow(listener, buffer, false);
    if (!monitor)
      this.emit({
        type: 'connect',
        code,
        codec,
        channel: buffer.channel,
        remote,
        listeners: this.counter(code).listeners,
        reconnect,
      });
  }

  /**
   * Sends the listener `buffer`'s stream from now on: header, then a burst or (when moving) what
   * the buffer hands on next. A moving listener is first sent what its old buffer had not yet
   * handed on, so that its stream goes on without a gap.
   */
  private follow(listener: Listener, buffer: TapBuffer, moving: boolean): void {
    listener.unsubscribe();
    const parts: Buffer[] = [];
    if (moving) for (const c of listener.buffer.pendingFrom(listener.nextSeq)) parts.push(c.data);
    listener.buffer = buffer;
    const header = buffer.header();
    // A moved MP3 listener simply goes on with the next frame; Opus starts a new (chained) stream.
    if (header.length > 0) parts.push(header);
    if (!moving) for (const chunk of buffer.burst(this.burstMs)) parts.push(chunk.data);
    listener.nextSeq = buffer.nextSeq;
    // One write: the burst's frames reach the receiver together anyway.
    if (parts.length > 0) this.write(listener, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    const offBatch = buffer.onBatch((batch) => this.send(listener, batch));
    const offRestart = buffer.onRestart(() => {
      const h = buffer.header();
      if (h.length > 0) this.write(listener, h);
    });
    listener.unsubscribe = () => {
      offBatch();
      offRestart();
    };
  }

  private send(listener: Listener, batch: TapBatch): void {
    const socket = listener.socket;
    const skip = listener.nextSeq - batch.firstSeq;
    listener.nextSeq = batch.firstSeq + batch.offsets.length;
    // Already sent in its burst (it connected while the batch was gathered), or gone.
    if (skip >= batch.offsets.length || socket.destroyed) return;
    if (socket.writableLength > listener.lagBytes) {
      // Behind: skip this batch, so that it resumes at the newest frames once its queue drains.
      const now = this.now();
      if (listener.behindSince === null) {
        listener.behindSince = now;
        if (listener.counters) listener.counters.caughtUp++;
      } else if (now - listener.behindSince >= this.dropAfterMs) this.end(listener, 'slow');
      return;
    }
    listener.behindSince = null;
    // The batch's own Buffer (or a view of it): no copy per listener.
    this.write(listener, skip > 0 ? batch.data.subarray(batch.offsets[skip]) : batch.data);
  }

  private write(listener: Listener, data: Buffer): void {
    listener.socket.write(data);
    if (listener.counters) listener.counters.bytesSent += data.length;
  }

  private end(listener: Listener, reason: Exclude<DisconnectReason, 'closed'>): void {
    listener.reason ??= reason;
    if (reason === 'slow' && listener.counters) listener.counters.dropped++;
    listener.socket.destroy();
  }

  private gone(listener: Listener): void {
    if (!this.listeners.delete(listener)) return;
    listener.unsubscribe();
    if (listener.monitor) return;
    const c = this.counter(listener.code);
    c.listeners--;
    c.gone.set(listener.remote, (c.gone.get(listener.remote) ?? 0) + 1);
    this.emit({
      type: 'disconnect',
      code: listener.code,
      codec: listener.codec,
      remote: listener.remote,
      listeners: c.listeners,
      reason: listener.reason ?? 'closed',
    });
  }

  private counter(code: string): StationCounters {
    let c = this.counters.get(code);
    if (!c) {
      c = {
        code,
        listeners: 0,
        connects: 0,
        reconnects: 0,
        bytesSent: 0,
        caughtUp: 0,
        dropped: 0,
        gone: new Map(),
      };
      this.counters.set(code, c);
    }
    return c;
  }

  private emit(e: StreamServerEvent): void {
    for (const l of this.eventListeners) l(e);
  }
}

function tapKey(channel: string, codec: StreamCodec): string {
  return `${channel}\u0000${codec}`;
}
