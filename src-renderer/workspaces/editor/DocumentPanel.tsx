import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditEffect, EditMarker, UiLanguage } from '../../../src-main/contract';
import { signedNumber } from './labels';
import { formatTimecode } from './samples';

/** The effects on the edit and its markers, each removable; markers can be named. */
export function DocumentPanel({
  effects,
  markers,
  disabled,
  lang,
  onRemoveEffect,
  onRenameMarker,
  onRemoveMarker,
  onGoTo,
}: {
  effects: EditEffect[];
  markers: EditMarker[];
  disabled: boolean;
  lang: UiLanguage;
  onRemoveEffect(id: string): void;
  /** Resolves true when main took the new name. */
  onRenameMarker(id: string, label: string): Promise<boolean>;
  onRemoveMarker(id: string): void;
  onGoTo(sample: number): void;
}) {
  const { t } = useTranslation();
  const [naming, setNaming] = useState<{ id: string; label: string } | null>(null);
  const saveName = async (e: FormEvent) => {
    e.preventDefault();
    if (!naming) return;
    const current = markers.find((m) => m.id === naming.id);
    const label = naming.label.trim();
    if (!current || current.label === label || (await onRenameMarker(naming.id, label))) setNaming(null);
  };
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
        <ul className="plain-list marker-list" data-testid="marker-list">
          {markers.map((m) =>
            naming?.id === m.id ? (
              <li key={m.id} data-marker={m.id}>
                <form className="marker-name-form" onSubmit={(e) => void saveName(e)}>
                  <span className="timecode">◆ {formatTimecode(m.at)}</span>
                  <input
                    className="input"
                    value={naming.label}
                    maxLength={200}
                    autoFocus
                    aria-label={t('editor.markers.field')}
                    placeholder={t('editor.markers.placeholder')}
                    title={t('editor.markers.hint')}
                    onChange={(e) => setNaming({ id: m.id, label: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key === 'Escape') setNaming(null);
                    }}
                  />
                  <button type="submit" className="btn small-btn btn-primary" disabled={disabled}>
                    {t('editor.markers.save')}
                  </button>
                  <button type="button" className="btn small-btn" onClick={() => setNaming(null)}>
                    {t('editor.markers.cancel')}
                  </button>
                </form>
              </li>
            ) : (
              <li key={m.id} data-marker={m.id}>
                <button type="button" className="link-btn" onClick={() => onGoTo(m.at)}>
                  <span className="timecode">◆ {formatTimecode(m.at)}</span>
                  {m.label && <span className="marker-label"> {m.label}</span>}
                </button>
                <span className="row">
                  <button
                    type="button"
                    className="btn small-btn"
                    disabled={disabled}
                    onClick={() => setNaming({ id: m.id, label: m.label })}
                  >
                    {m.label ? t('editor.markers.rename') : t('editor.markers.name')}
                  </button>
                  <button
                    type="button"
                    className="btn small-btn"
                    disabled={disabled}
                    onClick={() => onRemoveMarker(m.id)}
                  >
                    {t('editor.markers.remove')}
                  </button>
                </span>
              </li>
            ),
          )}
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
