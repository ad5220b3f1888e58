/**
 * The live desk's engine (issue 15): one air at a time. Going live opens the air (the bus and its
 * encoders), resolves the target from the registry and starts the outputs each station needs;
 * sources are mixed on the bus by priority class; an emergency takes the air on the stations it
 * targets (all of them: on the main channel; some: on a channel of its own the server moves them
 * to). Every change is the event `live.state`; the meters are `live.meters`, ten times a second.
 */
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  StudioError,
  type EventSink,
  type LiveEmergency,
  type LiveEmergencyStart,
  type LivePrelisten,
  type LivePriority,
  type LiveSource,
  type LiveSourceAdd,
  type LiveStart,
  type LiveState,
  type LiveStationState,
  type LiveTarget,
  type Station,
  type StreamCodec,
} from '../contract';
import type { Logger } from '../platform/logger';
import { parseSourceSpec, type Meters, type SourceEvent } from './bus';
import { programmeOfSpec } from './bus/source-spec';
import type { MicCommandSource } from './bus/mic-feed';
import type { EncodedTap } from './air/encoded-tap';
import type { AirEncoderEvent } from './air/air';
import { busOnlyAir, MAIN_CHANNEL, type AirBus, type AirEngine, type OpenAir } from './live-air';
import { LiveOutputs } from './live-outputs';
import type { LiveSettingsStore } from './live-settings';
import { coversAll, resolveTarget } from './live-targets';
import type { StationRegistry } from './stations/station-registry';

/** An encoder on the air died and another took its place (the supervisor's restart). */
export interface EncoderRestart {
  channel: string;
  codec: StreamCodec;
  /** When the encoder on air died (ISO). */
  since: string;
  /** From its death to the next encoder on air, in seconds. */
  seconds: number;
  /** Its exit and the end of its log. */
  why: string;
  /** The warm spare took over (false: a new encoder had to start). */
  warm: boolean;
  /** The stations the channel reaches now. */
  codes: string[];
}

/** Who acts, as the service records it on the state. */
export interface LiveActor {
  name: string;
  /** The CLI may give its standard input (`pcm:-`); a window never may. */
  host: 'electron' | 'web' | 'cli';
}

export interface LiveServiceDeps {
  registry: StationRegistry;
  settings: LiveSettingsStore;
  emit: EventSink;
  log: Logger;
  resolveFfmpeg: () => Promise<string | null>;
  /** A library asset's audio file and title (the composition asks the library). */
  assetFile: (id: string) => Promise<{ file: string; title: string }>;
  /**
   * A programme's approved master, its hash checked on disk now (the composition gives the
   * programme's gate); PROGRAMME_NOT_APPROVED, with its Vietnamese reason, otherwise.
   */
  approvedMaster?: (programmeId: string) => Promise<{ file: string; title: string; sha256?: string }>;
  /** The CLI's standard input, for its one `pcm:-` source. */
  standardInput?: Readable;
  openAir?: OpenAir;
  /** The microphone's capture command (the recorder's): `mic` sources need it. */
  micCommand?: MicCommandSource;
  /** Where the stream server listens (default every interface; tests give 127.0.0.1). */
  streamHost?: string;
  /** How long a pre-listen URL may be opened (default a minute). */
  prelistenMs?: number;
  /**
   * The as-aired recorder (live/as-aired): given each channel's MP3 tap while the channel is on
   * the air; returns the stop, called when the channel goes off it.
   */
  recordAir?: (channel: string, tap: EncodedTap) => () => void;
  /** Told when the supervisor replaced an encoder on the air (the monitor's alarm, the log's note). */
  encoderRestarted?: (restart: EncoderRestart) => void;
}

interface SourceEntry {
  source: LiveSource;
  channel: string;
}

interface Running {
  air: AirEngine;
  outputs: LiveOutputs;
  startedAt: string;
  startedBy: string;
  target: LiveTarget;
  codes: Set<string>;
  /** Unsubscribes from every channel's bus. */
  detach: Array<() => void>;
  /** Each channel's as-aired recording's stop. */
  recordings: Map<string, () => void>;
  /** Encoders on air that died, by `channel/codec`, until another takes over. */
  encoderDeaths: Map<string, { at: number; why: string }>;
}

