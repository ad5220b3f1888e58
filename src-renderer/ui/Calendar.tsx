import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../src-main/contract';
import {
  addDays,
  addMonths,
  dayOf,
  longDate,
  monthGrid,
  monthTitle,
  today,
  weekdayNames,
  weekdayOf,
} from './dates';

/**
 * The date field's month calendar, Monday first. Keyboard as in the WAI-ARIA date picker pattern:
 * arrows move by a day or a week, Page Up/Down by a month (with Shift, a year), Home/End to the
 * week's ends, Enter picks, Esc closes; a click outside closes it too.
 */
export function Calendar({
  label,
  value,
  lang,
  onPick,
  onClose,
}: {
  label: string;
  /** The field's day, ISO, or '' (the calendar opens on today). */
  value: string;
  lang: UiLanguage;
  onPick(day: string): void;
  /** `refocus`: give the focus back to the field (not after a click elsewhere, which has it). */
  onClose(refocus: boolean): void;
}) {
  const { t } = useTranslation();
  const now = today();
  const [cursor, setCursor] = useState(value || now);
  const root = useRef<HTMLDivElement>(null);
  const focusCursor = useRef(true);

  // The day under the cursor has the focus (only after a move, not while the mouse pages months).
  useEffect(() => {
    if (!focusCursor.current) return;
    root.current?.querySelector<HTMLButtonElement>(`[data-day="${cursor}"]`)?.focus();
  }, [cursor]);

  // A click outside the field (and its calendar) closes the calendar.
  useEffect(() => {
    const field = root.current?.parentElement;
    const onDown = (e: MouseEvent) => {
      if (field && !field.contains(e.target as Node)) onClose(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);

  const move = (next: string, focus = true) => {
    focusCursor.current = focus;
    setCursor(next);
  };

  const onKey = (e: KeyboardEvent) => {
    const by: Record<string, () => string> = {
      ArrowLeft: () => addDays(cursor, -1),
      ArrowRight: () => addDays(cursor, 1),
      ArrowUp: () => addDays(cursor, -7),
      ArrowDown: () => addDays(cursor, 7),
      PageUp: () => addMonths(cursor, e.shiftKey ? -12 : -1),
      PageDown: () => addMonths(cursor, e.shiftKey ? 12 : 1),
      Home: () => addDays(cursor, -weekdayOf(cursor)),
      End: () => addDays(cursor, 6 - weekdayOf(cursor)),
    };
    const go = by[e.key];
    if (go) {
      e.preventDefault();
      move(go());
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    }
  };

  const month = dayOf(cursor)?.month;
  return (
    <div
      ref={root}
      className="calendar card"
      role="dialog"
      aria-label={t('dates.calendar', { label })}
      data-testid="calendar"
    >
      <div className="row spread calendar-head">
        <button
          type="button"
          className="btn small-btn"
          aria-label={t('dates.previousMonth')}
          title={`${t('dates.previousMonth')} (Page Up)`}
          onClick={() => move(addMonths(cursor, -1), false)}
        >
          ‹
        </button>
        <strong aria-live="polite">{monthTitle(cursor, lang)}</strong>
        <button
          type="button"
          className="btn small-btn"
          aria-label={t('dates.nextMonth')}
          title={`${t('dates.nextMonth')} (Page Down)`}
          onClick={() => move(addMonths(cursor, 1), false)}
        >
          ›
        </button>
      </div>
      <table role="grid" className="calendar-grid" onKeyDown={onKey}>
        <thead>
          <tr>
            {weekdayNames(lang).map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(cursor).map((week) => (
            <tr key={week[0]}>
              {week.map((day) => (
                <td key={day}>
                  <button
                    type="button"
                    data-day={day}
                    tabIndex={day === cursor ? 0 : -1}
                    className={[
                      'calendar-day',
                      dayOf(day)?.month !== month && 'other-month',
                      day === now && 'today',
                      day === value && 'chosen',
                    ]
                      .filter(Boolean)
                      .join(' ')}
                    aria-label={longDate(day, lang)}
                    aria-pressed={day === value}
                    onClick={() => onPick(day)}
                  >
                    {dayOf(day)?.day}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row spread calendar-foot">
        <button type="button" className="btn small-btn" onClick={() => onPick(now)}>
          {t('dates.today')}
        </button>
        <button type="button" className="btn small-btn" onClick={() => onClose(true)}>
          {t('app.close')}
        </button>
      </div>
    </div>
  );
}
