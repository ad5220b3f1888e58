import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EditEffect, EditMarker, UiLanguage } from '../../../src-main/contract';
import { signedNumber } from './labels';
import { formatTimecode } from './samples';

/** The effects on the edit and its markers, each removable. */
export function DocumentPanel({
  effects,
  markers,
  disabled,
  lang,
  onRemoveEffect,
  onRemoveMarker,
  onGoTo,
}: {
  effects: EditEffect[];
  markers: EditMarker[];
  disabled: boolean;
  lang: UiLanguage;
  onRemoveEffect(id: string): void;
  onRemoveMarker(id: string): void;
  onGoTo(sample: number): void;
}) {
  const { t } = useTranslation();
  return (
    <section className="card panel" aria-labelledby="effects-title">
      <h2 id="effects-title">{t('editor.effects.title')}</h2>
      {effects.length === 0 ? (
        <p className="muted small">{t('editor.effects.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="effect-list">
          {effects.map((e) => (
            <li key={e.id}>
              <button type="button" className="link-btn" onClick={() => onGoTo(effectStart(e))}>
                {effectLabel(e, t, lang)}
              </button>
              <button
                type="button"
                className="btn small-btn"
                disabled={disabled}
                onClick={() => onRemoveEffect(e.id)}
              >
                {t('editor.effects.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('editor.markers.title')}</h2>
      {markers.length === 0 ? (
        <p className="muted small">{t('editor.markers.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="marker-list">
          {markers.map((m) => (
            <li key={m.id}>
              <button type="button" className="link-btn timecode" onClick={() => onGoTo(m.at)}>
                ◆ {formatTimecode(m.at)} {m.label}
              </button>
              <button
                type="button"
                className="btn small-btn"
                disabled={disabled}
                onClick={() => onRemoveMarker(m.id)}
              >
                {t('editor.markers.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function effectStart(e: EditEffect): number {
  return e.kind === 'gain' ? (e.points[0]?.at ?? 0) : e.start;
}

function effectLabel(e: EditEffect, t: TFunction, lang: UiLanguage): string {
  const range = (s: number, end: number) => `${formatTimecode(s)}–${formatTimecode(end)}`;
  switch (e.kind) {
    case 'gain': {
      const first = e.points[0];
      const last = e.points[e.points.length - 1];
      const peak = e.points.reduce((m, p) => (Math.abs(p.gainDb) > Math.abs(m) ? p.gainDb : m), 0);
      const db = `${signedNumber(peak, 1, lang, true)} dB`;
      return t('editor.effects.gain', { db, range: first && last ? range(first.at, last.at) : '' });
    }
    case 'fade':
      return t(e.direction === 'in' ? 'editor.effects.fadeIn' : 'editor.effects.fadeOut', {
        curve: t(`editor.tools.curves.${e.curve}`),
        range: range(e.start, e.end),
      });
    case 'silence':
      return t('editor.effects.silence', { range: range(e.start, e.end) });
    case 'declick':
      return t('editor.effects.declick', { range: range(e.start, e.end) });
  }
}
