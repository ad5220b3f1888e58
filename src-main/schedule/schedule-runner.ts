/**
 * The schedule's runner (issue 16): plays the schedule on the live engine whether or not a window
 * is open. It wakes a few seconds before each occurrence to make the air ready (the air opened to
 * the slot's target, the audio checked against its hash and added paused, so the file's decoder
 * has filled its ring), at the start to put it on air, at the end to take it off, and whenever the
 * schedule changes (and once a minute, which covers midnight and stations turned on or off).
 *
 * Meetings follow TT 39: an emergency slot pre-empts everything it reaches at once (the live
 * service's emergency); of the rest the highest class holds the air (ưu tiên before thông thường),
 * a programme or file before a relay, and of equals the one that began first. What loses is paused
 * (a paused or pre-empted file is not read by the bus, so it goes on from where it stopped);
 * when the air is free again it resumes or, by the station's rule, is dropped (relays always come
 * back: a relay is live and has no place to resume from). Every item is written to the broadcast
 * log: its start, each break and why, the seconds each station heard, its end and outcome.
 *
 * A slot picked up mid-way (the studio started late, or restarted under it) plays its file from
 * the place the slot's clock has reached: the time since its start less the time it was held or
 * waited its turn (kept across restarts by schedule-runner-marks.ts, with what is done, so that a
 * restart never plays a finished occurrence again); the log records the missed part as an
 * interruption. A relay has no place: it comes back live.
 *
 * Limits, said here so nobody relies on them: after a crash (no orderly stop) a slot that was
 * held at that moment resumes as if it had been playing; slots to different station sets
 * at the same time share the main channel only when their sets are equal (an emergency excepted:
 * it gets a channel of its own), otherwise the later one fails with its reason in the log.
 */
import {
  StudioError,
  type BroadcastKind,
  type BroadcastLogEntry,
  type BroadcastReception,
  type LiveState,
  type ScheduleOccurrence,
  type ScheduleRunState,
  type ScheduleSettings,
  type ScheduleSlot,
  type Station,
} from '../contract';
import { sha256OfFile } from '../platform/file-hash';
import type { Logger } from '../platform/logger';
import type { LiveActor, LiveService } from '../live/live-service';
import { resolveTarget } from '../live/live-targets';
import type { ScheduleClock } from './schedule-clock';
import type { BroadcastLogSink } from '../broadcast-log/broadcast-log-sink';
import { memoryRunMarks, type ScheduleRunMark, type ScheduleRunMarks } from './schedule-runner-marks';

/** The runner's log is the one BroadcastLogSink (the name stays for the runner's tests). */
export type ScheduleLogSink = BroadcastLogSink;

export interface ScheduleRunnerDeps {
  schedule: {
    list(): ScheduleSlot[];
    settings(): ScheduleSettings;
    onChange(listener: () => void): () => void;
  };
  /** The schedule's planner (`planOccurrences`). */
  plan: (
    slots: readonly ScheduleSlot[],
    stations: readonly Station[],
    fromMs: number,
    toMs: number,
  ) => ScheduleOccurrence[];
  stations: () => Station[];
  live: Pick<
    LiveService,
    | 'state'
    | 'start'
    | 'stop'
    | 'addSource'
    | 'play'
    | 'pause'
    | 'removeSource'
    | 'startEmergency'
    | 'endEmergency'
  >;
  log: BroadcastLogSink;
  /** A programme's approved master, its file and hash checked on disk now (PROGRAMME_NOT_APPROVED else). */
  approvedMaster: (id: string) => Promise<{ file: string; sha256: string }>;
  clock: ScheduleClock;
  logger: Logger;
  /** What was done with each occurrence, kept across restarts (default: in memory only). */
  runs?: ScheduleRunMarks;
  /** How long before its start an occurrence's audio is made ready (default 5 s). */
  prerollMs?: number;
  /** How long before its start the air is opened for it when it is off (default 30 s). */
  airLeadMs?: number;
}

