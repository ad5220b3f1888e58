/**
 * The live bus as main sees it: a mixer at 48 kHz s16le stereo on its own thread. Main adds
 * sources, moves levels, gives and takes the air, listens to the meters and reads the programme;
 * its thread keeps time and mixes, whatever main is busy with, and a second thread (the feed
 * thread, started with the first file) runs the files' ffmpegs into their rings.
 *
 * The programme leaves by `output()` (a Readable of s16le blocks, read by main), or by
 * `programmeRing()` to the air's thread (live/air), which feeds the encoders without main.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { BLOCK_BYTES, bytesOfMs } from './format';
import type { LinkReport } from './live-input';
import type { MicCommandSource } from './mic-feed';
import {
  DEFAULT_MIXER,
  PRIORITY_CLASSES,
  type MeterReport,
  type MixerSettings,
  type PriorityClass,
} from './mixer';
import { PcmRing } from './pcm-ring';
import type {
  BusCommand,
  ClockReport,
  FeedCommand,
  FeedMessage,
  OutputTransport,
  WorkerMessage,
} from './protocol';
import { parseSourceSpec, type SourceSpec } from './source-spec';
import { StreamFeed } from './stream-feed';
import { relayCommand, relayLabel } from './url-feed';
import { startBusWorker, startFeedWorker } from './worker-thread';

export interface LiveBusOptions {
  /** The ffmpeg that decodes `file:` and `url:` sources (the studio's located one). */
  ffmpeg?: string | null;
  /** Builds the microphone's capture program (from the recorder's, given by the composition). */
  micCommand?: MicCommandSource;
  mixer?: Partial<MixerSettings>;
  /** How much programme main's ring holds before blocks are dropped for a slow reader. */
  outputMs?: number;
  transport?: OutputTransport;
  /**
   * The programme's ring, made by its reader (a PcmRing's buffer): a reader on another thread
   * (the air's) that is in place before block 0 reads every block from the first.
   */
  programme?: SharedArrayBuffer;
}

export interface AddSourceOptions {
  id?: string;
  priority: PriorityClass;
  levelDb?: number;
  /** Starts playing at once (default), or waits for play(). */
  playing?: boolean;
  /** Takes the air at once (pre-empts every lower class): what an emergency does. */
  takeAir?: boolean;
  /**
   * PCM in hand before playing and after running dry (default 60 ms; a relay 250 ms, for the
   * network's jitter; a microphone 100 ms, for the sound system's blocks on a busy machine).
   */
  prebufferMs?: number;
  /**
   * The ring's depth: how far a source may run ahead of the air (default 1 s stream, 2 s file).
   * For a relay or a microphone it is also the most it can lag (what does not fit is dropped):
   * default 500 ms.
   */
  bufferMs?: number;
  /** The PCM of a `pcm:-` source. */
  stream?: Readable;
  /** A file played from this many seconds in (a scheduled slot picked up mid-way); default 0. */
  startSec?: number;
}

export type SourceEvent =
  | { type: 'ended'; id: string }
  | { type: 'removed'; id: string }
  | { type: 'underrun'; id: string; underruns: number }
  | { type: 'error'; id: string; message: string }
  /**
   * A relay's or a microphone's link: `down` (why, in Vietnamese; the next attempt's wait) and
   * `up` again, with its reconnections so far. `pid`: its program's while up.
   */
  | ({ type: 'link'; id: string; pid: number | null } & LinkReport);

export interface Meters {
  report: MeterReport;
  clock: ClockReport;
}

/**
 * How often main reads the programme's ring: 50 times a second, 3,840 bytes a time (the
 * encoders that need it sooner will read it in the worker).
 */
const OUTPUT_POLL_MS = 20;

/**
 * A relay's or a microphone's ring: the most it may lag the air (a burst on connect or an upstream
 * whose clock runs fast fills it; the rest is dropped), and room for a network's jitter.
 */
const LIVE_INPUT_MS = 500;

const PREBUFFER_MS: Record<SourceSpec['kind'], number> = { pcm: 60, file: 60, url: 250, mic: 100 };

