import type { TFunction } from 'i18next';
import type { EditStep, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { signedNumber } from './labels';
import { formatTimecode } from './samples';

/**
 * A history step in the UI's language: main sends what the step did as data (`EditStep`, positions
 * in samples), and the words, times and numbers are written here, so that the English UI says
 * "Cut 0:01.250–0:03.000" where the Vietnamese one says "Cắt 0:01.250–0:03.000".
 */
export function stepText(step: EditStep, t: TFunction, lang: UiLanguage): string {
  const range = (start: number, end: number) => `${formatTimecode(start)}–${formatTimecode(end)}`;
  const db = (n: number) => `${signedNumber(n, Number.isInteger(n) ? 0 : 1, lang, true)} dB`;
  const num = (n: number) => signedNumber(n, Number.isInteger(n) ? 0 : 1, lang);
  switch (step.type) {
    case 'delete':
      return t(step.cut ? 'editor.step.cut' : 'editor.step.delete', { range: range(step.start, step.end) });
    case 'trim':
      return t('editor.step.trim', { range: range(step.start, step.end) });
    case 'insert': {
      const length = formatTimecode(step.length);
      const over = step.replaceEnd !== null;
      const key =
        step.source === 'paste'
          ? over
            ? 'editor.step.pasteOver'
            : 'editor.step.paste'
          : over
            ? 'editor.step.insertOver'
            : 'editor.step.insert';
      return t(key, {
        title: step.title,
        at: formatTimecode(step.at),
        range: over ? range(step.at, step.replaceEnd ?? step.at) : '',
        length,
      });
    }
    case 'split':
      return t('editor.step.split', { at: formatTimecode(step.at) });
    case 'silence':
      return t('editor.step.silence', { range: range(step.start, step.end) });
    case 'gain':
      return t('editor.step.gain', { db: db(step.gainDb), range: range(step.start, step.end) });
    case 'envelope':
      return t('editor.step.envelope', { count: step.points, range: range(step.start, step.end) });
    case 'fade':
      return t(step.direction === 'in' ? 'editor.step.fadeIn' : 'editor.step.fadeOut', {
        curve: t(`editor.step.curves.${step.curve}`),
        range: range(step.start, step.end),
      });
    case 'normalize':
      return step.target
        ? t('editor.step.normalize', {
            lufs: num(step.target.targetLufs),
            peak: num(step.target.truePeakDbtp),
          })
        : t('editor.step.normalizeOff');
    case 'normalizeRange':
      return t('editor.step.normalizeRange', {
        range: range(step.start, step.end),
        lufs: num(step.targetLufs),
        db: db(step.gainDb),
      });
    case 'shortenSilences':
      return t('editor.step.shortenSilences', { count: step.count, length: formatTimecode(step.removed) });
    case 'declick':
      return t('editor.step.declick', { range: range(step.start, step.end) });
    case 'removeEffect':
      return step.effect
        ? t('editor.step.removeEffect', {
            effect: t(`editor.step.effects.${step.effect.kind}`),
            range: range(step.effect.start, step.effect.end),
          })
        : t('editor.step.removeEffectGone');
    case 'addSegment':
      return t('editor.step.addSegment', {
        title: step.title,
        language: languageName(step.language, lang),
        range: range(step.start, step.end),
      });
    case 'updateSegment':
      return t('editor.step.updateSegment', { title: step.title });
    case 'removeSegment':
      return t('editor.step.removeSegment', { title: step.title });
    case 'addMarker':
      return t('editor.step.addMarker', { at: formatTimecode(step.at) });
    case 'renameMarker':
      if (step.at === null) return t('editor.step.renameMarkerGone');
      return step.label === ''
        ? t('editor.step.unnameMarker', { at: formatTimecode(step.at) })
        : t('editor.step.renameMarker', { at: formatTimecode(step.at), label: step.label });
    case 'removeMarker':
      return step.at === null
        ? t('editor.step.removeMarkerGone')
        : t('editor.step.removeMarker', { at: formatTimecode(step.at) });
  }
}