interface EmergencyRun {
  info: LiveEmergency;
  channel: string;
  /** Stations the emergency added to the air for its duration. */
  added: string[];
  /** The air was off: the emergency opened it and ends it. */
  openedAir: boolean;
}

const METER_FLOOR = -120;

export class LiveService {
  private running: Running | null = null;
  private emergency: EmergencyRun | null = null;
  private readonly sources = new Map<string, SourceEntry>();
  private readonly channels = new Map<string, AirBus>();
  private stateTimer: NodeJS.Timeout | null = null;
  /** One change at a time: start, stop, emergencies and sources never interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Each channel's latest meters but main's: main's report carries theirs to the desk. */
  private readonly channelMeters = new Map<string, Meters>();

  constructor(private readonly deps: LiveServiceDeps) {}

  state(): LiveState {
    const r = this.running;
    const em = this.emergency;
    const stations = this.deps.registry.list().stations;
    return {
      mode: !r ? 'off' : em ? 'emergency' : 'live',
      startedAt: r?.startedAt ?? null,
      startedBy: r?.startedBy ?? null,
      target: r?.target ?? null,
      sources: [...this.sources.values()].map((e) => ({ ...e.source })),
      emergency: em ? { ...em.info } : null,
      stations: stations.map((s) => this.stationState(s)),
      outputs: r?.outputs.states() ?? [],
    };
  }

  settings() {
    return this.deps.settings.get();
  }

  start(request: LiveStart, actor: LiveActor): Promise<LiveState> {
    return this.serial(async () => {
      if (this.running)
        throw new StudioError('CONFLICT', 'Đang phát trực tiếp. Hãy dừng trước khi phát lại với đích khác.');
      const stations = resolveTarget(this.deps.registry.list().stations, request.target);
      await this.openAir(request.target, stations, actor);
      try {
        for (const source of request.sources) await this.addOn(MAIN_CHANNEL, source, source.priority, actor);
      } catch (err) {
        await this.closeAir();
        throw err;
      }
      this.changed();
      return this.state();
    });
  }

  stop(): Promise<LiveState> {
    return this.serial(async () => {
      await this.closeAir();
      this.changed();
      return this.state();
    });
  }

  /** `startSec` (not on the wire: the schedule's runner): a file played from that far in. */
  addSource(request: LiveSourceAdd & { startSec?: number }, actor: LiveActor): Promise<LiveSource> {
    return this.serial(async () => {
      this.mustRun();
      const source = await this.addOn(MAIN_CHANNEL, request, request.priority, actor);
      this.changed();
      return { ...source };
    });
  }

  setLevel(id: string, levelDb: number): Promise<LiveSource> {
    return this.serial(async () => {
      const entry = this.entry(id);
      this.busOf(entry).setLevel(id, levelDb);
      entry.source.levelDb = levelDb;
      this.changed();
      return { ...entry.source };
    });
  }

  play(id: string): Promise<LiveSource> {
    return this.serial(async () => {
      const entry = this.entry(id);
      this.busOf(entry).play(id);
      if (entry.source.state === 'paused') entry.source.state = 'buffering';
      this.changed();
      return { ...entry.source };
    });
  }

  pause(id: string): Promise<LiveSource> {
    return this.serial(async () => {
      const entry = this.entry(id);
      this.busOf(entry).pause(id);
      if (entry.source.state !== 'ended' && entry.source.state !== 'failed') entry.source.state = 'paused';
      entry.source.onAir = false;
      this.changed();
      return { ...entry.source };
    });
  }

  removeSource(id: string): Promise<LiveState> {
    return this.serial(async () => {
      const entry = this.entry(id);
      if (this.emergency?.info.sourceId === id)
        throw new StudioError('CONFLICT', 'Nguồn này đang phát khẩn cấp: hãy kết thúc khẩn cấp.');
      this.busOf(entry).remove(id);
      this.sources.delete(id);
      this.changed();
      return this.state();
    });
  }

