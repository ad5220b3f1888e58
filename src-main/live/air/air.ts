/**
 * The air: the live bus plus one encoder per codec (MP3 for every receiver, Opus for weak links),
 * per channel, each offered to the outputs as an EncodedTap.
 *
 * A channel is a bus (its own thread, its own mix) and an air thread that feeds its encoders from
 * the bus's programme ring. `main` is what every targeted station hears; an emergency aimed at
 * some stations only gets a channel of its own (`openChannel`), which the stream server moves
 * those stations' listeners to. So that an emergency is on air within a second, a standby channel
 * is kept ready (bus running, encoders warm, silent): `openChannel` renames it and starts the next
 * standby behind it.
 *
 * Sources are the bus's business (`channel.bus.addSource`…); switching them never touches an
 * encoder. Encoders are supervised on the air thread (a warm spare each, see SupervisedEncoder).
 */
import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { StreamCodec } from '../../contract';
import { STREAM_CODECS } from '../../contract';
import { LiveBus } from '../bus/live-bus';
import type { MicCommandSource } from '../bus/mic-feed';
import type { MixerSettings } from '../bus/mixer';
import { startAirWorker } from '../bus/worker-thread';
import { bytesOfMs } from '../bus/format';
import { PcmRing } from '../bus/pcm-ring';
import type { AirCommand, AirEvent, AirMessage, AirWorkerData } from './air-protocol';
import { AirTap } from './air-tap';
import type { EncodedTap } from './encoded-tap';

export interface AirOptions {
  /** The studio's ffmpeg (encoders, and the bus's file sources). */
  ffmpeg: string;
  mixer?: Partial<MixerSettings>;
  /** The microphone's capture command (the recorder's, given by the composition) for `mic` sources. */
  micCommand?: MicCommandSource;
  /** Default: every codec the stations may pull (mp3, opus). */
  codecs?: StreamCodec[];
  /** A warm spare beside each encoder (default true). */
  spares?: boolean;
  /** Keep a standby channel ready for `openChannel` (default true). */
  standby?: boolean;
  /** How long after `openChannel` took the standby the next one starts warming (default 5 s). */
  standbyDelayMs?: number;
  /** How long a channel may take to have every encoder speaking (default 20 s: a busy machine). */
  startTimeoutMs?: number;
}

/** An encoder's life, as the desk and the logs see it. */
export type AirEncoderEvent = AirEvent & { channel: string };

/** The channel of everything targeted unless an emergency takes some stations aside. */
export const MAIN_CHANNEL = 'main';

const STANDBY = ':standby';
/** The next standby warms once an emergency's channel has been on air this long. */
const STANDBY_DELAY_MS = 5_000;
/** The programme's ring: how long the air thread may be held up before the bus drops blocks for it. */
const PROGRAMME_RING_MS = 2_000;

export class AirChannel {
  private readonly tapsByCodec = new Map<StreamCodec, AirTap>();
  private readonly pidsByRole = new Map<string, number | undefined>();
  private closed: Promise<void> | null = null;

  private constructor(
    private name: string,
    readonly bus: LiveBus,
    private readonly thread: Worker,
    codecs: StreamCodec[],
    private readonly events: EventEmitter,
  ) {
    for (const codec of codecs)
      this.tapsByCodec.set(codec, new AirTap(name, codec, (err) => events.emit('listenerError', err)));
  }

  /**
   * Opens an air thread and then its bus; resolves once every encoder has given its first chunk.
   * The thread (and the programme's ring) come first, so that the encoders get the bus's PCM from
   * block 0 and their frames sit exactly on its clock.
   */
  static async open(id: string, opts: AirOptions, events: EventEmitter): Promise<AirChannel> {
    const codecs = opts.codecs ?? [...STREAM_CODECS];
    const timeoutMs = opts.startTimeoutMs ?? 20_000;
    const ring = PcmRing.create(bytesOfMs(PROGRAMME_RING_MS));
    const data: AirWorkerData = {
      channel: id,
      ffmpeg: opts.ffmpeg,
      codecs,
      ring: ring.buffer,
      spares: opts.spares ?? true,
    };
    const thread = startAirWorker(data);
    const early: AirMessage[] = [];
    const keep = (m: AirMessage) => early.push(m);
    thread.on('message', keep);
    let bus: LiveBus;
    try {
      await untilMessage(thread, 'ready', timeoutMs);
      bus = await LiveBus.open({
        ffmpeg: opts.ffmpeg,
        programme: ring.buffer,
        ...(opts.mixer ? { mixer: opts.mixer } : {}),
        ...(opts.micCommand ? { micCommand: opts.micCommand } : {}),
      });
    } catch (err) {
      await stopThread(thread);
      throw err;
    }
    bus.onFailure((err) => events.emit('failed', err));
    const channel = new AirChannel(id, bus, thread, codecs, events);
    thread.off('message', keep);
    for (const m of early) channel.receive(m);
    thread.on('message', (m: AirMessage) => channel.receive(m));
    thread.postMessage({ type: 'start', t0: bus.startedAt } satisfies AirCommand);
    try {
      await channel.speaking(timeoutMs);
    } catch (err) {
      await channel.close();
      throw err;
    }
    thread.on('error', (err) => events.emit('failed', err));
    return channel;
  }

