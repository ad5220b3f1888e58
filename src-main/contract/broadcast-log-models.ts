/**
 * The broadcast log (nhật ký phát sóng, issue 16): one entry per item aired per station group,
 * written by main as it airs (schedule, live desk, emergency), never edited by a user. The
 * archive and the monthly reports (issue 17) read it; `studio broadcast-log` prints it.
 */

/** What aired: an approved programme, a file, a relay (tiếp sóng), live speech, an emergency. */
export type BroadcastKind = 'programme' | 'file' | 'relay' | 'live' | 'emergency';

/** A break in an item's air: pre-empted, an encoder restarted, silence, a relay lost. */
export interface BroadcastInterruption {
  at: string;
  seconds: number;
  /** Why, in Vietnamese ("Bị phát khẩn cấp chen ngang", "Bộ mã hoá khởi động lại"). */
  reason: string;
}

/** A station that received the item, and for how long (seconds of air it heard). */
export interface BroadcastReception {
  code: string;
  seconds: number;
}

export interface BroadcastLogEntry {
  id: string;
  kind: BroadcastKind;
  title: string;
  /** The source as the CLI names it: `programme:ID`, `file:PATH`, `url:URL`, `mic`, `pcm:-`. */
  spec: string;
  /** The audio's SHA-256 when it is a file or programme (null for relays and live speech). */
  sha256: string | null;
  /** The schedule's slot it came from (null: the desk or an emergency). */
  slotId: string | null;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  actualStart: string;
  /** Null while it is still on air. */
  actualEnd: string | null;
  /** A user's name, or "Lịch phát" when the schedule started it. */
  startedBy: string;
  stations: BroadcastReception[];
  interruptions: BroadcastInterruption[];
  /**
   * `aired`: played to its end (or its length); `interrupted`: cut short (pre-empted and not
   * resumed, stopped by an operator); `skipped`: never aired (the audio no longer matched its
   * hash, pre-empted and the rule says skip); `failed`: could not be played at all. Null while on air.
   */
  outcome: 'aired' | 'interrupted' | 'skipped' | 'failed' | null;
  /** Why it was skipped or failed, in Vietnamese. */
  note: string | null;
}

/** What a caller asks of the log: a time range (ISO dates or instants), one station. */
export interface BroadcastLogQuery {
  from?: string;
  to?: string;
  station?: string;
  limit?: number;
}

/** `broadcastLog.list`: the entries in the range, oldest first, and how many matched in all. */
export interface BroadcastLogList {
  entries: BroadcastLogEntry[];
  /** Every entry matching the query (more than `entries.length` when the limit cut it). */
  total: number;
}

/** `broadcastLog.export`: the CSV written (one row per entry and station). */
export interface BroadcastLogCsvExport {
  file: string;
  rows: number;
  sizeBytes: number;
}