/** The schedule's name on the air and in the log. */
export const SCHEDULE_ACTOR_NAME = 'Lịch phát';
/** The schedule never reads standard input (no slot plays `pcm:-`); the host only gates that. */
const ACTOR: LiveActor = { name: SCHEDULE_ACTOR_NAME, host: 'cli' };
const DEFAULT_PREROLL_MS = 5_000;
/** Opening the air (the encoders and their spares, the emergency standby) took 8 s at load 18. */
const DEFAULT_AIR_LEAD_MS = 30_000;
/** The runner looks again at least this often (midnight, stations turned on or off, a clock set). */
const REPLAN_MS = 60_000;
/** How far ahead occurrences are planned for `state()`'s next ones. */
const HORIZON_MS = 24 * 3600_000;
/** Picked up later than this after its start: the studio was not running at its time. */
const LATE_MS = 1_000;
/** How often the seconds each station hears are counted while something is on air. */
const SAMPLE_MS = 500;

const RANK = { normal: 0, priority: 1, emergency: 2 } as const;

interface Airing {
  key: string;
  occ: ScheduleOccurrence;
  slot: ScheduleSlot;
  kind: BroadcastKind;
  /** The bus's spec: a programme's approved master file, the slot's file or relay URL. */
  spec: string;
  sha256: string | null;
  /** The live source (null until added: an emergency's is added when it starts). */
  sourceId: string | null;
  /** `ready`: added, waiting for its start or its turn; `on`: on air; `held`: pre-empted, paused. */
  phase: 'ready' | 'on' | 'held';
  logId: string | null;
  /** Picked up after its start: the studio was not running at its time (opened or restarted mid-slot). */
  pickedUpLate: boolean;
  /** What an earlier run of the studio did with it (it stopped under it): null when none. */
  before: ScheduleRunMark | null;
  /** Where in its file it began (a file picked up mid-way), in seconds. */
  startSec: number;
  /** How far the file's place lags the time since the slot's start (held, or waiting its turn). */
  lagMs: number;
  heldSince: number | null;
  heldWhy: string | null;
  heard: Map<string, number>;
  sampledAt: number | null;
}

export class ScheduleRunner {
  private readonly airings = new Map<string, Airing>();
  /** Occurrences already aired, skipped or failed, and where the others stood when the studio stopped. */
  private readonly runs: ScheduleRunMarks;
  private cancelWake: (() => void) | null = null;
  private unsubscribe: (() => void) | null = null;
  private sampler: NodeJS.Timeout | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private running = false;
  private planned: ScheduleOccurrence[] = [];

  constructor(private readonly deps: ScheduleRunnerDeps) {
    this.runs = deps.runs ?? memoryRunMarks();
  }

