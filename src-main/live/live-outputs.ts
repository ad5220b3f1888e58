/**
 * The outputs the air feeds, per station by how it is reached: a `pull` station is served by the
 * studio's own stream server (routed to its channel), an `icecast` station by a source client to
 * its mount on the master, a `push` station by an RTP or SRT push. Outputs come and go with the
 * target; each reports its state for `live.state`.
 *
 * The pieces that move audio (server, Icecast source, push) are given as factories by the
 * composition, so that this module only decides which output each station needs.
 */
import type { LiveOutputState, LiveStationState, Station, StreamCodec } from '../contract';
import type { EncodedTap } from './air/encoded-tap';
import { MAIN_CHANNEL, type AirEngine } from './live-air';
import type { IcecastMaster } from './live-settings';

/** A station's link as the outputs see it. */
export type StationLink = Pick<
  LiveStationState,
  'link' | 'listeners' | 'bytesSent' | 'reconnects' | 'lastError'
>;

/** The built-in stream server, as the outputs drive it. */
export interface StreamServerOutput {
  /** The port it listens on (the configured one, or the one the OS gave for 0). */
  readonly port: number;
  /** Which stations are served now (targeted, enabled): the others are refused. */
  serve(codes: readonly string[]): void;
  /** Moves a station's listeners to a channel, at a frame boundary. */
  route(code: string, channel: string): void;
  stats(code: string): { listeners: number; bytesSent: number; reconnects: number };
  state(): LiveOutputState;
  close(): Promise<void>;
}

/** One source client or push: feeds one tap somewhere until closed. */
export interface FeedOutput {
  state(): LiveOutputState;
  /** Feeds from another tap (a channel switch), at a frame boundary. */
  retap(tap: EncodedTap): void;
  close(): Promise<void>;
}

export interface OutputFactories {
  server?: (options: {
    port: number;
    tap: (channel: string, codec: StreamCodec) => EncodedTap | null;
    acceptsToken: (code: string, token: string) => boolean;
    acceptsMonitorToken: (token: string) => boolean;
  }) => Promise<StreamServerOutput>;
  icecast?: (tap: EncodedTap, target: { master: IcecastMaster; mount: string }) => FeedOutput;
  push?: (
    tap: EncodedTap,
    target:
      | { protocol: 'rtp'; host: string; port: number }
      | { protocol: 'srt'; host: string; port: number; passphrase: string | null },
  ) => FeedOutput;
}

export interface LiveOutputsDeps {
  air: AirEngine;
  factories: OutputFactories;
  port: number;
  master: IcecastMaster | null;
  acceptsToken: (code: string, token: string) => boolean;
  acceptsMonitorToken: (token: string) => boolean;
  /** A station's SRT passphrase, opened (null when none). */
  srtPassphrase: (code: string) => Promise<string | null>;
}

/** The codec a mount is fed in: `.opus`/`.ogg` mounts Opus, others MP3. */
export function mountCodec(mount: string): StreamCodec {
  return /\.(opus|ogg|oga)$/i.test(mount) ? 'opus' : 'mp3';
}

/** The mount of an Icecast URL (`http://host:8000/tinh.mp3` → `/tinh.mp3`), or null. */
export function masterMount(url: string): string | null {
  const path = new URL(url).pathname;
  return path && path !== '/' ? path : null;
}

interface StationOutput {
  station: Station;
  channel: string;
  feed: FeedOutput | null;
  /** Why the station has no output (no master configured, no push in this build). */
  missing: string | null;
}

export class LiveOutputs {
  private server: StreamServerOutput | null = null;
  private masterFeed: FeedOutput | null = null;
  private readonly stations = new Map<string, StationOutput>();

  constructor(private readonly deps: LiveOutputsDeps) {}

  /** Starts the server (and the master's feed), then each station's output. */
  async start(stations: readonly Station[]): Promise<void> {
    const { factories, air } = this.deps;
    if (factories.server) {
      this.server = await factories.server({
        port: this.deps.port,
        tap: (channel, codec) => air.tap(channel, codec),
        acceptsToken: this.deps.acceptsToken,
        acceptsMonitorToken: this.deps.acceptsMonitorToken,
      });
    }
    const master = this.deps.master;
    const mount = master ? masterMount(master.url) : null;
    if (master && mount && factories.icecast) {
      const tap = air.tap(MAIN_CHANNEL, mountCodec(mount));
      if (tap) this.masterFeed = factories.icecast(tap, { master, mount });
    }
    await this.setStations(stations);
  }

