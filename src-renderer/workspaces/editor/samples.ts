/**
 * Positions in the editor. The edit list counts in whole SAMPLES at 48 kHz; wavesurfer and the
 * audio element count in floating seconds. Every conversion goes through here, and every sample
 * position is rounded to a whole sample and kept inside the timeline.
 */

/**
 * The edit list's one sample rate. Re-declared from `EDIT_SAMPLE_RATE` in
 * src-main/contract/edit-models.ts: the renderer may import the contract's types only.
 */
export const SAMPLE_RATE = 48_000;

/** The clipboard's limit (`EDIT_CLIPBOARD_MAX_SAMPLES` in the contract): 30 minutes. */
export const CLIPBOARD_MAX_SAMPLES = 30 * 60 * SAMPLE_RATE;

/** A timeline range in samples, `end` exclusive. */
export interface SampleRange {
  start: number;
  end: number;
}

/** Seconds → the nearest whole sample, inside `[0, length]`. */
export function toSamples(seconds: number, length: number): number {
  if (!Number.isFinite(seconds)) return 0;
  return Math.min(length, Math.max(0, Math.round(seconds * SAMPLE_RATE)));
}

export function toSeconds(samples: number): number {
  return samples / SAMPLE_RATE;
}

/** A range from two positions in seconds (either order); null when it holds no whole sample. */
export function rangeFromSeconds(a: number, b: number, length: number): SampleRange | null {
  const start = toSamples(Math.min(a, b), length);
  const end = toSamples(Math.max(a, b), length);
  return end > start ? { start, end } : null;
}

/** Keeps a range inside a timeline that may have become shorter; null when nothing is left. */
export function clampRange(r: SampleRange | null, length: number): SampleRange | null {
  if (!r) return null;
  const start = Math.min(Math.max(0, r.start), length);
  const end = Math.min(Math.max(0, r.end), length);
  return end > start ? { start, end } : null;
}

/**
 * 75.25 s in samples → "1:15.250"; with hours "1:02:05.000". Milliseconds are shown because
 * editors cut to the syllable; the edit itself is exact to the sample.
 */
export function formatTimecode(samples: number): string {
  const totalMs = Math.round((Math.max(0, samples) / SAMPLE_RATE) * 1000);
  const ms = totalMs % 1000;
  const s = Math.floor(totalMs / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  const frac = String(ms).padStart(3, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}.${frac}` : `${m}:${sec}.${frac}`;
}

/** Timeline labels: whole seconds unless the ticks are closer than a second (down to 10 µs at sample zoom). */
export function formatTick(seconds: number, step: number): string {
  const digits =
    step >= 1 ? 0 : step >= 0.1 ? 1 : step >= 0.01 ? 2 : step >= 0.001 ? 3 : step >= 0.0001 ? 4 : 5;
  const scale = 10 ** digits;
  const units = Math.round(Math.max(0, seconds) * scale);
  const s = Math.floor(units / scale);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  const frac = digits > 0 ? `.${String(units % scale).padStart(digits, '0')}` : '';
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}${frac}` : `${m}:${sec}${frac}`;
}

/**
 * What a person types as a time → seconds: "75", "1:15", "1:15.25", "1:02:05.5", with a point or
 * a comma before the fraction (Vietnamese writes "1,5"). Null when it is not a time.
 */
export function parseTimecode(text: string): number | null {
  const m = /^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d*)?)\s*$/.exec(text);
  if (!m) return null;
  const [, a, b, c] = m;
  const sec = Number((c ?? '0').replace(',', '.'));
  const parts = [a, b].filter((x): x is string => x !== undefined).map(Number);
  const [h, min] = parts.length === 2 ? parts : [0, parts[0] ?? 0];
  const total = (h ?? 0) * 3600 + (min ?? 0) * 60 + sec;
  return Number.isFinite(total) ? total : null;
}
