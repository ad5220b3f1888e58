/**
 * The mixer: what the bus does once per block, with no clock of its own (the worker's clock calls
 * `mixBlock`; tests and the benchmark call it as fast as they like).
 *
 * Each source reads a block from its ring and is scaled by three gains multiplied per frame:
 * - its level (dB, faded linearly over `fadeMs` when changed);
 * - its gate (0 or 1): open while it plays and nothing of a higher class holds the air, faded over
 *   `fadeMs` on play/pause/remove and over `preemptFadeMs` when pre-empted;
 * - the ducking gain, for sources of a lower class than the microphone, from a sidechain key
 *   (the loudest microphone-class source of the same block, after its own gains).
 * The sum is clipped to s16 once. Meters accumulate per source and for the programme.
 *
 * Pre-emption: a source that takes the air (`takeAir`, an emergency by default) holds it while it
 * plays; every source of a lower class fades out within `preemptFadeMs` and back in after.
 */
import { LIVE_PRIORITIES, type LivePriority } from '../../contract/live-models';
import type { PcmRing } from './pcm-ring';
import { DEFAULT_DUCK, DuckEnvelope, GainRamp, clipToS16, rmsDb, type DuckSettings } from './mix-math';
import {
  BLOCK_BYTES,
  BLOCK_MS,
  BLOCK_SAMPLES,
  bytesOfMs,
  BYTES_PER_FRAME,
  BUS_RATE,
  dbToGain,
  gainToDb,
} from './format';

/** Who may take the air from whom: emergency > live microphone > playout > relay (the contract's order). */
export const PRIORITY_CLASSES = LIVE_PRIORITIES;
export type PriorityClass = LivePriority;
const RANK: Record<PriorityClass, number> = { relay: 0, playout: 1, mic: 2, emergency: 3 };

export interface MixerSettings {
  /** Fade of play, pause, remove and level changes. */
  fadeMs: number;
  /** Fade-out of the sources a pre-emption silences: the bus's share of the emergency's second. */
  preemptFadeMs: number;
  duck: DuckSettings;
}

export const DEFAULT_MIXER: MixerSettings = { fadeMs: 20, preemptFadeMs: 30, duck: DEFAULT_DUCK };

export interface MixerSourceInit {
  id: string;
  priority: PriorityClass;
  ring: PcmRing;
  levelDb: number;
  playing: boolean;
  /** Holds the air while it plays (pre-empts every lower class). */
  takesAir: boolean;
  /** PCM to have in hand before playing, and again after running dry (a jitter buffer). */
  prebufferMs: number;
}

export type SourceState = 'buffering' | 'playing' | 'ended';

export interface SourceMeter {
  id: string;
  priority: PriorityClass;
  peakDb: number;
  rmsDb: number;
  /** Level × gate × ducking now, in dB. */
  gainDb: number;
  state: SourceState;
  /** Audible: its gate is open or fading. */
  onAir: boolean;
  holdsAir: boolean;
  underruns: number;
  bufferedMs: number;
}

export interface MeterReport {
  /** Blocks mixed so far (the last report's block count + METER_BLOCKS). */
  blocks: number;
  programme: { peakDb: number; rmsDb: number; clipped: number };
  duckDb: number;
  sources: SourceMeter[];
}

export type MixerEvent =
  | { type: 'ended'; id: string }
  | { type: 'removed'; id: string }
  | { type: 'underrun'; id: string; underruns: number };

class MixerSource {
  readonly level: GainRamp;
  readonly gate = new GainRamp(0);
  state: SourceState = 'buffering';
  removing = false;
  underruns = 0;
  held = false;
  readonly raw = new Uint8Array(BLOCK_BYTES);
  readonly pcm = new Int16Array(this.raw.buffer);
  readonly post = new Float32Array(BLOCK_SAMPLES);
  peak = 0;
  sumSq = 0;
  count = 0;
  lastGain = 0;
  readonly rank: number;
  readonly prebufferBytes: number;

  constructor(
    readonly init: MixerSourceInit,
    public playing: boolean,
    public takesAir: boolean,
  ) {
    this.level = new GainRamp(dbToGain(init.levelDb));
    this.rank = RANK[init.priority];
    this.prebufferBytes = Math.min(
      init.ring.capacity - 1,
      Math.max(BLOCK_BYTES, bytesOfMs(init.prebufferMs)),
    );
  }