/** Levels a user may set: from silence (−120 dB) to +12 dB. */
const LEVEL_RANGE = [-120, 12] as const;

export class LiveBus {
  private readonly events = new EventEmitter();
  private readonly feeds = new Map<string, StreamFeed>();
  /** Sources the feed thread runs (files, relays, microphones): stopped there when removed. */
  private readonly fed = new Set<string>();
  private feedThread: Worker | null = null;
  private ffmpeg: string | null = null;
  private readonly doorbell: Int32Array;
  private readonly outputRing: PcmRing | null;
  private closed: Promise<void> | null = null;
  private outputTaken = false;
  private t0 = 0;

  private constructor(
    private readonly worker: Worker,
    doorbell: SharedArrayBuffer,
    output: SharedArrayBuffer | null,
    readonly transport: OutputTransport,
  ) {
    this.doorbell = new Int32Array(doorbell);
    this.outputRing = output ? new PcmRing(output) : null;
    worker.on('message', (m: WorkerMessage) => this.receive(m));
    worker.on('error', (err) => this.events.emit('failed', err));
  }

  /** Starts the bus's thread; resolves once its clock runs. */
  static async open(opts: LiveBusOptions = {}): Promise<LiveBus> {
    const transport = opts.transport ?? 'ring';
    const settings: MixerSettings = {
      ...DEFAULT_MIXER,
      ...opts.mixer,
      duck: { ...DEFAULT_MIXER.duck, ...opts.mixer?.duck },
    };
    const doorbell = new SharedArrayBuffer(4);
    const output =
      transport === 'ring'
        ? (opts.programme ?? PcmRing.create(bytesOfMs(opts.outputMs ?? 2000)).buffer)
        : null;
    const worker = startBusWorker({ settings, transport, output, doorbell });
    const bus = new LiveBus(worker, doorbell, output, transport);
    bus.ffmpeg = opts.ffmpeg ?? null;
    bus.micCommand = opts.micCommand ?? null;
    // With an ffmpeg the feed thread starts beside the bus's, so that a first file plays as soon
    // as its ffmpeg does (a thread takes from 50 ms built to most of a second from the sources).
    const feedsReady = bus.ffmpeg ? bus.startFeeds() : null;
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'ready') return;
        bus.t0 = m.t0;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the bus's worker exited (${code}) before it was ready`)),
      );
    });
    await feedsReady;
    return bus;
  }

  /**
   * When block 0 was due, in ms since the epoch: block n is due at startedAt + n × 10 ms (the
   * clock never drifts from that; a stall past 500 ms, counted in `slips`, moves it on).
   */
  get startedAt(): number {
    return this.t0;
  }

  private micCommand: MicCommandSource | null = null;

  /** Adds a source; returns its id. */
  addSource(spec: SourceSpec | string, opts: AddSourceOptions): string {
    const source = typeof spec === 'string' ? parseSourceSpec(spec) : spec;
    if (!PRIORITY_CLASSES.includes(opts.priority)) throw new RangeError(`no priority class ${opts.priority}`);
    const id = opts.id ?? randomUUID();
    const base = {
      type: 'add' as const,
      id,
      priority: opts.priority,
      levelDb: checkLevel(opts.levelDb ?? 0),
      playing: opts.playing ?? true,
      takesAir: opts.takeAir ?? false,
      prebufferMs: opts.prebufferMs ?? PREBUFFER_MS[source.kind],
    };
    if (source.kind === 'pcm') {
      if (!opts.stream) throw new Error('a pcm:- source needs its stream');
      const ring = PcmRing.create(bytesOfMs(opts.bufferMs ?? 1000));
      this.feeds.set(id, new StreamFeed(opts.stream, ring));
      this.send({ ...base, ring: ring.buffer });
    } else if (source.kind === 'file') {
      if (!this.ffmpeg) throw new Error('no ffmpeg was given to the bus: file sources need one');
      const ring = PcmRing.create(bytesOfMs(opts.bufferMs ?? 2000));
      this.fed.add(id);
      this.toFeeds({
        type: 'file',
        id,
        path: source.path,
        startSec: Math.max(0, opts.startSec ?? 0),
        ring: ring.buffer,
      });
      this.send({ ...base, ring: ring.buffer });
    } else if (source.kind === 'url') {
      if (!this.ffmpeg) throw new Error('no ffmpeg was given to the bus: relays need one');
      const ring = PcmRing.create(bytesOfMs(opts.bufferMs ?? LIVE_INPUT_MS));
      this.fed.add(id);
      const command = relayCommand(this.ffmpeg, source.url);
      const label = `nguồn tiếp sóng ${relayLabel(source.url)}`;
      this.toFeeds({ type: 'input', id, command, label, ring: ring.buffer });
      this.send({ ...base, ring: ring.buffer });
    } else {
      const micCommand = this.micCommand;
      if (!micCommand) throw new Error('no microphone capture was given to the bus');
      const ring = PcmRing.create(bytesOfMs(opts.bufferMs ?? LIVE_INPUT_MS));
      this.fed.add(id);
      this.send({ ...base, ring: ring.buffer });
      // The sound system is asked which input and program (it takes a moment): the source waits
      // on the bus, buffering, meanwhile. No microphone: its error, and the source ends.
      micCommand(source.device).then(
        ({ label, ...command }) => {
          if (this.fed.has(id)) this.toFeeds({ type: 'input', id, command, label, ring: ring.buffer });
        },
        (err: unknown) => {
          if (!this.fed.has(id)) return;
          const message = err instanceof Error ? err.message : String(err);
          this.events.emit('source', { type: 'error', id, message } satisfies SourceEvent);
          new PcmRing(ring.buffer).end();
        },
      );
    }
    return id;
  }

  setLevel(id: string, db: number, fadeMs?: number): void {
    this.send({ type: 'level', id, db: checkLevel(db), ...(fadeMs === undefined ? {} : { fadeMs }) });
  }

  play(id: string): void {
    this.send({ type: 'play', id });
  }

  pause(id: string): void {
    this.send({ type: 'pause', id });
  }

  /** The source plays and holds the air: every lower class fades out within preemptFadeMs. */
  takeAir(id: string): void {
    this.send({ type: 'takeAir', id });
  }

  releaseAir(id: string): void {
    this.send({ type: 'releaseAir', id });
  }

  /** Fades the source out and drops it (its stream is let go, its ffmpeg stopped). */
  remove(id: string): void {
    this.send({ type: 'remove', id });
  }

  /** About ten times a second: every source's meter, the programme's, and the clock's health. */
  onMeters(listener: (m: Meters) => void): () => void {
    this.events.on('meters', listener);
    return () => this.events.off('meters', listener);
  }

  onSource(listener: (e: SourceEvent) => void): () => void {
    this.events.on('source', listener);
    return () => this.events.off('source', listener);
  }

  /**
   * A thread of the bus died (a bug: the bus is off the air). Not an 'error' event: an emitter's
   * 'error' with no listener would throw in main, and the studio must outlive its bus.
   */
  onFailure(listener: (err: Error) => void): () => void {
    this.events.on('failed', listener);
    return () => this.events.off('failed', listener);
  }

  /**
   * The programme, s16le 48 kHz stereo, from block 0 (the ring keeps `outputMs` of it for a reader
   * that comes late). One reader: the encoders of a later slice take it inside the worker. A
   * reader that falls behind by the whole ring loses blocks (counted in the clock's
   * `outputOverruns`); the bus never waits for it.
   */
  output(): Readable {
    if (this.outputTaken) throw new Error("the bus's output has one reader");
    this.outputTaken = true;
    if (this.transport === 'transfer') {
      const stream = new Readable({ read() {} });
      this.events.on('pcm', (chunk: Buffer) => stream.push(chunk));
      this.events.once('closed', () => stream.push(null));
      return stream;
    }
    const ring = this.outputRing!;
    const scratch = new Uint8Array(Math.max(BLOCK_BYTES, ring.capacity));
    let timer: NodeJS.Timeout | null = null;
    const stream: Readable = new Readable({
      read: () => {
        timer ??= setInterval(pull, OUTPUT_POLL_MS);
      },
      destroy: (err, cb) => {
        if (timer) clearInterval(timer);
        cb(err);
      },
    });
    const pull = () => {
      const n = ring.read(scratch);
      if (n > 0 && !stream.push(Buffer.from(scratch.subarray(0, n)))) {
        clearInterval(timer!);
        timer = null;
      }
    };
    this.events.once('closed', () => {
      if (timer) clearInterval(timer);
      pull();
      stream.push(null);
    });
    return stream;
  }

  /**
   * The programme's ring itself, for a reader on another thread (the air's encoders): the same one
   * reader as `output()`, without main in the path. Block n starts at byte n × BLOCK_BYTES of
   * what the ring has carried (and was due at `startedAt + n × 10 ms`).
   */
  programmeRing(): SharedArrayBuffer {
    if (this.outputTaken) throw new Error("the bus's output has one reader");
    if (!this.outputRing) throw new Error('a bus with the transfer transport has no programme ring');
    this.outputTaken = true;
    return this.outputRing.buffer;
  }

  /** Stops the clock, the files' ffmpegs and both threads. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      for (const feed of this.feeds.values()) feed.dispose();
      this.feeds.clear();
      const feeds = this.feedThread;
      const feedsGone = feeds ? new Promise<void>((resolve) => feeds.once('exit', () => resolve())) : null;
      feeds?.postMessage({ type: 'close' } satisfies FeedCommand);
      await new Promise<void>((resolve) => {
        this.worker.once('exit', () => resolve());
        this.events.once('closed', () => {
          void this.worker.terminate();
        });
        this.send({ type: 'close' });
      });
      await feedsGone;
    })();
    return this.closed;
  }

  /** Starts the feed thread; resolves once it listens. */
  private startFeeds(): Promise<void> {
    const thread = startFeedWorker({ ffmpeg: this.ffmpeg });
    this.feedThread = thread;
    thread.on('error', (err) => this.events.emit('failed', err));
    return new Promise<void>((resolve, reject) => {
      thread.on('message', (m: FeedMessage) => {
        if (m.type === 'ready') resolve();
        else this.events.emit('source', m);
      });
      thread.once('exit', (code) =>
        reject(new Error(`the feed thread exited (${code}) before it was ready`)),
      );
    });
  }

  /** To the feed thread, started here if the bus had no ffmpeg (a microphone needs none). */
  private toFeeds(cmd: FeedCommand): void {
    if (!this.feedThread && !this.closed) {
      this.startFeeds().catch((err: Error) => this.events.emit('failed', err));
    }
    this.feedThread?.postMessage(cmd);
  }

  private send(cmd: BusCommand): void {
    this.worker.postMessage(cmd);
    Atomics.add(this.doorbell, 0, 1);
    Atomics.notify(this.doorbell, 0);
  }

  private receive(m: WorkerMessage): void {
    switch (m.type) {
      case 'meters':
        this.events.emit('meters', { report: m.report, clock: m.clock });
        break;
      case 'source':
        if (m.event.type === 'removed' || m.event.type === 'ended') {
          this.feeds.get(m.event.id)?.dispose();
          this.feeds.delete(m.event.id);
          if (m.event.type === 'removed' && this.fed.delete(m.event.id))
            this.toFeeds({ type: 'stop', id: m.event.id });
        }
        this.events.emit('source', m.event);
        break;
      case 'pcm':
        this.events.emit('pcm', Buffer.from(m.data));
        break;
      case 'closed':
        this.events.emit('closed');
        break;
      case 'ready':
        break;
    }
  }
}

function checkLevel(db: number): number {
  if (!Number.isFinite(db) || db < LEVEL_RANGE[0] || db > LEVEL_RANGE[1]) {
    throw new RangeError(`a level is between ${LEVEL_RANGE[0]} and ${LEVEL_RANGE[1]} dB, not ${db}`);
  }
  return db;
}
