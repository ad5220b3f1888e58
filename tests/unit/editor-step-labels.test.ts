/**
 * History steps travel from main as data and are worded by the renderer in the UI's language,
 * with the same i18n resources the studio's UI loads.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EditStep } from '../../src-main/contract';
import { applyOp, describeOp, initialDocument } from '../../src-main/edit/model';
import { en } from '../../src-renderer/i18n/en';
import { vi } from '../../src-renderer/i18n/vi';
import { stepText } from '../../src-renderer/workspaces/editor/step-labels';

const t = i18next.createInstance();
beforeAll(async () => {
  await t.init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: 'vi',
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
  });
});

const words = (step: EditStep, lang: 'vi' | 'en') => stepText(step, t.getFixedT(lang), lang);

describe('history steps in the UI language', () => {
  it('words the same step in Vietnamese and in English', () => {
    const cut: EditStep = { type: 'delete', cut: true, start: 60_000, end: 144_000 };
    expect(words(cut, 'vi')).toBe('Cắt 0:01.250–0:03.000');
    expect(words(cut, 'en')).toBe('Cut 0:01.250–0:03.000');
    const gain: EditStep = { type: 'gain', start: 0, end: 48_000, gainDb: -1.5 };
    expect(words(gain, 'vi')).toBe('Âm lượng −1,5 dB 0:00.000–0:01.000');
    expect(words(gain, 'en')).toBe('Level −1.5 dB 0:00.000–0:01.000');
    const fade: EditStep = { type: 'fade', direction: 'out', curve: 'scurve', start: 0, end: 4_800 };
    expect(words(fade, 'vi')).toBe('Giảm dần (chữ S) 0:00.000–0:00.100');
    expect(words(fade, 'en')).toBe('Fade out (S-curve) 0:00.000–0:00.100');
    const loud: EditStep = { type: 'normalize', target: { targetLufs: -23, truePeakDbtp: -1 } };
    expect(words(loud, 'en')).toBe('Normalise loudness to −23 LUFS (peak ≤ −1 dBTP)');
  });

  it('names a segment’s language and words every step main can describe', () => {
    const doc = initialDocument('a'.repeat(64), 10 * 48_000);
    const withSegment = applyOp(doc, {
      type: 'addSegment',
      segment: { start: 0, end: 48_000, language: 'tyz', type: 'news', title: 'Tin sáng', script: null },
    });
    const step = describeOp(
      {
        type: 'addSegment',
        segment: { start: 0, end: 48_000, language: 'tyz', type: 'news', title: 'Tin sáng' },
      },
      doc,
    );
    expect(words(step, 'en')).toBe('Add segment “Tin sáng” (Tày) 0:00.000–0:01.000');
    expect(words(describeOp({ type: 'removeSegment', segmentId: 's2' }, withSegment), 'en')).toBe(
      'Delete segment “Tin sáng”',
    );
    const paste: EditStep = {
      type: 'insert',
      source: 'paste',
      title: '',
      at: 48_000,
      replaceEnd: 96_000,
      length: 24_000,
    };
    expect(words(paste, 'vi')).toBe('Dán đè 0:01.000–0:02.000 (0:00.500)');
    expect(words(paste, 'en')).toBe('Paste over 0:01.000–0:02.000 (0:00.500)');
    // No key is left untranslated: every wording is a sentence, never an i18n key.
    const all: EditStep[] = [
      { type: 'delete', cut: false, start: 0, end: 1 },
      { type: 'trim', start: 0, end: 1 },
      { ...paste, source: 'asset', title: 'Nhạc hiệu', replaceEnd: null },
      { type: 'split', at: 1 },
      { type: 'silence', start: 0, end: 1 },
      { type: 'envelope', start: 0, end: 1, points: 3 },
      { type: 'normalize', target: null },
      { type: 'normalizeRange', start: 0, end: 1, targetLufs: -16, gainDb: 3.2 },
      { type: 'shortenSilences', count: 4, removed: 144_000 },
      { type: 'declick', start: 0, end: 1 },
      { type: 'removeEffect', effect: { kind: 'declick', start: 0, end: 1 } },
      { type: 'removeEffect', effect: null },
      { type: 'updateSegment', title: 'x' },
      { type: 'addMarker', at: 1, label: '' },
      { type: 'renameMarker', at: 1, label: 'Nhạc nền', previous: '' },
      { type: 'renameMarker', at: 1, label: '', previous: 'Nhạc nền' },
      { type: 'renameMarker', at: null, label: 'x', previous: '' },
      { type: 'removeMarker', at: null, label: '' },
    ];
    for (const s of all) {
      for (const lang of ['vi', 'en'] as const) expect(words(s, lang)).not.toMatch(/editor\.|\{\{/);
    }
  });
});
