import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditHistory, UiLanguage } from '../../../src-main/contract';
import { formatRecent } from '../../ui/dates';
import { stepText } from './step-labels';

/**
 * Every step of the edit, oldest first, with the original audio at the top. Clicking a step goes
 * back (or forward) to it; later steps stay until a new change replaces them, as with undo.
 */
export function HistoryPanel({
  history,
  disabled,
  lang,
  onJump,
}: {
  history: EditHistory | null;
  disabled: boolean;
  lang: UiLanguage;
  onJump(position: number): void;
}) {
  const { t } = useTranslation();
  const position = history?.position ?? 0;
  const count = history?.entries.length ?? 0;
  const list = useRef<HTMLOListElement>(null);
  // The current step stays in sight: after a change it is the newest, at the foot of a list that
  // scrolls. Only the list scrolls (not the page, which may be showing the waveform).
  useEffect(() => {
    const ol = list.current;
    const li = ol?.querySelector('li.current');
    if (!ol || !li) return;
    const a = li.getBoundingClientRect();
    const b = ol.getBoundingClientRect();
    if (a.top < b.top) ol.scrollTop -= b.top - a.top;
    else if (a.bottom > b.bottom) ol.scrollTop += a.bottom - b.bottom;
  }, [position, count]);
  return (
    <section className="card panel" aria-labelledby="history-title">
      <h2 id="history-title">{t('editor.history.title')}</h2>
      <ol ref={list} className="history-list" data-testid="history-list">
        <li className={position === 0 ? 'current' : undefined}>
          <button
            type="button"
            className="history-item"
            disabled={disabled || position === 0}
            onClick={() => onJump(0)}
            aria-current={position === 0 ? 'step' : undefined}
          >
            <span>{t('editor.history.original')}</span>
          </button>
        </li>
        {(history?.entries ?? []).map((e) => {
          const state = e.index === position ? 'current' : e.index > position ? 'undone' : undefined;
          return (
            <li key={e.index} className={state}>
              <button
                type="button"
                className="history-item"
                disabled={disabled || e.index === position}
                onClick={() => onJump(e.index)}
                aria-current={state === 'current' ? 'step' : undefined}
                title={state === 'undone' ? t('editor.history.redoTo') : t('editor.history.jump')}
              >
                <span className="history-label">{stepText(e.step, t, lang)}</span>
                <span className="muted small">{formatRecent(e.at, lang)}</span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
