/**
 * The schedule as the calls see it: adding or changing a slot checks its audio first
 * (schedule-audio.ts), the list plans a week with its conflicts, and every change is announced
 * (`schedule.changed`) for the windows; the runner listens to the store itself.
 */
import {
  type EventSink,
  type ScheduleAdd,
  type ScheduleConflict,
  type ScheduleList,
  type ScheduleSettings,
  type ScheduleSlot,
  type ScheduleSlotResult,
  type ScheduleUpdate,
  type Station,
} from '../contract';
import { checkAudio, type ScheduleAudioDeps } from './schedule-audio';
import { findConflicts } from './schedule-conflicts';
import { planOccurrences, weekAround } from './schedule-plan';
import type { ScheduleSlotChange, ScheduleStore } from './schedule-store';

const WEEK_MS = 7 * 86_400_000;

export interface ScheduleServiceDeps extends ScheduleAudioDeps {
  store: ScheduleStore;
  /** The stations registry as it is now (targets are resolved when planned). */
  stations: () => readonly Station[];
  emit: EventSink;
  now?: () => number;
}

/** Who schedules: the name the slot keeps. */
export interface ScheduleActor {
  name: string;
  host: 'electron' | 'web' | 'cli';
}

export class ScheduleService {
  private readonly now: () => number;

  constructor(private readonly deps: ScheduleServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The slots, and the week holding `week` (a date; today when left out) planned with its conflicts. */
  list(week?: string): ScheduleList {
    const { fromMs, toMs } = weekAround(week ? localNoon(week) : this.now());
    const slots = this.deps.store.list();
    const occurrences = planOccurrences(slots, this.deps.stations(), fromMs, toMs);
    return {
      slots,
      fromMs,
      toMs,
      occurrences,
      conflicts: findConflicts(occurrences),
      settings: this.deps.store.settings(),
    };
  }

  async add(request: ScheduleAdd, actor: ScheduleActor): Promise<ScheduleSlotResult> {
    const audio = await checkAudio(this.deps, request.play, request.lengthSeconds);
    const slot = this.deps.store.add({
      title: request.title ?? audio.title,
      at: request.at,
      repeat: request.repeat,
      play: request.play,
      lengthSeconds: audio.lengthSeconds,
      target: request.target,
      priority: request.priority,
      sha256: audio.sha256,
      skipDates: request.skipDates,
      enabled: request.enabled,
      createdBy: actor.name,
    });
    this.deps.emit('schedule.changed', { slotId: slot.id, change: 'added' });
    return { slot, conflicts: this.conflictsOf(slot.id) };
  }

  async update(request: ScheduleUpdate): Promise<ScheduleSlotResult> {
    const { id, ...fields } = request;
    const before = this.deps.store.get(id);
    const change: ScheduleSlotChange = {};
    for (const [key, value] of Object.entries(fields))
      if (value !== undefined) (change as Record<string, unknown>)[key] = value;
    // New audio, or a relay's length taken away: checked again as when it was added.
    if (request.play !== undefined && request.play !== before.play) {
      const audio = await checkAudio(this.deps, request.play, request.lengthSeconds);
      change.sha256 = audio.sha256;
      change.lengthSeconds = audio.lengthSeconds;
      change.title = request.title ?? audio.title;
    }
    const slot = this.deps.store.update(id, change);
    this.deps.emit('schedule.changed', { slotId: id, change: 'updated' });
    return { slot, conflicts: this.conflictsOf(id) };
  }

  remove(id: string): ScheduleSlot {
    const slot = this.deps.store.remove(id);
    this.deps.emit('schedule.changed', { slotId: id, change: 'removed' });
    return slot;
  }

  settings(): ScheduleSettings {
    return this.deps.store.settings();
  }

  async configure(change: Partial<ScheduleSettings>): Promise<ScheduleSettings> {
    const settings = await this.deps.store.configure(change);
    this.deps.emit('schedule.changed', { slotId: null, change: 'settings' });
    return settings;
  }

  /** The conflicts a slot is part of over the coming seven days: what the operator is warned of. */
  private conflictsOf(slotId: string): ScheduleConflict[] {
    const from = this.now();
    const occurrences = planOccurrences(this.deps.store.list(), this.deps.stations(), from, from + WEEK_MS);
    return findConflicts(occurrences).filter((c) => c.first.slotId === slotId || c.second.slotId === slotId);
  }
}

/** Noon of a wall-clock date: safely inside it whatever the zone does at midnight. */
function localNoon(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, 12).getTime();
}
