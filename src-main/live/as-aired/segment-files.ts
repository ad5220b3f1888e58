/**
 * Where a segment lives and when it ends: `<channel>/YYYY-MM-DD/HHMMSS.mp3` by the PC's local
 * date and time of its first sample (what an operator looks for), cut at local quarter hours
 * (or whatever length is set) and always at midnight, so a day's folder holds that day's air and
 * retention removes whole days.
 */
import { mp3FrameHeader } from '../air/frame-splitter';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date of an instant, `YYYY-MM-DD`. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local time of an instant, `HHMMSS`. */
export function localClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** Local midnight at the start of `YYYY-MM-DD`, or null if it is not a date. */
export function dayStartMs(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return localDay(d.getTime()) === day ? d.getTime() : null;
}

/**
 * The first segment boundary after `ms`: the next multiple of `segmentMs` counted from local
 * midnight, or the next midnight if that comes first.
 */
export function nextBoundary(ms: number, segmentMs: number): number {
  const d = new Date(ms);
  const midnight = new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const nextMidnight = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime();
  const k = Math.floor((ms - midnight) / segmentMs) + 1;
  return Math.min(midnight + k * segmentMs, nextMidnight);
}

/**
 * The audio in an MP3 file's bytes, in milliseconds, counted frame by frame (whole frames only:
 * a segment cut short by a crash ends at its last whole frame).
 */
export function mp3DurationMs(bytes: Buffer): { ms: number; wholeBytes: number } {
  let at = 0;
  let ms = 0;
  for (;;) {
    const h = mp3FrameHeader(bytes, at);
    if (!h || at + h.bytes > bytes.length) break;
    ms += (h.samples * 1000) / h.sampleRate;
    at += h.bytes;
  }
  return { ms, wholeBytes: at };
}
