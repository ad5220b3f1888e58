import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useRef, useState } from 'react';
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
  /** The marker whose name is being typed. */
  const [naming, setNaming] = useState<string | null>(null);
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
            naming === m.id ? (
              <li key={m.id} data-marker={m.id}>
                <MarkerNameForm
                  marker={m}
                  disabled={disabled}
                  onRename={onRenameMarker}
                  onClose={() => setNaming(null)}
                />
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
                    onClick={() => setNaming(m.id)}
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

/**
 * A marker's name being typed: "Lưu" (or Enter) names it, "Huỷ" (or Esc) leaves it as it was.
 * Left any other way (another marker, another asset or workspace) the name typed is kept, not
 * dropped: it is sent as the form goes away.
 */
function MarkerNameForm({
  marker,
  disabled,
  onRename,
  onClose,
}: {
  marker: EditMarker;
  disabled: boolean;
  onRename(id: string, label: string): Promise<boolean>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [label, setLabel] = useState(marker.label);
  const latest = useRef({ label, marker, onRename });
  latest.current = { label, marker, onRename };
  /** Named or cancelled: nothing left to send on the way out. */
  const settled = useRef(false);
  useEffect(
    () => () => {
      const { label: typed, marker: m, onRename: rename } = latest.current;
      if (!settled.current && typed.trim() !== m.label) void rename(m.id, typed.trim());
    },
    [],
  );
  const close = () => {
    settled.current = true;
    onClose();
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const typed = label.trim();
    if (typed === marker.label || (await onRename(marker.id, typed))) close();
  };
  return (
    <form className="marker-name-form" onSubmit={(e) => void save(e)}>
      <span className="timecode">◆ {formatTimecode(marker.at)}</span>
      <input
        className="input"
        value={label}
        maxLength={200}
        autoFocus
        aria-label={t('editor.markers.field')}
        placeholder={t('editor.markers.placeholder')}
        title={t('editor.markers.hint')}
        onChange={(e) => setLabel(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
        }}
      />
      <button type="submit" className="btn small-btn btn-primary" disabled={disabled}>
        {t('editor.markers.save')}
      </button>
      <button type="button" className="btn small-btn" onClick={close}>
        {t('editor.markers.cancel')}
      </button>
    </form>
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
