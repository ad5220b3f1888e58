/** Samples ↔ time, and how positions are written for people (history labels, messages). */
import { EDIT_SAMPLE_RATE } from '../contract';

export const SAMPLES_PER_MS = EDIT_SAMPLE_RATE / 1000;

export function msToSamples(ms: number): number {
  return Math.round(ms * SAMPLES_PER_MS);
}

export function samplesToSec(samples: number): number {
  return samples / EDIT_SAMPLE_RATE;
}

/** `00:01.250`, or `1:02:03.500` past an hour; to the millisecond. */
export function formatTimecode(samples: number): string {
  const totalMs = Math.round(samples / SAMPLES_PER_MS);
  const ms = totalMs % 1000;
  const totalSec = Math.floor(totalMs / 1000);
  const s = totalSec % 60;
  const m = Math.floor(totalSec / 60) % 60;
  const h = Math.floor(totalSec / 3600);
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms).padStart(3, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

export function formatRange(start: number, end: number): string {
  return `${formatTimecode(start)}–${formatTimecode(end)}`;
}

/** A number the Vietnamese way: decimal comma, a real minus sign, `digits` decimals at most. */
export function formatNumberVi(n: number, digits = 1): string {
  const rounded = Number(n.toFixed(digits));
  const text = Math.abs(rounded).toString().replace('.', ',');
  return rounded < 0 ? `−${text}` : text;
}

/** `+3 dB`, `−1,5 dB`, `0 dB`. */
export function formatDb(db: number): string {
  const text = formatNumberVi(db);
  return `${db > 0 && text !== '0' ? '+' : ''}${text} dB`;
}
