/**
 * Where occurrences meet: two that hold a station at the same moment, and what TT 39 does about it.
 * Pure, one sweep over the occurrences by start time.
 */
import type { ScheduleConflict, ScheduleOccurrence, SchedulePriority } from '../contract';

const RANK: Record<SchedulePriority, number> = { normal: 0, priority: 1, emergency: 2 };

/**
 * Every pair of overlapping occurrences that share a station, `first` the one that starts first
 * (of two starting together, the higher class, then the smaller slot id), with the stations both reach.
 */
export function findConflicts(occurrences: readonly ScheduleOccurrence[]): ScheduleConflict[] {
  const sorted = [...occurrences].sort(
    (a, b) =>
      a.startMs - b.startMs ||
      RANK[b.priority] - RANK[a.priority] ||
      (a.slotId < b.slotId ? -1 : a.slotId > b.slotId ? 1 : 0),
  );
  const conflicts: ScheduleConflict[] = [];
  // Occurrences that may still be on air at the next one's start, each with its stations as a set.
  let active: { occurrence: ScheduleOccurrence; codes: Set<string> }[] = [];
  for (const occurrence of sorted) {
    active = active.filter((a) => a.occurrence.endMs > occurrence.startMs);
    for (const earlier of active) {
      const codes = occurrence.codes.filter((c) => earlier.codes.has(c));
      if (codes.length === 0) continue;
      conflicts.push({
        first: earlier.occurrence,
        second: occurrence,
        codes,
        resolution: resolve(earlier.occurrence, occurrence),
      });
    }
    if (occurrence.endMs > occurrence.startMs) active.push({ occurrence, codes: new Set(occurrence.codes) });
  }
  return conflicts;
}

function resolve(first: ScheduleOccurrence, second: ScheduleOccurrence): ScheduleConflict['resolution'] {
  const difference = RANK[second.priority] - RANK[first.priority];
  return difference > 0 ? 'preempts' : difference < 0 ? 'preempted' : 'queued';
}