  /** Live sources (microphone, relay) drain while silent: time goes on for them. Others wait. */
  get live(): boolean {
    return this.init.priority === 'mic' || this.init.priority === 'relay';
  }
}

export class Mixer {
  readonly settings: MixerSettings;
  private readonly sources = new Map<string, MixerSource>();
  private readonly duck: DuckEnvelope;
  private readonly acc = new Float32Array(BLOCK_SAMPLES);
  private readonly events: MixerEvent[] = [];
  private blocks = 0;
  private progPeak = 0;
  private progSumSq = 0;
  private progCount = 0;
  private clipped = 0;

  constructor(settings: Partial<MixerSettings> = {}) {
    this.settings = { ...DEFAULT_MIXER, ...settings, duck: { ...DEFAULT_MIXER.duck, ...settings.duck } };
    this.duck = new DuckEnvelope(this.settings.duck);
  }

  add(init: MixerSourceInit): void {
    if (this.sources.has(init.id)) throw new Error(`source ${init.id} is already on the bus`);
    this.sources.set(init.id, new MixerSource(init, init.playing, init.takesAir));
  }

  has(id: string): boolean {
    return this.sources.has(id);
  }

  setLevel(id: string, db: number, fadeMs = this.settings.fadeMs): void {
    this.must(id).level.set(dbToGain(db), fadeMs);
  }

  play(id: string): void {
    this.must(id).playing = true;
  }

  pause(id: string): void {
    this.must(id).playing = false;
  }

  takeAir(id: string): void {
    const s = this.must(id);
    s.takesAir = true;
    s.playing = true;
  }

  releaseAir(id: string): void {
    this.must(id).takesAir = false;
  }

  /** Fades the source out; it leaves the bus (event `removed`) once silent. */
  remove(id: string): void {
    const s = this.sources.get(id);
    if (s) s.removing = true;
  }

  /** Events since the last call (ended, removed, underrun). */
  drainEvents(): MixerEvent[] {
    return this.events.splice(0);
  }

  get blockCount(): number {
    return this.blocks;
  }

  /** Mixes the next block into `out` (BLOCK_SAMPLES s16 samples). */
  mixBlock(out: Int16Array): void {
    const { fadeMs, preemptFadeMs } = this.settings;
    let floor = -1;
    for (const s of this.sources.values()) {
      if (s.takesAir && s.playing && !s.removing && s.state !== 'ended') floor = Math.max(floor, s.rank);
    }
    for (const s of this.sources.values()) {
      const held = s.rank < floor;
      const open = s.playing && !s.removing && s.state !== 'ended' && !held;
      const target = open ? 1 : 0;
      if (target !== s.gate.target) s.gate.set(target, held && !s.held ? preemptFadeMs : fadeMs);
      s.held = held;
      this.read(s);
    }

    // Microphone-class sources first: their level after their own gains is the ducking key.
    let keyDb = -Infinity;
    for (const s of this.sources.values()) {
      if (s.init.priority !== 'mic') continue;
      this.scale(s, 1, 1);
      keyDb = Math.max(keyDb, rmsDb(blockSumSq(s.post), BLOCK_SAMPLES));
    }
    // With no microphone the key is silence: the envelope releases.
    const [d0, d1] = this.duck.advance(keyDb, BLOCK_MS);
    for (const s of this.sources.values()) {
      if (s.init.priority === 'mic') continue;
      if (s.rank < RANK.mic) this.scale(s, d0, d1);
      else this.scale(s, 1, 1);
    }

    const acc = this.acc;
    acc.fill(0);
    for (const s of this.sources.values()) {
      const post = s.post;
      for (let i = 0; i < acc.length; i++) acc[i] = (acc[i] as number) + (post[i] as number);
    }
    this.clipped += clipToS16(acc, out);
    for (let i = 0; i < out.length; i++) {
      const v = (out[i] as number) / 32768;
      const a = v < 0 ? -v : v;
      if (a > this.progPeak) this.progPeak = a;
      this.progSumSq += v * v;
    }
    this.progCount += BLOCK_SAMPLES;
    this.blocks++;

    for (const [id, s] of this.sources) {
      if (s.removing && s.gate.value === 0) {
        this.sources.delete(id);
        this.events.push({ type: 'removed', id });
      }
    }
  }