  /** Resolves once every tap has had a chunk. */
  private speaking(timeoutMs: number): Promise<void> {
    const taps = [...this.tapsByCodec.values()];
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (taps.every((t) => t.chunks > 0)) done(null);
      };
      const timer = setTimeout(() => {
        const silent = taps.filter((t) => t.chunks === 0).map((t) => t.codec);
        done(
          new Error(`the air's encoders did not speak within ${timeoutMs} ms (${silent.join(', ')} silent)`),
        );
      }, timeoutMs);
      const offs = taps.map((t) => t.onChunk(check));
      const onExit = (code: number) =>
        done(new Error(`the air thread exited (${code}) before its encoders spoke`));
      this.thread.once('exit', onExit);
      const done = (err: Error | null) => {
        clearTimeout(timer);
        for (const off of offs) off();
        this.thread.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      check();
    });
  }

  get id(): string {
    return this.name;
  }

  tap(codec: StreamCodec): EncodedTap {
    const tap = this.tapsByCodec.get(codec);
    if (!tap) throw new Error(`the air has no ${codec} encoder`);
    return tap;
  }

  taps(): EncodedTap[] {
    return [...this.tapsByCodec.values()];
  }

  /** The encoders' processes now (`live` is on air, `spare` is warm beside it). */
  encoderPids(): { codec: StreamCodec; role: 'live' | 'spare'; pid: number }[] {
    const out: { codec: StreamCodec; role: 'live' | 'spare'; pid: number }[] = [];
    for (const [key, pid] of this.pidsByRole) {
      const [codec, role] = key.split('/') as [StreamCodec, 'live' | 'spare'];
      if (pid !== undefined) out.push({ codec, role, pid });
    }
    return out;
  }

  /** Stops the encoders, then the bus. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      await stopThread(this.thread);
      await this.bus.close();
    })();
    return this.closed;
  }

  /** A standby channel becomes an emergency's. */
  rename(id: string): void {
    this.name = id;
    for (const tap of this.tapsByCodec.values()) tap.channel = id;
  }

  private receive(m: AirMessage): void {
    switch (m.type) {
      case 'header':
        this.tapsByCodec.get(m.codec)?.setHeader(bufferOf(m.header), m.restart);
        break;
      case 'chunks': {
        const tap = this.tapsByCodec.get(m.codec);
        if (!tap) break;
        for (const c of m.chunks)
          tap.deliver({ data: bufferOf(c.data), mixedAt: c.mixedAt, durationMs: c.durationMs });
        break;
      }
      case 'event': {
        const e = m.event;
        if (e.type === 'started') this.pidsByRole.set(`${e.codec}/${e.role}`, e.pid);
        else if (e.type === 'died') {
          if (this.pidsByRole.get(`${e.codec}/${e.role}`) === e.pid)
            this.pidsByRole.delete(`${e.codec}/${e.role}`);
        } else {
          this.pidsByRole.set(`${e.codec}/live`, e.pid);
          if (this.pidsByRole.get(`${e.codec}/spare`) === e.pid) this.pidsByRole.delete(`${e.codec}/spare`);
        }
        this.events.emit('encoder', { ...e, channel: this.name } satisfies AirEncoderEvent);
        break;
      }
      case 'ready':
      case 'closed':
        break;
    }
  }
}

