/**
 * The schedule's slots (records database, `schedule_slots`) and its settings (`db/schedule.json`).
 * The store checks nothing about the audio (schedule-audio.ts does, before `add`); it keeps what it
 * is given and tells its listeners after every change, so the runner re-plans at once.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  StudioError,
  type LiveTarget,
  type ScheduleRepeat,
  type ScheduleSettings,
  type ScheduleSlot,
  type SchedulePriority,
} from '../contract';
import { preparedOnce, type Collection, type CollectionOptions, type Sql, type Store } from '../store';

/** A slot as it is added: the store gives its id and the time it was created. */
export type NewScheduleSlot = Omit<ScheduleSlot, 'id' | 'createdAt'>;

/** What an update may change; absent fields are kept. */
export type ScheduleSlotChange = Partial<
  Pick<
    ScheduleSlot,
    | 'title'
    | 'at'
    | 'repeat'
    | 'play'
    | 'lengthSeconds'
    | 'target'
    | 'priority'
    | 'sha256'
    | 'skipDates'
    | 'enabled'
  >
>;

const settingsSchema = z.object({
  preempted: z.enum(['resume', 'skip']),
}) satisfies z.ZodType<ScheduleSettings>;

const SCHEDULE_COLLECTION: CollectionOptions<ScheduleSettings> = {
  name: 'schedule',
  label: 'cài đặt lịch phát',
  version: 1,
  schema: settingsSchema,
  // What was pre-empted plays the rest of itself once the air is free, unless the station says skip.
  defaults: () => ({ preempted: 'resume' }),
};

interface Row {
  id: string;
  title: string;
  at: string;
  repeat_json: string;
  play: string;
  length_seconds: number;
  target_json: string;
  priority: SchedulePriority;
  sha256: string | null;
  skip_dates_json: string;
  enabled: number;
  created_at: string;
  created_by: string;
}

const COLUMNS =
  'id, title, at, repeat_json, play, length_seconds, target_json, priority, sha256, skip_dates_json, enabled, created_at, created_by';

export class ScheduleStore {
  private readonly prepare: ReturnType<typeof preparedOnce>;
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly sql: Sql,
    private readonly settingsFile: Collection<ScheduleSettings>,
  ) {
    this.prepare = preparedOnce(sql);
  }

  static async open(store: Store, sql: Sql): Promise<ScheduleStore> {
    return new ScheduleStore(sql, await store.collection(SCHEDULE_COLLECTION));
  }

  /** Every slot, by its time of day then when it was added. */
  list(): ScheduleSlot[] {
    const rows = this.prepare(
      `SELECT ${COLUMNS} FROM schedule_slots ORDER BY at, created_at, id`,
    ).all() as Row[];
    return rows.map(slotOf);
  }

  get(id: string): ScheduleSlot {
    const row = this.prepare(`SELECT ${COLUMNS} FROM schedule_slots WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `Không có mục lịch phát “${id}”.`);
    return slotOf(row);
  }

  add(slot: NewScheduleSlot, now = new Date()): ScheduleSlot {
    const added: ScheduleSlot = {
      ...slot,
      id: randomUUID().replace(/-/g, '').slice(0, 12),
      createdAt: now.toISOString(),
    };
    this.prepare(
      `INSERT INTO schedule_slots (${COLUMNS}) VALUES (@id, @title, @at, @repeat_json, @play, @length_seconds,
        @target_json, @priority, @sha256, @skip_dates_json, @enabled, @created_at, @created_by)`,
    ).run(rowOf(added));
    this.changed();
    return added;
  }

  update(id: string, change: ScheduleSlotChange): ScheduleSlot {
    const before = this.get(id);
    const after: ScheduleSlot = { ...before };
    for (const [key, value] of Object.entries(change) as [keyof ScheduleSlotChange, unknown][])
      if (value !== undefined) (after as unknown as Record<string, unknown>)[key] = value;
    after.skipDates = sortedDates(after.skipDates);
    this.prepare(
      `UPDATE schedule_slots SET title = @title, at = @at, repeat_json = @repeat_json, play = @play,
        length_seconds = @length_seconds, target_json = @target_json, priority = @priority, sha256 = @sha256,
        skip_dates_json = @skip_dates_json, enabled = @enabled WHERE id = @id`,
    ).run(rowOf(after));
    this.changed();
    return after;
  }

  /** Removes a slot and answers it as it was (for an undo that adds it back). */
  remove(id: string): ScheduleSlot {
    const slot = this.get(id);
    this.prepare('DELETE FROM schedule_slots WHERE id = ?').run(id);
    this.changed();
    return slot;
  }

  settings(): ScheduleSettings {
    return this.settingsFile.read();
  }

  async configure(change: Partial<ScheduleSettings>): Promise<ScheduleSettings> {
    await this.settingsFile.update((doc) => ({ preempted: change.preempted ?? doc.preempted }));
    this.changed();
    return this.settings();
  }

  /** Called after every change of the slots or the settings; returns the way to stop listening. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function slotOf(row: Row): ScheduleSlot {
  return {
    id: row.id,
    title: row.title,
    at: row.at,
    repeat: JSON.parse(row.repeat_json) as ScheduleRepeat,
    play: row.play,
    lengthSeconds: row.length_seconds,
    target: JSON.parse(row.target_json) as LiveTarget,
    priority: row.priority,
    sha256: row.sha256,
    skipDates: JSON.parse(row.skip_dates_json) as string[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function rowOf(slot: ScheduleSlot): Row {
  return {
    id: slot.id,
    title: slot.title,
    at: slot.at,
    repeat_json: JSON.stringify(slot.repeat),
    play: slot.play,
    length_seconds: slot.lengthSeconds,
    target_json: JSON.stringify(slot.target),
    priority: slot.priority,
    sha256: slot.sha256,
    skip_dates_json: JSON.stringify(slot.skipDates),
    enabled: slot.enabled ? 1 : 0,
    created_at: slot.createdAt,
    created_by: slot.createdBy,
  };
}

function sortedDates(dates: readonly string[]): string[] {
  return [...new Set(dates)].sort();
}
