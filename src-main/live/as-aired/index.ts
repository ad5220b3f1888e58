/**
 * As-aired recording (issue 16): each channel of the air recorded as sent, in MP3 segments with
 * an index, kept by the retention rule; `segmentsBetween` links a broadcast log entry to its audio.
 */
export { AsAired, MIN_RETENTION_MONTHS, type AsAiredDueDay, type AsAiredOptions } from './as-aired';
