/**
 * The live desk's items in the broadcast log (issue 16): what an operator put on the air by hand
 * (a file, a programme, a relay, the microphone) and the emergencies started by hand. It follows
 * the live service's state (every `live.state`, and a look twice a second for the seconds heard)
 * and writes through the one BroadcastLogSink: an entry once the source is heard on the air, a
 * break (pre-empted by an emergency, paused, another source holding the air) as an interruption
 * when it is over, the seconds each station heard, the end and its outcome.
 *
 * Items whose writer logs them itself (the schedule's runner, by its actor's name) are left to it,
 * so that nothing is logged twice.
 */
import type { BroadcastKind, BroadcastLogEntry, LiveSource, LiveState, LiveStationState } from '../contract';
import type { Logger } from '../platform/logger';
import type { BroadcastLogSink } from './broadcast-log-sink';

export interface DeskLogDeps {
  sink: BroadcastLogSink;
  /** The live service's state now (the seconds heard are sampled from it). */
  state: () => LiveState;
  /** Names of writers that log their own items (`Lịch phát`). */
  ownWriters: readonly string[];
  log: Logger;
  now?: () => number;
  /** How often the seconds each station hears are counted while an item is on air (default 500 ms). */
  sampleMs?: number;
}

export const EMERGENCY_BREAK = 'Bị phát khẩn cấp chen ngang.';
export const PAUSED_BREAK = 'Người vận hành tạm dừng nguồn.';
export const YIELDED_BREAK = 'Nhường sóng cho nguồn ưu tiên hơn.';

interface Item {
  logId: string;
  kind: BroadcastKind;
  /** Every station the item was aimed at while on air. */
  codes: Set<string>;
  heard: Map<string, number>;
  sampledAt: number;
  /** The break going on: since when, and why. */
  breakSince: number | null;
  breakWhy: string | null;
}

export class DeskLog {
  private readonly items = new Map<string, Item>();
  private sampler: NodeJS.Timeout | null = null;
  /** The state told last: what held since then (the time until the next one is counted by it). */
  private last: LiveState | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: DeskLogDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Every `live.state`. */
  onState(state: LiveState): void {
    // Only whole states (an event bus may be handed anything: the role matrix sends `{}`).
    if (!Array.isArray(state?.stations) || !Array.isArray(state.sources)) return;
    try {
      this.follow(state, this.now());
    } catch (err) {
      // The air goes on whatever the log does; the log's own failure is told once per change.
      this.deps.log.error('The desk could not write to the broadcast log', err);
    }
  }

  /** Closes every entry (the studio closes): cut short where a file had more to play. */
  close(): void {
    this.stopSampler();
    const at = this.now();
    const state = safeState(this.deps.state);
    if (this.last) this.sample(this.last, at);
    for (const id of [...this.items.keys()]) this.finish(id, state, at, 'Studio đóng lại.');
  }

  private follow(state: LiveState, at: number): void {
    this.sample(this.last ?? state, at);
    this.last = state;
    const byId = new Map(state.sources.map((s) => [s.id, s]));
    for (const id of [...this.items.keys()]) {
      const source = byId.get(id);
      if (state.mode === 'off' || !source || source.state === 'ended' || source.state === 'failed')
        this.finish(id, state, at, null);
    }
    for (const source of state.sources) {
      if (this.deps.ownWriters.includes(source.addedBy)) continue;
      const item = this.items.get(source.id);
      if (!item) {
        if (source.onAir && state.mode !== 'off') this.begin(source, state, at);
        continue;
      }
      if (source.state === 'ended' || source.state === 'failed') continue;
      for (const s of state.stations) if (onItsChannel(item, s)) item.codes.add(s.code);
      let why = breakOf(item, source, state);
      // Back from a break, the bus gives the air back over a fade and the meters tell it a tenth
      // of a second later: still the same break, not another one.
      if (why === YIELDED_BREAK && item.breakWhy !== null) why = item.breakWhy;
      if (why !== item.breakWhy) {
        this.closeBreak(item, at);
        if (why) {
          item.breakSince = at;
          item.breakWhy = why;
        }
      }
    }
    this.syncSampler();
  }

