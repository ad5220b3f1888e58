/** The schedule (issue 16): its slots and settings, and the pure planning the runner and the calls share. */
export { ScheduleStore, type NewScheduleSlot, type ScheduleSlotChange } from './schedule-store';
export { scheduleTables } from './schedule-tables';
export { planOccurrences, weekAround, isoDate, parseTime, weekdayOf } from './schedule-plan';
export { findConflicts } from './schedule-conflicts';
