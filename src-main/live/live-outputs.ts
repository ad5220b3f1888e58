/**
 * The outputs the air feeds, per station by how it is reached: a `pull` station is served by the
 * studio's own stream server (routed to its channel), an `icecast` station by a source client to
 * its mount on the master, a `push` station by an RTP or SRT push; and the master's own mount when
 * its URL names one (the province's relay chain). Outputs come and go with the target; each
 * reports its state for `live.state`.
 */
import type { LiveOutputState, LiveStationState, Station, StreamCodec } from '../contract';
import type { EncodedTap } from './air/encoded-tap';
import { MAIN_CHANNEL, type AirEngine } from './live-air';
import type { IcecastMaster } from './live-settings';
import { IcecastSource } from './outputs/icecast-source';
import { PushOutput } from './outputs/push-output';
import { StreamServer } from './outputs/stream-server';

/** A station's link as the outputs see it. */
export type StationLink = Pick<
  LiveStationState,
  'link' | 'listeners' | 'bytesSent' | 'reconnects' | 'lastError'
>;

export interface LiveOutputsDeps {
  air: AirEngine;
  /** The stream server's port and address (default every interface; tests give 127.0.0.1). */
  port: number;
  host?: string;
  ffmpeg: string | null;
  master: IcecastMaster | null;
  /** The station is enabled and `token` is its token (the registry). */
  acceptsToken: (code: string, token: string) => boolean;
  /** A station's SRT passphrase, opened (null when none). */
  srtPassphrase: (code: string) => Promise<string | null>;
}

/** The codec a mount is fed in: `.opus`/`.ogg` mounts Opus, others MP3. */
export function mountCodec(mount: string): StreamCodec {
  return /\.(opus|ogg|oga)$/i.test(mount) ? 'opus' : 'mp3';
}

/** The mount of an Icecast URL (`http://host:8000/tinh.mp3` → `/tinh.mp3`), or null. */
export function masterMount(url: string): string | null {
  const path = new URL(url.replace(/^icecast:/, 'http:')).pathname;
  return path && path !== '/' ? path : null;
}

/** The master's URL with another mount: where a station's mount is fed. */
function mountUrl(master: string, mount: string): string {
  const url = new URL(master.replace(/^icecast:/, 'http:'));
  url.pathname = mount;
  return url.href;
}

/** An Icecast source or a push: both feed one tap somewhere until stopped. */
type Feed = IcecastSource | PushOutput;

interface StationOutput {
  station: Station;
  channel: string;
  feed: Feed | null;
  /** Why the station has no output (no master configured, no encoder). */
  missing: string | null;
}

export class LiveOutputs {
  private server: StreamServer | null = null;
  private masterFeed: IcecastSource | null = null;
  private readonly stations = new Map<string, StationOutput>();

  constructor(private readonly deps: LiveOutputsDeps) {}

  /** Starts the server (and the master's feed), then each station's output. */
  async start(stations: readonly Station[]): Promise<void> {
    const { air, master } = this.deps;
    this.server = await StreamServer.start({
      port: this.deps.port,
      ...(this.deps.host ? { host: this.deps.host } : {}),
      stations: { acceptsToken: this.deps.acceptsToken },
    });
    this.serveChannel(MAIN_CHANNEL);
    const mount = master ? masterMount(master.url) : null;
    const tap = mount ? air.tap(MAIN_CHANNEL, mountCodec(mount)) : null;
    if (master && tap) {
      this.masterFeed = new IcecastSource({
        url: master.url,
        password: master.password,
        tap,
        id: 'icecast:master',
        name: 'Studio truyền thanh',
      });
      this.masterFeed.start();
    }
    await this.setStations(stations);
  }

  /** Serves a channel's encoded streams (main, or an emergency's once it is open). */
  serveChannel(channel: string): void {
    for (const codec of ['mp3', 'opus'] as const) {
      const tap = this.deps.air.tap(channel, codec);
      if (tap) this.server?.attach(tap);
    }
  }

  /** Stops serving a channel: its stations go back to main first. */
  async dropChannel(channel: string): Promise<void> {
    const back = [...this.stations.values()].filter((o) => o.channel === channel).map((o) => o.station.code);
    await this.route(back, MAIN_CHANNEL);
    this.server?.detach(channel);
  }

  /** The stations the air reaches now: outputs for new ones, gone for those no longer reached. */
  async setStations(stations: readonly Station[]): Promise<void> {
    const next = new Map(stations.map((s) => [s.code, s]));
    for (const [code, out] of [...this.stations]) {
      if (next.has(code)) continue;
      this.stations.delete(code);
      if (out.station.reach.kind === 'pull') this.server?.route(code, null);
      await out.feed?.stop();
    }
    for (const station of stations) {
      if (this.stations.has(station.code)) continue;
      this.stations.set(station.code, await this.open(station, MAIN_CHANNEL));
    }
  }

