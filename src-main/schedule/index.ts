/** The schedule (issue 16): its slots and settings, and the pure planning the runner and the calls share. */
export { ScheduleStore, type NewScheduleSlot, type ScheduleSlotChange } from './schedule-store';
export { scheduleTables } from './schedule-tables';
export { planOccurrences, weekAround, isoDate, parseTime, weekdayOf } from './schedule-plan';
export { findConflicts } from './schedule-conflicts';
export { ScheduleService, type ScheduleActor, type ScheduleServiceDeps } from './schedule-service';
export { checkAudio, type ApprovedAudio, type CheckedAudio, type ScheduleAudioDeps } from './schedule-audio';
