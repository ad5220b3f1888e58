/**
 * The schedule (lịch phát, issue 16): slots that air by themselves at fixed hours, daily or on
 * chosen weekdays or on one date, to all stations, a group or a chosen set. Main keeps the schedule
 * and plays it on the live engine whether or not a window is open, and again after a restart.
 *
 * Times are the station's wall clock (the PC's local time zone: Vietnam keeps no summer time), as
 * the operator reads them on the wall; an occurrence is a slot placed on one date, in epoch time.
 */
import type { LiveTarget } from './live-models';

/**
 * TT 39's classes, lowest first: thông thường (`normal`), ưu tiên (`priority`) goes ahead of it,
 * khẩn cấp (`emergency`) pre-empts everything at once.
 */
export const SCHEDULE_PRIORITIES = ['normal', 'priority', 'emergency'] as const;
export type SchedulePriority = (typeof SCHEDULE_PRIORITIES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When a slot recurs: on one date (`YYYY-MM-DD`), every day, or on chosen weekdays. */
export type ScheduleRepeat =
  { kind: 'once'; date: string } | { kind: 'daily' } | { kind: 'weekly'; days: Weekday[] };

export interface ScheduleSlot {
  id: string;
  /** What the operator reads in the schedule: a programme's title, a file's name, "Tiếp sóng VOV 1". */
  title: string;
  /** Wall-clock start, `HH:MM:SS`. */
  at: string;
  repeat: ScheduleRepeat;
  /** What plays: `file:PATH`, `programme:ID` or `url:URL` (a relay). */
  play: string;
  /** How long it holds the air, in seconds (a file's or programme's own length when not given). */
  lengthSeconds: number;
  target: LiveTarget;
  priority: SchedulePriority;
  /**
   * The audio's SHA-256 for a file or programme: the approved master's hash for `programme:ID`, the
   * file's when it was scheduled for `file:PATH`. At air time the audio must still hash to it, or
   * the slot is skipped and the log says why. Null for a relay.
   */
  sha256: string | null;
  /** Dates (`YYYY-MM-DD`) on which this slot does not air: the exceptions for one date. */
  skipDates: string[];
  enabled: boolean;
  createdAt: string;
  createdBy: string;
}

/** One slot placed on one date. */
export interface ScheduleOccurrence {
  slotId: string;
  /** The date it airs on (`YYYY-MM-DD`, wall clock). */
  date: string;
  /** Epoch milliseconds. */
  startMs: number;
  endMs: number;
  priority: SchedulePriority;
  /** The stations it reaches, resolved from the registry when planned. */
  codes: string[];
}

/**
 * Two occurrences that hold the same station at the same time, and what the rules do about it:
 * the higher class pre-empts the lower; of the same class the earlier keeps the air and the later
 * waits (`queued`) — a conflict the operator should fix while planning.
 */
export interface ScheduleConflict {
  first: ScheduleOccurrence;
  second: ScheduleOccurrence;
  /** The stations both reach. */
  codes: string[];
  /** `preempts`: `second` pre-empts `first` (or the reverse, `preempted`); `queued`: same class. */
  resolution: 'preempts' | 'preempted' | 'queued';
}

/** What happens to a slot another pre-empted, once the air is free again (the station's rule). */
export type PreemptedRule = 'resume' | 'skip';

/** The station's schedule settings (`db/schedule.json`). */
export interface ScheduleSettings {
  preempted: PreemptedRule;
}

/** What the schedule is doing now, for the desk and `schedule.state`. */
export interface ScheduleRunState {
  running: boolean;
  /** Occurrences on air now. */
  onAir: ScheduleOccurrence[];
  /** The next few occurrences, soonest first. */
  next: ScheduleOccurrence[];
}

/** `schedule.changed`, after every change of the schedule: a window asks for its list again. */
export interface ScheduleChangedEvent {
  /** The slot that changed; null when the settings did. */
  slotId: string | null;
  change: 'added' | 'updated' | 'removed' | 'settings';
}