  startEmergency(request: LiveEmergencyStart & { startSec?: number }, actor: LiveActor): Promise<LiveState> {
    return this.serial(async () => {
      if (this.emergency)
        throw new StudioError(
          'CONFLICT',
          'Đang phát khẩn cấp. Hãy kết thúc bản tin khẩn cấp đang phát trước.',
        );
      const stations = resolveTarget(this.deps.registry.list().stations, request.target);
      const codes = stations.map((s) => s.code);
      const openedAir = !this.running;
      if (openedAir) await this.openAir(request.target, stations, actor);
      const running = this.running!;
      // Every station on the air hears it: the main channel. Some: a channel of their own.
      const whole = coversAll(new Set(codes), running.codes);
      const id = randomUUID();
      const channel = whole ? MAIN_CHANNEL : `emergency-${id}`;
      const added = codes.filter((c) => !running.codes.has(c));
      try {
        // From the air's warm standby: at once (a bus and its encoders take seconds to start).
        if (!whole) {
          this.attach(running, channel, await running.air.openChannel(channel));
          this.recordChannel(running, channel);
        }
        const source = await this.addOn(channel, { ...request, playing: true }, 'emergency', actor, true);
        for (const c of added) running.codes.add(c);
        await running.outputs.setStations(this.reached());
        if (!whole) {
          running.outputs.serveChannel(channel);
          await running.outputs.route(codes, channel);
        }
        this.emergency = {
          info: {
            id,
            startedAt: new Date().toISOString(),
            startedBy: actor.name,
            target: request.target,
            codes,
            sourceId: source.id,
            spec: source.spec,
          },
          channel,
          added,
          openedAir,
        };
      } catch (err) {
        if (openedAir) await this.closeAir();
        else if (!whole) await this.closeChannel(channel);
        throw err;
      }
      this.changed();
      return this.state();
    });
  }

  endEmergency(): Promise<LiveState> {
    return this.serial(async () => {
      const em = this.emergency;
      if (!em) throw new StudioError('CONFLICT', 'Không có bản tin khẩn cấp nào đang phát.');
      this.emergency = null;
      if (em.openedAir) {
        await this.closeAir();
      } else {
        const running = this.running!;
        if (em.channel !== MAIN_CHANNEL) await running.outputs.dropChannel(em.channel);
        for (const c of em.added) running.codes.delete(c);
        const entry = this.sources.get(em.info.sourceId);
        if (entry) {
          this.busOf(entry).remove(em.info.sourceId);
          this.sources.delete(em.info.sourceId);
        }
        if (em.channel !== MAIN_CHANNEL) await this.closeChannel(em.channel);
        await running.outputs.setStations(this.reached());
      }
      this.changed();
      return this.state();
    });
  }

  /** A URL of the programme on the studio's own server, good for `prelistenMs` to connect. */
  prelisten(codec: StreamCodec): LivePrelisten {
    const outputs = this.mustRun().outputs;
    const port = outputs.serverPort;
    const monitor = outputs.monitor(codec, this.deps.prelistenMs ?? 60_000);
    if (port === null || !monitor)
      throw new StudioError('UNAVAILABLE', 'Máy phát luồng của studio chưa chạy nên chưa nghe thử được.');
    return {
      codec,
      url: `http://127.0.0.1:${port}${monitor.path}`,
      expiresAt: new Date(monitor.expiresAt).toISOString(),
    };
  }

  async close(): Promise<void> {
    await this.serial(() => this.closeAir());
  }

  // ---------------------------------------------------------------------------------------------