  /** Starts playing the schedule: what should be on air now goes on at once (its remainder). */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    this.unsubscribe = this.deps.schedule.onChange(() => this.poke());
    return this.serial(() => this.reconcile());
  }

  /** Stops: whatever the schedule has on air comes off, and the log says it was cut short. */
  async stop(note = 'Lịch phát dừng (studio đóng) giữa giờ phát.'): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.cancelWake?.();
    this.cancelWake = null;
    await this.serial(async () => {
      const now = this.deps.clock.now();
      for (const a of [...this.airings.values()]) await this.finish(a, now, 'interrupted', note, true);
      this.stopSampler();
    });
  }

  state(): ScheduleRunState {
    const now = this.deps.clock.now();
    return {
      running: this.running,
      onAir: [...this.airings.values()].filter((a) => a.phase === 'on').map((a) => ({ ...a.occ })),
      next: this.planned.filter((o) => o.startMs > now).slice(0, 5),
    };
  }

  /** Something changed (the schedule, the air): look again now. */
  poke(): void {
    if (!this.running) return;
    void this.serial(() => this.reconcile()).catch((err: unknown) =>
      this.deps.logger.error('The schedule could not be played', err),
    );
  }

  // ---------------------------------------------------------------------------------------------

  private async reconcile(): Promise<void> {
    if (!this.running) return;
    const preroll = this.deps.prerollMs ?? DEFAULT_PREROLL_MS;
    const airLead = Math.max(preroll, this.deps.airLeadMs ?? DEFAULT_AIR_LEAD_MS);
    try {
      await this.reconcileNow(preroll, airLead);
    } finally {
      // Whatever failed on the way (logged by the caller), the next wake is set.
      if (this.running) this.armWake(preroll, airLead);
    }
  }

  private async reconcileNow(preroll: number, airLead: number): Promise<void> {
    const now = this.deps.clock.now();
    const slots = this.deps.schedule.list();
    const bySlot = new Map(slots.map((s) => [s.id, s]));
    this.planned = this.deps.plan(slots, this.deps.stations(), now, now + HORIZON_MS);
    const planned = new Map(this.planned.map((o) => [keyOf(o), o]));
    this.runs.forget(now - HORIZON_MS);

    // Off the air: at their end, ended by themselves, or taken out of the schedule.
    const live = this.deps.live.state();
    for (const a of [...this.airings.values()]) {
      const o = planned.get(a.key);
      const src = a.sourceId ? live.sources.find((s) => s.id === a.sourceId) : undefined;
      if (a.occ.endMs <= now) await this.finish(a, a.occ.endMs, a.phase === 'held' ? 'interrupted' : 'aired');
      else if (!o) await this.finish(a, now, 'interrupted', 'Mục lịch đã bị gỡ hoặc tắt giữa giờ phát.');
      else if (a.sourceId && !src)
        await this.finish(
          a,
          now,
          'interrupted',
          'Nguồn của mục lịch đã bị gỡ khỏi sóng (dừng phát trực tiếp?).',
        );
      else if (a.phase === 'on' && src?.state === 'ended') await this.finish(a, now, 'aired');
      else if (a.sourceId && src?.state === 'failed')
        await this.finish(a, now, a.logId ? 'interrupted' : 'failed', src.error ?? 'Nguồn không phát được.');
      else a.occ = o;
    }

    // The air opened well ahead (its encoders take seconds, many on a busy PC), the audio made
    // ready a little ahead; both at once when the studio opens mid-slot.
    for (const o of this.planned) {
      const key = keyOf(o);
      if (o.startMs - airLead > now || o.endMs <= now || this.airings.has(key)) continue;
      if (this.runs.recall(key)?.done) continue;
      const slot = bySlot.get(o.slotId);
      if (!slot) continue;
      if (o.startMs - preroll <= now) await this.prepare(o, slot, now);
      else if (o.codes.length > 0) {
        await (slot.priority === 'emergency' ? this.airOnFor(slot) : this.ensureAir(o, slot)).catch(
          (err: unknown) =>
            // Not yet: tried again when the audio is made ready, and logged then.
            this.deps.logger.info(`The air is not ready for slot ${slot.id} yet`, err),
        );
        // Opening the air took seconds (over 12 at load 17): its audio may be due by now, and no
        // wake is set for an instant already past.
        const later = this.deps.clock.now();
        if (o.startMs - preroll <= later && o.endMs > later) await this.prepare(o, slot, later);
      }
    }

    await this.arbitrate(this.deps.clock.now());
  }

  private async prepare(occ: ScheduleOccurrence, slot: ScheduleSlot, now: number): Promise<void> {
    const key = keyOf(occ);
    const kind: BroadcastKind =
      slot.priority === 'emergency'
        ? 'emergency'
        : slot.play.startsWith('programme:')
          ? 'programme'
          : slot.play.startsWith('url:')
            ? 'relay'
            : 'file';
    const fail = (outcome: 'skipped' | 'failed', note: string) => {
      this.runs.mark(key, { endMs: occ.endMs, done: true, lagMs: 0, stoppedAtMs: null });
      this.deps.log.skipped({
        ...this.entryOf(occ, slot, kind, slot.sha256, new Date(now).toISOString()),
        actualEnd: null,
        outcome,
        note,
        interruptions: [],
      });
      this.deps.logger.warn(`Schedule slot ${slot.id} on ${occ.date} not aired: ${note}`);
    };
    if (occ.codes.length === 0)
      return fail('skipped', 'Không có cụm thu nào đang bật trong đích của mục lịch.');

    let spec: string;
    try {
      spec = await this.audioOf(slot);
    } catch (err) {
      return fail('skipped', err instanceof Error ? err.message : String(err));
    }

    const airing: Airing = {
      key,
      occ,
      slot,
      kind,
      spec,
      sha256: slot.sha256,
      sourceId: null,
      phase: 'ready',
      logId: null,
      pickedUpLate: now > occ.startMs + LATE_MS,
      before: this.runs.recall(key),
      startSec: 0,
      lagMs: 0,
      heldSince: null,
      heldWhy: null,
      heard: new Map(),
      sampledAt: null,
    };
    if (kind === 'emergency') {
      // The air open before its time: `live.emergency.start` on an air that is off opens it then,
      // and the encoders take seconds. Failing here, the emergency opens it itself (and says why).
      await this.airOnFor(slot).catch((err: unknown) =>
        this.deps.logger.warn(`The air could not be opened ahead of emergency slot ${slot.id}`, err),
      );
    } else {
      try {
        if ((await this.ensureAir(occ, slot)) === 'wait') return;
        // Opening the air may have taken seconds: the place is the slot's clock's once it is open.
        airing.startSec = this.placeOf(airing, this.deps.clock.now());
        const source = await this.deps.live.addSource(
          {
            spec,
            priority: kind === 'relay' ? 'relay' : 'playout',
            levelDb: 0,
            label: slot.title,
            playing: false,
            ...(airing.startSec > 0 ? { startSec: airing.startSec } : {}),
          },
          ACTOR,
        );
        airing.sourceId = source.id;
      } catch (err) {
        return fail('failed', err instanceof Error ? err.message : String(err));
      }
    }
    this.airings.set(key, airing);
  }

  /**
   * Where in its file an occurrence picked up mid-way begins, in seconds: the time since its start
   * less what it lagged when the studio stopped under it. 0 on time, or for a relay (live: no place).
   */
  private placeOf(a: Airing, now: number): number {
    if (!a.pickedUpLate || !a.spec.startsWith('file:')) return 0;
    return Math.max(0, now - a.occ.startMs - (a.before?.lagMs ?? 0)) / 1000;
  }

  /** The bus's spec for a slot's audio, checked against the hash it was scheduled with. */
  private async audioOf(slot: ScheduleSlot): Promise<string> {
    if (slot.play.startsWith('url:')) return slot.play;
    if (slot.play.startsWith('programme:')) {
      const master = await this.deps.approvedMaster(slot.play.slice('programme:'.length));
      if (slot.sha256 && master.sha256 !== slot.sha256)
        throw new StudioError(
          'PROGRAMME_NOT_APPROVED',
          `Bản gốc đã duyệt của “${slot.title}” không còn là bản đã xếp lịch (mã băm khác), nên không phát.`,
        );
      return `file:${master.file}`;
    }
    const file = slot.play.slice('file:'.length);
    const sha = await sha256OfFile(file);
    if (!sha)
      throw new StudioError('NOT_FOUND', `Không đọc được tệp “${file}” của mục lịch, nên không phát.`);
    if (slot.sha256 && sha !== slot.sha256)
      throw new StudioError(
        'CONFLICT',
        `Tệp “${file}” đã bị thay đổi sau khi xếp lịch (mã băm khác), nên không phát.`,
      );
    return slot.play;
  }

  /**
   * The air is on, to exactly the slot's stations (opened, or reopened when it is the schedule's
   * own and nothing of the schedule plays on it). `wait`: the schedule's items to other stations
   * end by this one's start; asked again then.
   */
  private async ensureAir(occ: ScheduleOccurrence, slot: ScheduleSlot): Promise<'ready' | 'wait'> {
    const live = this.deps.live.state();
    if (live.mode === 'off') {
      await this.deps.live.start({ target: slot.target, sources: [] }, ACTOR);
      return 'ready';
    }
    const airCodes = live.target ? resolveTarget(this.deps.stations(), live.target).map((s) => s.code) : [];
    if (sameSet(airCodes, occ.codes)) return 'ready';
    const ours = [...this.airings.values()].filter((a) => a.kind !== 'emergency');
    if (live.startedBy === SCHEDULE_ACTOR_NAME && !live.emergency) {
      if (ours.length === 0) {
        await this.deps.live.stop();
        await this.deps.live.start({ target: slot.target, sources: [] }, ACTOR);
        return 'ready';
      }
      if (ours.every((a) => a.occ.endMs <= occ.startMs)) return 'wait';
    }
    throw new StudioError(
      'CONFLICT',
      `Đang phát tới các cụm thu khác (${airCodes.join(', ') || 'không có'}): lịch chưa phát được hai đích khác nhau cùng lúc.`,
    );
  }

  /**
   * An emergency slot's air: opened to its stations when it is off (on already, the emergency
   * takes its stations from it, or a warm standby channel of its own for some of them).
   */
  private async airOnFor(slot: ScheduleSlot): Promise<void> {
    if (this.deps.live.state().mode === 'off')
      await this.deps.live.start({ target: slot.target, sources: [] }, ACTOR);
  }

  /** Who holds the air now, and everyone else paused. */
  private async arbitrate(now: number): Promise<void> {
    const begun = () => [...this.airings.values()].filter((a) => a.occ.startMs <= now);
    let live = this.deps.live.state();

    // An emergency first: one at a time (the desk's, if it holds one, goes on; ours waits).
    const em = begun()
      .filter((a) => a.kind === 'emergency')
      .sort((a, b) => a.occ.startMs - b.occ.startMs)[0];
    if (em && em.phase !== 'on' && !live.emergency) {
      try {
        em.startSec = this.placeOf(em, now);
        const state = await this.deps.live.startEmergency(
          {
            target: em.slot.target,
            spec: em.spec,
            label: em.slot.title,
            levelDb: 0,
            ...(em.startSec > 0 ? { startSec: em.startSec } : {}),
          },
          ACTOR,
        );
        em.sourceId = state.emergency?.sourceId ?? null;
        this.goneOn(em, now);
        live = this.deps.live.state();
      } catch (err) {
        await this.finish(em, now, 'failed', err instanceof Error ? err.message : String(err));
      }
    }
    const emergencyCodes = new Set(live.emergency?.codes ?? []);

    // Then the main channel: the highest class, a programme before a relay, the earliest.
    for (;;) {
      const contenders = begun()
        .filter((a) => a.kind !== 'emergency')
        .sort(
          (a, b) =>
            RANK[b.slot.priority] - RANK[a.slot.priority] ||
            Number(a.kind === 'relay') - Number(b.kind === 'relay') ||
            a.occ.startMs - b.occ.startMs,
        );
      const winner = contenders.find((a) => !a.occ.codes.some((c) => emergencyCodes.has(c)));
      let again = false;
      for (const a of contenders) {
        if (a === winner && a.phase !== 'on') {
          if (
            a.phase === 'held' &&
            a.kind !== 'relay' &&
            this.deps.schedule.settings().preempted === 'skip'
          ) {
            await this.finish(
              a,
              now,
              'interrupted',
              'Bị chen ngang; theo quy tắc của đài, phần còn lại được bỏ qua.',
            );
            again = true;
            break;
          }
          try {
            await this.deps.live.play(a.sourceId!);
          } catch (err) {
            // Its source went away under it (the air stopped, a channel closed): off, and the next in line.
            await this.finish(a, now, a.logId ? 'interrupted' : 'failed', messageOf(err));
            again = true;
            break;
          }
          this.goneOn(a, now);
        } else if (a !== winner && a.phase === 'on') {
          await this.deps.live
            .pause(a.sourceId!)
            .catch((err: unknown) => this.deps.logger.warn(`The schedule could not pause ${a.slot.id}`, err));
          this.sample(live, now);
          a.phase = 'held';
          a.heldSince = now;
          a.heldWhy = a.occ.codes.some((c) => emergencyCodes.has(c))
            ? 'Bị phát khẩn cấp chen ngang.'
            : 'Nhường sóng cho mục lịch ưu tiên hơn.';
        }
      }
      if (!again) break;
    }
    this.syncSampler();
  }

  private goneOn(a: Airing, now: number): void {
    if (!a.logId) {
      a.logId = this.deps.log.begin(
        this.entryOf(a.occ, a.slot, a.kind, a.sha256, new Date(now).toISOString()),
      );
      // On air later than its time: the studio was not running then, or it waited for its turn.
      if (now > a.occ.startMs + LATE_MS) {
        // Restarted under it: the gap is since the studio stopped (the entry before says the rest).
        const since = a.pickedUpLate ? (a.before?.stoppedAtMs ?? a.occ.startMs) : a.occ.startMs;
        this.deps.log.interrupt(a.logId, {
          at: new Date(since).toISOString(),
          seconds: Math.max(0, Math.round((now - since) / 1000)),
          reason: !a.pickedUpLate
            ? 'Chờ đến lượt: một mục khác đang giữ sóng.'
            : a.startSec > 0
              ? `Studio không chạy lúc đó (mở lại giữa giờ): phát tiếp từ giây thứ ${a.startSec.toFixed(1).replace('.', ',')} của tệp, đúng chỗ theo giờ.`
              : 'Studio không chạy lúc đó (mở lại giữa giờ): phát phần thời gian còn lại.',
        });
      }
      a.lagMs = Math.max(0, now - a.occ.startMs - a.startSec * 1000);
    } else if (a.heldSince !== null) {
      this.deps.log.interrupt(a.logId, {
        at: new Date(a.heldSince).toISOString(),
        seconds: Math.round((now - a.heldSince) / 1000),
        reason: a.heldWhy ?? 'Bị chen ngang.',
      });
      a.lagMs += Math.max(0, now - a.heldSince);
    }
    this.runs.mark(a.key, { endMs: a.occ.endMs, done: false, lagMs: a.lagMs, stoppedAtMs: null });
    a.phase = 'on';
    a.heldSince = null;
    a.heldWhy = null;
    a.sampledAt = now;
  }

  /**
   * Off the air: the source removed, the log's entry closed (or a skipped one written). For good,
   * unless the studio is `closing`: then a restart within the slot picks it up where it stood.
   */
  private async finish(
    a: Airing,
    atMs: number,
    outcome: 'aired' | 'interrupted' | 'failed',
    note: string | null = null,
    closing = false,
  ): Promise<void> {
    this.airings.delete(a.key);
    if (!closing)
      this.runs.mark(a.key, { endMs: a.occ.endMs, done: true, lagMs: a.lagMs, stoppedAtMs: null });
    else if (a.logId)
      this.runs.mark(a.key, {
        endMs: a.occ.endMs,
        done: false,
        lagMs: a.lagMs + (a.phase === 'held' && a.heldSince !== null ? Math.max(0, atMs - a.heldSince) : 0),
        stoppedAtMs: atMs,
      });
    const live = this.deps.live.state();
    if (a.phase === 'on') this.sample(live, atMs);
    try {
      if (a.kind === 'emergency' && live.emergency && live.emergency.sourceId === a.sourceId)
        await this.deps.live.endEmergency();
      else if (a.sourceId && live.sources.some((s) => s.id === a.sourceId))
        await this.deps.live.removeSource(a.sourceId);
    } catch (err) {
      this.deps.logger.warn(`The schedule's source for ${a.slot.id} could not be removed`, err);
    }
    const at = new Date(atMs).toISOString();
    // Made ready but its time not come when the studio closed: nothing to log (a restart airs it).
    if (!a.logId && closing && a.occ.startMs > atMs) return;
    if (!a.logId) {
      this.deps.log.skipped({
        ...this.entryOf(a.occ, a.slot, a.kind, a.sha256, at),
        actualEnd: null,
        outcome: outcome === 'failed' ? 'failed' : 'skipped',
        note: note ?? 'Không đến lượt phát trước khi hết giờ của mục lịch.',
        interruptions: [],
      });
      return;
    }
    if (a.phase === 'held' && a.heldSince !== null)
      this.deps.log.interrupt(a.logId, {
        at: new Date(a.heldSince).toISOString(),
        seconds: Math.round((atMs - a.heldSince) / 1000),
        reason: a.heldWhy ?? 'Bị chen ngang.',
      });
    this.deps.log.received(a.logId, this.reception(a));
    this.deps.log.end(a.logId, at, outcome, note);
  }

  private entryOf(
    occ: ScheduleOccurrence,
    slot: ScheduleSlot,
    kind: BroadcastKind,
    sha256: string | null,
    actualStart: string,
  ): Omit<BroadcastLogEntry, 'id' | 'actualEnd' | 'outcome' | 'note' | 'interruptions'> {
    return {
      kind,
      title: slot.title,
      spec: slot.play,
      sha256,
      slotId: slot.id,
      scheduledStart: new Date(occ.startMs).toISOString(),
      scheduledEnd: new Date(occ.endMs).toISOString(),
      actualStart,
      startedBy: SCHEDULE_ACTOR_NAME,
      stations: occ.codes.map((code) => ({ code, seconds: 0 })),
    };
  }

  private reception(a: Airing): BroadcastReception[] {
    return a.occ.codes.map((code) => ({ code, seconds: Math.round((a.heard.get(code) ?? 0) / 1000) }));
  }

  /**
   * Counts, for every item on air, the time each of its stations was reached: a receiver connected
   * to the studio's server or its output up (`listening`), on the channel the item plays on.
   */
  private sample(live: LiveState, now: number): void {
    const stations = new Map(live.stations.map((s) => [s.code, s]));
    for (const a of this.airings.values()) {
      if (a.phase !== 'on' || a.sampledAt === null) continue;
      const dt = Math.max(0, now - a.sampledAt);
      a.sampledAt = now;
      for (const code of a.occ.codes) {
        const s = stations.get(code);
        const onItsChannel = a.kind === 'emergency' ? s?.inEmergency : s?.targeted && !s.inEmergency;
        if (s?.link === 'listening' && onItsChannel) a.heard.set(code, (a.heard.get(code) ?? 0) + dt);
      }
    }
  }

  private syncSampler(): void {
    const anyOn = [...this.airings.values()].some((a) => a.phase === 'on');
    if (anyOn && !this.sampler) {
      this.sampler = setInterval(() => {
        const live = this.deps.live.state();
        this.sample(live, this.deps.clock.now());
        // A file that ran out before its slot's end is off the air now, not at the end.
        const ended = [...this.airings.values()].some((a) => {
          const src = a.sourceId ? live.sources.find((s) => s.id === a.sourceId) : undefined;
          return (
            a.sourceId !== null &&
            a.phase === 'on' &&
            (!src || src.state === 'ended' || src.state === 'failed')
          );
        });
        if (ended) this.poke();
      }, SAMPLE_MS);
    } else if (!anyOn) this.stopSampler();
  }

  private stopSampler(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
  }

  private armWake(preroll: number, airLead: number): void {
    this.cancelWake?.();
    const now = this.deps.clock.now();
    let next = now + REPLAN_MS;
    for (const o of this.planned) {
      for (const t of [o.startMs - airLead, o.startMs - preroll, o.startMs, o.endMs])
        if (t > now && t < next) next = t;
    }
    for (const a of this.airings.values()) if (a.occ.endMs > now && a.occ.endMs < next) next = a.occ.endMs;
    this.cancelWake = this.deps.clock.wakeAt(next, () => this.poke());
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    // The caller gets the failure; the queue only needs to know the work is over.
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function keyOf(o: ScheduleOccurrence): string {
  return `${o.slotId}@${o.date}`;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((c) => set.has(c));
}