  private begin(source: LiveSource, state: LiveState, at: number): void {
    const emergency = state.emergency?.sourceId === source.id ? state.emergency : null;
    const kind: BroadcastKind = emergency ? 'emergency' : kindOf(source.spec);
    const codes = emergency
      ? emergency.codes
      : state.stations.filter((s) => s.targeted && !s.inEmergency).map((s) => s.code);
    const entry: Omit<BroadcastLogEntry, 'id' | 'actualEnd' | 'outcome' | 'note' | 'interruptions'> = {
      kind,
      title: source.label,
      spec: source.spec,
      sha256: source.sha256,
      slotId: null,
      scheduledStart: null,
      scheduledEnd: null,
      actualStart: new Date(at).toISOString(),
      startedBy: emergency?.startedBy ?? source.addedBy,
      stations: codes.map((code) => ({ code, seconds: 0 })),
    };
    const logId = this.deps.sink.begin(entry);
    this.items.set(source.id, {
      logId,
      kind,
      codes: new Set(codes),
      heard: new Map(),
      sampledAt: at,
      breakSince: null,
      breakWhy: null,
    });
  }

  /** Off the air for good: removed, ended, failed, or the air stopped. */
  private finish(id: string, state: LiveState | null, at: number, note: string | null): void {
    const item = this.items.get(id)!;
    this.items.delete(id);
    this.closeBreak(item, at);
    const source = state?.sources.find((s) => s.id === id);
    const { sink } = this.deps;
    sink.received(
      item.logId,
      [...item.codes].map((code) => ({ code, seconds: Math.round((item.heard.get(code) ?? 0) / 100) / 10 })),
    );
    // A file or programme cut before its end was interrupted; live speech and relays end when taken off.
    const whole = item.kind === 'live' || item.kind === 'relay' || source?.state === 'ended';
    if (source?.state === 'failed')
      sink.end(item.logId, new Date(at).toISOString(), 'interrupted', source.error ?? note);
    else
      sink.end(
        item.logId,
        new Date(at).toISOString(),
        whole ? 'aired' : 'interrupted',
        note ?? (whole ? null : 'Dừng trước khi hết tệp.'),
      );
    this.syncSampler();
  }

  private closeBreak(item: Item, at: number): void {
    if (item.breakSince === null || item.breakWhy === null) return;
    this.deps.sink.interrupt(item.logId, {
      at: new Date(item.breakSince).toISOString(),
      seconds: Math.round((at - item.breakSince) / 100) / 10,
      reason: item.breakWhy,
    });
    item.breakSince = null;
    item.breakWhy = null;
  }

  /** Adds, for every item on air, the time each of its stations was reached on its channel. */
  private sample(state: LiveState, at: number): void {
    const stations = new Map(state.stations.map((s) => [s.code, s]));
    const sources = new Map(state.sources.map((s) => [s.id, s]));
    for (const [id, item] of this.items) {
      const dt = Math.max(0, at - item.sampledAt);
      item.sampledAt = at;
      if (!sources.get(id)?.onAir) continue;
      for (const code of item.codes) {
        const s = stations.get(code);
        if (s?.link === 'listening' && onItsChannel(item, s))
          item.heard.set(code, (item.heard.get(code) ?? 0) + dt);
      }
    }
  }

  private syncSampler(): void {
    if (this.items.size > 0 && !this.sampler) {
      this.sampler = setInterval(() => {
        const state = safeState(this.deps.state);
        if (state) {
          this.sample(state, this.now());
          this.last = state;
        }
      }, this.deps.sampleMs ?? 500);
      this.sampler.unref();
    } else if (this.items.size === 0) this.stopSampler();
  }

  private stopSampler(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }
}

/** A station hears the item: an emergency's on its channel, any other item where no emergency is. */
function onItsChannel(item: Item, s: LiveStationState): boolean {
  return item.kind === 'emergency' ? s.inEmergency : s.targeted && !s.inEmergency;
}

/** Why the item is not heard (everywhere) now, or null. */
function breakOf(item: Item, source: LiveSource, state: LiveState): string | null {
  const em = state.emergency;
  if (item.kind !== 'emergency' && em && em.sourceId !== source.id) {
    const cut = em.codes.filter((c) => item.codes.has(c));
    if (cut.length > 0)
      return source.onAir && cut.length < item.codes.size
        ? `Bị phát khẩn cấp chen ngang ở cụm thu ${cut.join(', ')}.`
        : EMERGENCY_BREAK;
  }
  if (source.state === 'paused') return PAUSED_BREAK;
  if (!source.onAir && source.state === 'playing') return YIELDED_BREAK;
  return null;
}

function kindOf(spec: string): BroadcastKind {
  if (spec.startsWith('programme:')) return 'programme';
  if (spec.startsWith('file:')) return 'file';
  if (spec.startsWith('url:')) return 'relay';
  return 'live';
}

function safeState(state: () => LiveState): LiveState | null {
  try {
    return state();
  } catch {
    // The service is closing: the sample is skipped, the end comes from its last state.
    return null;
  }
}