  private async openAir(target: LiveTarget, stations: Station[], actor: LiveActor): Promise<void> {
    const ffmpeg = await this.deps.resolveFfmpeg();
    const micCommand = this.deps.micCommand;
    const air = await (this.deps.openAir ?? busOnlyAir)({ ffmpeg, ...(micCommand ? { micCommand } : {}) });
    const settings = this.deps.settings.get();
    const outputs = new LiveOutputs({
      air,
      port: settings.port,
      ...(this.deps.streamHost ? { host: this.deps.streamHost } : {}),
      ffmpeg,
      master: await this.deps.settings.icecastMaster().catch((err: unknown) => {
        this.deps.log.warn('The Icecast master password cannot be opened here', err);
        return null;
      }),
      acceptsToken: (code, token) => this.acceptsStation(code, token),
      srtPassphrase: (code) => this.deps.registry.srtPassphrase(code),
    });
    const running: Running = {
      air,
      outputs,
      startedAt: new Date().toISOString(),
      startedBy: actor.name,
      target,
      codes: new Set(stations.map((s) => s.code)),
      detach: [],
      recordings: new Map(),
      encoderDeaths: new Map(),
    };
    this.running = running;
    this.attach(running, MAIN_CHANNEL, air.bus);
    if (air.onEncoder) running.detach.push(air.onEncoder((e) => this.onEncoder(running, e)));
    this.recordChannel(running, MAIN_CHANNEL);
    try {
      await outputs.start(stations);
      running.detach.push(outputs.onServerEvent(() => this.changedSoon()));
      // Ready for an emergency before the desk shows the air as on.
      await air.standbyReady();
    } catch (err) {
      await this.closeAir();
      throw new StudioError(
        'UNAVAILABLE',
        `Không mở được máy phát luồng trên cổng ${settings.port}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private async closeAir(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = null;
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = null;
    this.emergency = null;
    this.sources.clear();
    this.channels.clear();
    this.channelMeters.clear();
    for (const detach of r.detach) detach();
    for (const stop of r.recordings.values()) stop();
    await r.outputs.stop().catch((err: unknown) => this.deps.log.warn('An output did not stop cleanly', err));
    await r.air.close();
  }

  private async closeChannel(channel: string): Promise<void> {
    this.channels.delete(channel);
    this.channelMeters.delete(channel);
    this.running?.recordings.get(channel)?.();
    this.running?.recordings.delete(channel);
    await this.running?.air.closeChannel(channel);
  }

  /** What a channel sends is recorded as aired (where the air encodes and a recorder is given). */
  private recordChannel(running: Running, channel: string): void {
    const tap = this.deps.recordAir ? running.air.tap(channel, 'mp3') : null;
    if (!tap) {
      // An air without encoders (busOnlyAir) sends nothing, so there is nothing to record: said,
      // so that a missing recording is never a mystery.
      if (this.deps.recordAir)
        this.deps.log.warn(`Channel ${channel} is not recorded as aired: this air encodes nothing`);
      return;
    }
    try {
      running.recordings.set(channel, this.deps.recordAir!(channel, tap));
    } catch (err) {
      // The air goes on without its recording: airing matters more; the log says so.
      this.deps.log.error(`The as-aired recording of channel ${channel} could not start`, err);
    }
  }

  /** Listens to a channel's bus: its meters, its sources' events, its failure. */
  private attach(running: Running, channel: string, bus: AirBus): void {
    this.channels.set(channel, bus);
    running.detach.push(
      bus.onMeters((m) => this.onMeters(channel, m)),
      bus.onSource((e) => this.onSource(e)),
      bus.onFailure((err) => {
        this.deps.log.error(`The live bus of channel ${channel} failed: the air is off`, err);
        void this.stop().catch((e: unknown) => this.deps.log.error('The air could not be closed', e));
      }),
    );
  }

  /** Stations the air reaches now (the target and an emergency's), as the registry has them. */
  private reached(): Station[] {
    const codes = this.running?.codes ?? new Set<string>();
    return this.deps.registry.list().stations.filter((s) => s.enabled && codes.has(s.code));
  }

  private acceptsStation(code: string, token: string): boolean {
    return !!this.running?.codes.has(code) && this.deps.registry.acceptsToken(code, token);
  }

  private async addOn(
    channel: string,
    request: Pick<LiveSourceAdd, 'spec' | 'assetId' | 'levelDb' | 'label'> & {
      playing?: boolean;
      startSec?: number;
    },
    priority: LivePriority,
    actor: LiveActor,
    takeAir = false,
  ): Promise<LiveSource> {
    const bus = this.channels.get(channel);
    if (!bus) throw new StudioError('CONFLICT', 'Chưa phát trực tiếp.');
    const { spec, busSpec, label, stream, sha256 } = await this.sourceOf(request, actor);
    const id = randomUUID();
    try {
      bus.addSource(busSpec ?? spec, {
        id,
        priority,
        levelDb: request.levelDb,
        playing: request.playing ?? true,
        takeAir,
        ...(stream ? { stream } : {}),
        ...(request.startSec ? { startSec: request.startSec } : {}),
      });
    } catch (err) {
      throw new StudioError(
        'UNAVAILABLE',
        `Nguồn “${label}” chưa phát được: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const source: LiveSource = {
      id,
      spec,
      label,
      priority,
      levelDb: request.levelDb,
      state: request.playing === false ? 'paused' : 'buffering',
      onAir: false,
      error: null,
      reconnects: 0,
      addedBy: actor.name,
      sha256: sha256 ?? null,
    };
    this.sources.set(id, { source, channel });
    return source;
  }

  /** The bus's SPEC for a request, its label, and the stream of a `pcm:-`. */
  private async sourceOf(
    request: Pick<LiveSourceAdd, 'spec' | 'assetId' | 'label'>,
    actor: LiveActor,
  ): Promise<{ spec: string; busSpec?: string; label: string; stream?: Readable; sha256?: string }> {
    if (request.assetId) {
      const { file, title } = await this.deps.assetFile(request.assetId);
      return { spec: `file:${file}`, label: request.label || title };
    }
    const spec = request.spec!;
    const programmeId = programmeOfSpec(spec);
    if (programmeId !== null) {
      // Only the approved master, and only while it hashes as approved: checked now, as it goes on air.
      if (!this.deps.approvedMaster)
        throw new StudioError('UNAVAILABLE', 'Studio này chưa phát được chương trình đã duyệt.');
      const { file, title, sha256 } = await this.deps.approvedMaster(programmeId);
      return { spec, busSpec: `file:${file}`, label: request.label || title, ...(sha256 ? { sha256 } : {}) };
    }
    const parsed = parseSourceSpec(spec);
    switch (parsed.kind) {
      case 'pcm': {
        if (actor.host !== 'cli' || !this.deps.standardInput)
          throw new StudioError(
            'FORBIDDEN',
            'Chỉ lệnh “studio live” mới phát được từ đầu vào chuẩn (pcm:-).',
          );
        // One source at a time reads it; once that source is gone another may.
        if ([...this.sources.values()].some((e) => e.source.spec === 'pcm:-'))
          throw new StudioError(
            'CONFLICT',
            'Đầu vào chuẩn (pcm:-) đang là một nguồn trên sóng: chỉ dùng được một lần.',
          );
        this.deps.standardInput.resume();
        return { spec, label: request.label || 'Đầu vào chuẩn (PCM)', stream: this.deps.standardInput };
      }
      case 'file': {
        const info = await stat(parsed.path).catch(() => null);
        if (!info?.isFile())
          throw new StudioError('NOT_FOUND', `Không tìm thấy tệp âm thanh ${parsed.path}.`);
        return { spec, label: request.label || parsed.path.split(/[\\/]/).pop()! };
      }
      case 'url':
        return { spec, label: request.label || parsed.url };
      case 'mic':
        return { spec, label: request.label || (parsed.device ? `Micrô ${parsed.device}` : 'Micrô') };
    }
  }

  /** An encoder on the air died, then another took over: told once it is back. */
  private onEncoder(running: Running, e: AirEncoderEvent): void {
    // The standby's encoders are on no one's air until an emergency takes the channel.
    if (!this.channels.has(e.channel) || this.running !== running) return;
    const key = `${e.channel}/${e.codec}`;
    if (e.type === 'died' && e.role === 'live')
      running.encoderDeaths.set(key, { at: Date.now(), why: e.why });
    if (e.type !== 'tookOver') return;
    const death = running.encoderDeaths.get(key);
    running.encoderDeaths.delete(key);
    if (!death) return;
    const em = this.emergency;
    const codes =
      e.channel === MAIN_CHANNEL
        ? [...running.codes].filter((c) => !(em && em.channel !== MAIN_CHANNEL && em.info.codes.includes(c)))
        : em?.channel === e.channel
          ? [...em.info.codes]
          : [];
    const restart: EncoderRestart = {
      channel: e.channel,
      codec: e.codec,
      since: new Date(death.at).toISOString(),
      seconds: Math.round((Date.now() - death.at) / 100) / 10,
      why: death.why,
      warm: e.warm,
      codes,
    };
    this.deps.log.warn(
      `Encoder ${key} died (${death.why}); ${e.warm ? 'its warm spare' : 'a new one'} took over in ${restart.seconds} s`,
    );
    try {
      this.deps.encoderRestarted?.(restart);
    } catch (err) {
      this.deps.log.error('The encoder restart could not be reported', err);
    }
  }

  private onMeters(channel: string, m: Meters): void {
    let moved = false;
    for (const meter of m.report.sources) {
      const entry = this.sources.get(meter.id);
      if (!entry) continue;
      const s = entry.source;
      const state =
        s.state === 'paused' || s.state === 'failed'
          ? s.state
          : meter.state === 'ended'
            ? 'ended'
            : meter.state === 'playing'
              ? 'playing'
              : 'buffering';
      const onAir = s.state !== 'paused' && meter.onAir;
      if (state !== s.state || onAir !== s.onAir) {
        s.state = state;
        s.onAir = onAir;
        moved = true;
      }
    }
    if (moved) this.changed();
    if (channel !== MAIN_CHANNEL) {
      this.channelMeters.set(channel, m);
      return;
    }
    const others = [...this.channelMeters.values()].flatMap((c) => c.report.sources);
    const programme = m.report.programme;
    this.deps.emit('live.meters', {
      // Silence measures −∞ dB, which JSON carries as null: the floor instead, as for sources.
      programme: {
        peakDb: Math.max(METER_FLOOR, programme.peakDb),
        rmsDb: Math.max(METER_FLOOR, programme.rmsDb),
        clipped: programme.clipped,
      },
      duckDb: m.report.duckDb,
      sources: [...m.report.sources, ...others]
        .filter((s) => this.sources.has(s.id))
        .map((s) => ({
          id: s.id,
          peakDb: Math.max(METER_FLOOR, s.peakDb),
          rmsDb: Math.max(METER_FLOOR, s.rmsDb),
          onAir: s.onAir,
        })),
    });
  }

  private onSource(e: SourceEvent): void {
    const entry = this.sources.get(e.id);
    if (!entry) return;
    if (e.type === 'error') {
      entry.source.state = 'failed';
      entry.source.onAir = false;
      entry.source.error = `Nguồn không phát được: ${e.message}`;
    } else if (e.type === 'ended') {
      entry.source.state = 'ended';
      entry.source.onAir = false;
    } else if (e.type === 'removed') {
      this.sources.delete(e.id);
    } else if (e.type === 'link') {
      // A relay or a microphone: down (why, in Vietnamese) and up again, its reconnections.
      entry.source.error = e.state === 'down' ? e.error : null;
      entry.source.reconnects = e.reconnects;
    } else return;
    this.changed();
  }

  private stationState(s: Station): LiveStationState {
    const r = this.running;
    const targeted = !!r?.codes.has(s.code) && s.enabled;
    const link = r && targeted ? r.outputs.link(s.code) : null;
    return {
      code: s.code,
      name: s.name,
      group: s.group,
      targeted,
      inEmergency: !!this.emergency?.info.codes.includes(s.code),
      link: link?.link ?? 'idle',
      listeners: link?.listeners ?? 0,
      bytesSent: link?.bytesSent ?? 0,
      reconnects: link?.reconnects ?? 0,
      lastError: link?.lastError ?? null,
    };
  }

  private mustRun(): Running {
    if (!this.running) throw new StudioError('CONFLICT', 'Chưa phát trực tiếp: hãy bắt đầu phát trước.');
    return this.running;
  }

  private entry(id: string): SourceEntry {
    this.mustRun();
    const entry = this.sources.get(id);
    if (!entry) throw new StudioError('NOT_FOUND', 'Không có nguồn này trên sóng (có thể đã bị gỡ).');
    return entry;
  }

  private busOf(entry: SourceEntry): AirBus {
    const bus = this.channels.get(entry.channel);
    if (!bus) throw new StudioError('CONFLICT', 'Kênh của nguồn này đã đóng.');
    return bus;
  }

  private changed(): void {
    if (this.stateTimer) clearTimeout(this.stateTimer);
    this.stateTimer = null;
    this.deps.emit('live.state', this.state());
  }

  /** A receiver came or went: told within a quarter second, once for a crowd reconnecting. */
  private changedSoon(): void {
    this.stateTimer ??= setTimeout(() => this.changed(), 250);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    // The caller gets the failure; the queue only needs to know the work is over.
    this.queue = run.catch(() => undefined);
    return run;
  }
}
