import { type ComponentProps, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLanguage } from '../../src-main/contract';
import { Calendar } from './Calendar';
import { type DateProblem, EXAMPLE_DAY, formatDate, isCompleteDate, parseDate } from './dates';

type InputProps = Omit<
  ComponentProps<'input'>,
  'value' | 'onChange' | 'aria-label' | 'type' | 'placeholder' | 'onBlur' | 'onKeyDown' | 'onFocus'
>;

/**
 * A date typed as text in the UI's language ("06/12/2026", "6 Dec 2026"), never the browser's
 * own date input (which follows the OS locale, mm/dd/yyyy on many machines), with a calendar to
 * pick from by mouse or keyboard. The value is an ISO day (`YYYY-MM-DD`, or '' for none), given
 * to `onChange` as soon as a fully written date reads, and when the field is left. What does not
 * read as a real day is kept as typed, with a message saying how to write it.
 */
export function DateField({
  label,
  value,
  onChange,
  labelClassName,
  testId,
  ...input
}: InputProps & {
  label: string;
  value: string;
  onChange(day: string): void;
  labelClassName?: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const lang: UiLanguage = i18n.language === 'en' ? 'en' : 'vi';
  const shown = value ? formatDate(value, lang) : '';
  const [text, setText] = useState(shown);
  const [problem, setProblem] = useState<DateProblem | null>(null);
  const [open, setOpen] = useState(false);
  const editing = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const messageId = useId();

  // The value changed elsewhere (main, another field, the language): show it, unless being typed.
  useEffect(() => {
    if (!editing.current) {
      setText(shown);
      setProblem(null);
    }
  }, [shown]);

  const commit = (raw: string) => {
    const read = parseDate(raw);
    if (!read.ok) {
      setProblem(read.problem);
      return;
    }
    setProblem(null);
    const day = read.day ?? '';
    setText(day ? formatDate(day, lang) : '');
    if (day !== value) onChange(day);
  };

  const pick = (day: string) => {
    setOpen(false);
    editing.current = false;
    setProblem(null);
    setText(formatDate(day, lang));
    if (day !== value) onChange(day);
    inputRef.current?.focus();
  };

  const typed = parseDate(text);
  const example = formatDate(EXAMPLE_DAY, lang);
  const message = problem && t(`dates.${problem}`, { text: text.trim(), example });
  return (
    <label className={['date-label', labelClassName].filter(Boolean).join(' ')}>
      {label}
      <span className="date-field">
        <input
          {...input}
          ref={inputRef}
          className="input date-input"
          value={text}
          aria-label={label}
          placeholder={t('dates.placeholder')}
          title={t('dates.hint', { example })}
          inputMode="text"
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? messageId : undefined}
          data-testid={testId}
          onFocus={() => {
            editing.current = true;
          }}
          onChange={(e) => {
            const next = e.target.value;
            setText(next);
            setProblem(null);
            // A date written out in full acts at once (a filter shows its rows while typing).
            const read = parseDate(next);
            if (read.ok && read.day && isCompleteDate(next) && read.day !== value) onChange(read.day);
            if (read.ok && read.day === null && value !== '') onChange('');
          }}
          onBlur={() => {
            editing.current = false;
            commit(text);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              commit(text);
            } else if (e.key === 'Escape' && (text !== shown || problem)) {
              e.preventDefault();
              e.stopPropagation();
              setText(shown);
              setProblem(null);
            } else if (e.key === 'ArrowDown' && e.altKey) {
              e.preventDefault();
              setOpen(true);
            }
          }}
        />
        <button
          type="button"
          className="btn date-button"
          aria-label={t('dates.openCalendar')}
          title={`${t('dates.openCalendar')} (Alt+↓)`}
          aria-expanded={open}
          disabled={input.disabled}
          onClick={() => setOpen((o) => !o)}
        >
          <svg className="date-icon" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
            <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" />
            <path d="M4 9h2v2H4zM7 9h2v2H7zM10 9h2v2h-2z" fill="currentColor" />
          </svg>
        </button>
        {open && (
          <Calendar
            label={label}
            value={(typed.ok && typed.day) || value}
            lang={lang}
            onPick={pick}
            onClose={(refocus) => {
              setOpen(false);
              if (refocus) inputRef.current?.focus();
            }}
          />
        )}
      </span>
      {message && (
        <span id={messageId} className="field-error" role="alert">
          {message}
        </span>
      )}
    </label>
  );
}