  /** The stations the air reaches now: outputs for new ones, gone for those no longer reached. */
  async setStations(stations: readonly Station[]): Promise<void> {
    const next = new Map(stations.map((s) => [s.code, s]));
    for (const [code, out] of this.stations) {
      if (next.has(code)) continue;
      this.stations.delete(code);
      await out.feed?.close();
    }
    for (const station of stations) {
      if (this.stations.has(station.code)) continue;
      this.stations.set(station.code, await this.open(station, MAIN_CHANNEL));
    }
    this.server?.serve(
      [...this.stations.values()].filter((o) => o.station.reach.kind === 'pull').map((o) => o.station.code),
    );
  }

  /** Moves stations to a channel (an emergency's, or back to main). */
  route(codes: readonly string[], channel: string): void {
    for (const code of codes) {
      const out = this.stations.get(code);
      if (!out || out.channel === channel) continue;
      out.channel = channel;
      if (out.station.reach.kind === 'pull') this.server?.route(code, channel);
      else if (out.feed) {
        const tap = this.deps.air.tap(channel, this.codecOf(out.station));
        if (tap) out.feed.retap(tap);
      }
    }
  }

  channelOf(code: string): string | null {
    return this.stations.get(code)?.channel ?? null;
  }

  get serverPort(): number | null {
    return this.server?.port ?? null;
  }

  link(code: string): StationLink {
    const out = this.stations.get(code);
    if (!out) return { link: 'idle', listeners: 0, bytesSent: 0, reconnects: 0, lastError: null };
    if (out.station.reach.kind === 'pull') {
      const stats = this.server?.stats(code) ?? { listeners: 0, bytesSent: 0, reconnects: 0 };
      return {
        ...stats,
        link: stats.listeners > 0 ? 'listening' : 'waiting',
        lastError: this.server ? null : 'Máy phát luồng của studio chưa chạy.',
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
      ...(this.server ? [this.server.state()] : []),
      ...(this.masterFeed ? [this.masterFeed.state()] : []),
      ...feeds,
    ];
  }

  async stop(): Promise<void> {
    const feeds = [...this.stations.values()].flatMap((o) => (o.feed ? [o.feed] : []));
    this.stations.clear();
    await Promise.all([...feeds, ...(this.masterFeed ? [this.masterFeed] : [])].map((f) => f.close()));
    this.masterFeed = null;
    await this.server?.close();
    this.server = null;
  }

  private codecOf(station: Station): StreamCodec {
    return station.reach.kind === 'icecast' ? mountCodec(station.reach.mount) : 'mp3';
  }

  private async open(station: Station, channel: string): Promise<StationOutput> {
    const { factories, air, master } = this.deps;
    const reach = station.reach;
    const out: StationOutput = { station, channel, feed: null, missing: null };
    if (reach.kind === 'pull') return out;
    const tap = air.tap(channel, this.codecOf(station));
    if (!tap) return { ...out, missing: 'Chưa có bộ mã hoá âm thanh cho đầu ra này.' };
    if (reach.kind === 'icecast') {
      if (!master)
        return {
          ...out,
          missing: 'Chưa cài máy chủ Icecast: hãy nhập địa chỉ và mật khẩu trong cài đặt phát trực tiếp.',
        };
      if (!factories.icecast) return { ...out, missing: 'Phiên bản này chưa gửi được lên Icecast.' };
      return { ...out, feed: factories.icecast(tap, { master, mount: reach.mount }) };
    }
    if (!factories.push) return { ...out, missing: 'Phiên bản này chưa đẩy được luồng RTP/SRT.' };
    const target =
      reach.protocol === 'rtp'
        ? { protocol: 'rtp' as const, host: reach.host, port: reach.port }
        : {
            protocol: 'srt' as const,
            host: reach.host,
            port: reach.port,
            passphrase: await this.deps.srtPassphrase(station.code),
          };
    return { ...out, feed: factories.push(tap, target) };
  }
}