/** Resolves at the thread's first message of `type`; rejects if it exits or errs first, or after `timeoutMs`. */
function untilMessage(thread: Worker, type: AirMessage['type'], timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onMessage = (m: AirMessage) => {
      if (m.type === type) done(null);
    };
    const onError = (err: Error) => done(err);
    const onExit = (code: number) => done(new Error(`the air thread exited (${code}) before it was ready`));
    const timer = setTimeout(
      () => done(new Error(`the air thread was not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const done = (err: Error | null) => {
      clearTimeout(timer);
      thread.off('message', onMessage);
      thread.off('error', onError);
      thread.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    thread.on('message', onMessage);
    thread.on('error', onError);
    thread.on('exit', onExit);
  });
}

/** Asks the thread to stop its encoders and end; terminates it if it does not within 2 s. */
async function stopThread(thread: Worker): Promise<void> {
  if (thread.threadId === -1) return;
  const gone = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  thread.postMessage({ type: 'close' } satisfies AirCommand);
  const timer = setTimeout(() => void thread.terminate(), 2_000);
  await gone;
  clearTimeout(timer);
}

function bufferOf(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

export class Air {
  private readonly events = new EventEmitter();
  private readonly channelsById = new Map<string, AirChannel>();
  private standby: Promise<AirChannel> | null = null;
  private standbyTimer: NodeJS.Timeout | null = null;
  private closed: Promise<void> | null = null;

  private constructor(private readonly opts: AirOptions) {}

  /** Opens the main channel (and the standby behind it); resolves once main's encoders speak. */
  static async open(opts: AirOptions): Promise<Air> {
    const air = new Air(opts);
    const main = await AirChannel.open(MAIN_CHANNEL, opts, air.events);
    air.channelsById.set(MAIN_CHANNEL, main);
    air.prepareStandby();
    return air;
  }

  /** The main channel's bus: where the desk's sources go. */
  get bus(): LiveBus {
    return this.channel(MAIN_CHANNEL).bus;
  }

  channel(id: string): AirChannel {
    const channel = this.channelsById.get(id);
    if (!channel) throw new Error(`the air has no channel ${id}`);
    return channel;
  }

  hasChannel(id: string): boolean {
    return this.channelsById.has(id);
  }

  channelIds(): string[] {
    return [...this.channelsById.keys()];
  }

  tap(codec: StreamCodec, channel: string = MAIN_CHANNEL): EncodedTap {
    return this.channel(channel).tap(codec);
  }

  /**
   * A channel of its own for an emergency aimed at some stations: a bus (add the emergency's
   * source to `bus`) and warm encoders. Taken from the standby when it is ready (at once),
   * else opened now.
   */
  async openChannel(id: string): Promise<AirChannel> {
    if (id === MAIN_CHANNEL || id.startsWith(':'))
      throw new Error(`${id} is not a channel name one may open`);
    if (this.channelsById.has(id)) throw new Error(`the air already has a channel ${id}`);
    const standby = this.standby;
    this.standby = null;
    // A second channel before the standby came back: opened now (cold).
    if (this.standbyTimer) clearTimeout(this.standbyTimer);
    this.standbyTimer = null;
    let channel: AirChannel | null = null;
    if (standby) channel = await standby.catch(() => null);
    channel ??= await AirChannel.open(id, this.opts, this.events);
    channel.rename(id);
    this.channelsById.set(id, channel);
    // Not now: a channel's threads and four ffmpegs starting took main's loop and both cores for
    // a second on a loaded PC, just as the emergency's first frames had to reach its stations.
    this.standbyTimer = setTimeout(() => {
      this.standbyTimer = null;
      this.prepareStandby();
    }, this.opts.standbyDelayMs ?? STANDBY_DELAY_MS);
    return channel;
  }

  /** Resolves once the standby channel is warm (at once without one), so that `openChannel` takes no time. */
  async standbyReady(): Promise<void> {
    await this.standby;
  }

  async closeChannel(id: string): Promise<void> {
    if (id === MAIN_CHANNEL) throw new Error('the main channel closes with the air');
    const channel = this.channelsById.get(id);
    if (!channel) return;
    this.channelsById.delete(id);
    await channel.close();
  }

  /** Encoders started, died, taken over (every channel). */
  onEncoder(listener: (e: AirEncoderEvent) => void): () => void {
    this.events.on('encoder', listener);
    return () => this.events.off('encoder', listener);
  }

  /** An output's chunk listener threw: it was cut off, the others go on. */
  onListenerError(listener: (err: unknown) => void): () => void {
    this.events.on('listenerError', listener);
    return () => this.events.off('listenerError', listener);
  }

  /** An air thread or a bus failed (a bug): the channel is off the air. */
  onFailure(listener: (err: Error) => void): () => void {
    this.events.on('failed', listener);
    return () => this.events.off('failed', listener);
  }

  close(): Promise<void> {
    if (this.standbyTimer) clearTimeout(this.standbyTimer);
    this.standbyTimer = null;
    this.closed ??= (async () => {
      const standby = this.standby;
      this.standby = null;
      const all = [...this.channelsById.values()];
      this.channelsById.clear();
      await Promise.all([
        ...all.map((c) => c.close()),
        // A standby that never opened was already reported (prepareStandby): nothing to close.
        standby?.then((c) => c.close()).catch(() => undefined),
      ]);
    })();
    return this.closed;
  }

  private prepareStandby(): void {
    if (this.opts.standby === false || this.standby || this.closed) return;
    const standby = AirChannel.open(STANDBY, this.opts, this.events);
    // A standby that fails to open is reported and not retried until the next openChannel.
    standby.catch((err: unknown) => this.events.emit('failed', err));
    this.standby = standby;
  }
}