  /**
   * Moves stations to a channel (an emergency's, or back to main): the server's listeners at the
   * next frame; an Icecast source or a push starts again on the channel's stream.
   */
  async route(codes: readonly string[], channel: string): Promise<void> {
    for (const code of codes) {
      const out = this.stations.get(code);
      if (!out || out.channel === channel) continue;
      if (out.station.reach.kind === 'pull') {
        out.channel = channel;
        this.server?.route(code, channel);
        continue;
      }
      await out.feed?.stop();
      this.stations.set(code, await this.open(out.station, channel));
    }
  }

  get serverPort(): number | null {
    return this.server?.port ?? null;
  }

  /** A short-lived token for the operator's pre-listen of the programme. */
  monitor(codec: StreamCodec, ttlMs: number): { path: string; expiresAt: number } | null {
    if (!this.server) return null;
    const { token, expiresAt } = this.server.monitorToken(ttlMs);
    return { path: this.server.monitorPath(codec, token), expiresAt };
  }

  link(code: string): StationLink {
    const out = this.stations.get(code);
    if (!out) return { link: 'idle', listeners: 0, bytesSent: 0, reconnects: 0, lastError: null };
    if (out.station.reach.kind === 'pull') {
      const stats = this.server?.stats(code);
      const listeners = stats?.listeners ?? 0;
      return {
        link: listeners > 0 ? 'listening' : 'waiting',
        listeners,
        bytesSent: stats?.bytesSent ?? 0,
        reconnects: stats?.reconnects ?? 0,
        lastError: null,
      };
    }
    if (!out.feed)
      return { link: 'failed', listeners: 0, bytesSent: 0, reconnects: 0, lastError: out.missing };
    const s = out.feed.state();
    return {
      link: s.state === 'up' ? 'listening' : s.state === 'retrying' ? 'failed' : 'waiting',
      listeners: 0,
      bytesSent: s.bytesSent,
      reconnects: s.reconnects,
      lastError: s.lastError,
    };
  }

  states(): LiveOutputState[] {
    const feeds = [...this.stations.values()].flatMap((o) => (o.feed ? [o.feed.state()] : []));
    return [
      ...(this.server ? [this.server.outputState()] : []),
      ...(this.masterFeed ? [this.masterFeed.state()] : []),
      ...feeds,
    ];
  }

  /** Server events (a receiver connected or went), for the live state. */
  onServerEvent(listener: () => void): () => void {
    return this.server?.onEvent(listener) ?? (() => undefined);
  }

  async stop(): Promise<void> {
    const feeds: Feed[] = [...this.stations.values()].flatMap((o) => (o.feed ? [o.feed] : []));
    if (this.masterFeed) feeds.push(this.masterFeed);
    this.stations.clear();
    this.masterFeed = null;
    await Promise.all(feeds.map((f) => f.stop()));
    await this.server?.close();
    this.server = null;
  }

  private codecOf(station: Station): StreamCodec {
    return station.reach.kind === 'icecast' ? mountCodec(station.reach.mount) : 'mp3';
  }

  private async open(station: Station, channel: string): Promise<StationOutput> {
    const { air, master, ffmpeg } = this.deps;
    const reach = station.reach;
    const out: StationOutput = { station, channel, feed: null, missing: null };
    if (reach.kind === 'pull') {
      this.server?.route(station.code, channel);
      return out;
    }
    const tap: EncodedTap | null = air.tap(channel, this.codecOf(station));
    if (!tap) return { ...out, missing: 'Chưa có bộ mã hoá âm thanh cho đầu ra này.' };
    if (reach.kind === 'icecast') {
      if (!master)
        return {
          ...out,
          missing:
            'Chưa cài máy chủ Icecast: hãy nhập địa chỉ và mật khẩu nguồn trong cài đặt phát trực tiếp.',
        };
      const feed = new IcecastSource({
        url: mountUrl(master.url, reach.mount),
        password: master.password,
        tap,
        id: `icecast:${station.code}`,
        name: station.name,
      });
      feed.start();
      return { ...out, feed };
    }
    if (!ffmpeg) return { ...out, missing: 'Không tìm thấy ffmpeg để đẩy luồng tới cụm thu.' };
    const passphrase = reach.protocol === 'srt' ? await this.deps.srtPassphrase(station.code) : null;
    const feed = new PushOutput({
      tap,
      ffmpeg,
      id: `${reach.protocol}:${station.code}`,
      target:
        reach.protocol === 'rtp'
          ? { kind: 'rtp', host: reach.host, port: reach.port }
          : { kind: 'srt', host: reach.host, port: reach.port, ...(passphrase ? { passphrase } : {}) },
    });
    feed.start();
    return { ...out, feed };
  }
}
