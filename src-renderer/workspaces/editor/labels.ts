import type { FadeCurve, SegmentType, UiLanguage } from '../../../src-main/contract';
import { NO_SPEECH } from '../../../src-main/contract/languages';
import { languageName, stationLanguages } from '../../i18n/languages';
import { formatNumber } from '../../ui/format';

/** Re-declared from `SEGMENT_TYPES` in the contract (the renderer imports its types only). */
export const SEGMENT_TYPE_LIST: SegmentType[] = [
  'news',
  'report',
  'interview',
  'music',
  'announcement',
  'jingle',
];

/** Re-declared from `FADE_CURVES` in the contract. */
export const FADE_CURVE_LIST: FadeCurve[] = ['lin', 'exp', 'log', 'scurve'];

/**
 * One colour per language of the station's list, in its order: Vietnamese blue, then colours far
 * enough apart to tell the languages of a bilingual programme apart at a glance.
 */
const PALETTE = [
  '#1f6fb2',
  '#c2410c',
  '#15803d',
  '#7c3aed',
  '#b45309',
  '#be185d',
  '#0f766e',
  '#4d7c0f',
  '#9333ea',
  '#0369a1',
  '#a16207',
  '#b91c1c',
  '#475569',
];

/** Music and jingles ("Không lời") are grey: no language's colour. */
const NO_SPEECH_COLOR = '#78716c';

export function languageColor(code: string): string {
  if (code === NO_SPEECH) return NO_SPEECH_COLOR;
  const list = stationLanguages();
  const i = list.findIndex((l) => l.code === code);
  return PALETTE[(i >= 0 ? i : list.length) % PALETTE.length]!;
}

/** "Tày · Tin · Bản tin sáng" for the region over the waveform. */
export function segmentLabel(
  s: { language: string; type: SegmentType; title: string },
  ui: UiLanguage,
  typeName: (t: SegmentType) => string,
): string {
  return [languageName(s.language, ui), typeName(s.type), s.title].filter((x) => x.trim() !== '').join(' · ');
}

/** −23 LUFS, +3,0 dB: a true minus sign (and a plus when asked), as Vietnamese print sets them. */
export function signedNumber(n: number, digits: number, ui: UiLanguage, plus = false): string {
  const text = formatNumber(Math.abs(n), digits, ui);
  const zero = Number(text.replace(/[^\d]/g, '')) === 0;
  return `${n < 0 && !zero ? '−' : plus && !zero ? '+' : ''}${text}`;
}