  /** The meters since the last report, and resets them. */
  meters(): MeterReport {
    const sources: SourceMeter[] = [];
    for (const s of this.sources.values()) {
      sources.push({
        id: s.init.id,
        priority: s.init.priority,
        peakDb: gainToDb(s.peak),
        rmsDb: rmsDb(s.sumSq, s.count),
        gainDb: gainToDb(s.lastGain),
        state: s.state,
        onAir: s.gate.value > 0,
        holdsAir: s.takesAir && s.playing,
        underruns: s.underruns,
        bufferedMs: (s.init.ring.available() / BYTES_PER_FRAME / BUS_RATE) * 1000,
      });
      s.peak = 0;
      s.sumSq = 0;
      s.count = 0;
    }
    const report: MeterReport = {
      blocks: this.blocks,
      programme: {
        peakDb: gainToDb(this.progPeak),
        rmsDb: rmsDb(this.progSumSq, this.progCount),
        clipped: this.clipped,
      },
      duckDb: this.duck.db,
      sources,
    };
    this.progPeak = 0;
    this.progSumSq = 0;
    this.progCount = 0;
    this.clipped = 0;
    return report;
  }

  private must(id: string): MixerSource {
    const s = this.sources.get(id);
    if (!s) throw new Error(`no source ${id} on the bus`);
    return s;
  }

  /** Fills `s.pcm` with the source's next block (silence where it has none). */
  private read(s: MixerSource): void {
    const ring = s.init.ring;
    const audible = s.gate.value > 0 || s.gate.target > 0;
    if (!audible && !s.live) {
      s.pcm.fill(0);
      return;
    }
    if (s.state === 'buffering') {
      if (ring.available() >= s.prebufferBytes || ring.ended) s.state = 'playing';
      else {
        s.pcm.fill(0);
        return;
      }
    }
    if (s.state === 'ended') {
      s.pcm.fill(0);
      return;
    }
    const got = ring.read(s.raw);
    if (got < BLOCK_BYTES) {
      s.raw.fill(0, got);
      if (ring.ended && ring.available() === 0) {
        s.state = 'ended';
        this.events.push({ type: 'ended', id: s.init.id });
      } else {
        // Ran dry: what it had, then silence; play again once the prebuffer is back in hand.
        s.underruns++;
        s.state = 'buffering';
        this.events.push({ type: 'underrun', id: s.init.id, underruns: s.underruns });
      }
    }
  }

  /** `s.post` = `s.pcm` × level × gate × a ducking gain moving linearly from d0 to d1; meters it. */
  private scale(s: MixerSource, d0: number, d1: number): void {
    const { pcm, post, level, gate } = s;
    const still = !level.moving && !gate.moving && d0 === d1;
    let peak = 0;
    let sumSq = 0;
    let g = 0;
    if (still && level.value * gate.value * d0 === 0) {
      post.fill(0);
    } else {
      // Loop bounds from the arrays, not the imported constants: run from the sources (tsx's
      // CommonJS), an import is a getter, and one per sample cost a fifth of the bus's time.
      const frames = pcm.length / 2;
      const dStep = (d1 - d0) / frames;
      for (let f = 0, i = 0; f < frames; f++, i += 2) {
        g = level.next() * gate.next() * (d0 + dStep * (f + 1));
        const l = (pcm[i] as number) * g;
        const r = (pcm[i + 1] as number) * g;
        post[i] = l;
        post[i + 1] = r;
        const al = l < 0 ? -l : l;
        const ar = r < 0 ? -r : r;
        if (al > peak) peak = al;
        if (ar > peak) peak = ar;
        sumSq += l * l + r * r;
      }
    }
    s.lastGain = still ? level.value * gate.value * d1 : g;
    s.peak = Math.max(s.peak, peak / 32768);
    s.sumSq += sumSq / (32768 * 32768);
    s.count += BLOCK_SAMPLES;
  }
}

function blockSumSq(post: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < post.length; i++) {
    const v = (post[i] as number) / 32768;
    sum += v * v;
  }
  return sum;
}
