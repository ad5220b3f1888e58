import { useEffect, useRef, useState } from 'react';
import { TextField } from '../../ui/TextField';
import { formatTimecode, parseTimecode } from '../editor/samples';
import { samplesOf } from './model';

/**
 * A field that edits its text freely and commits on Enter or when it loses the focus (Esc puts the
 * value back). The workspace sends one change to main per commit, not one per key.
 */
function useDraft(value: string) {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  return { draft, setDraft, editing, setEditing };
}

/**
 * A field taken away while it is being typed in (Ctrl+1…5 to another workspace, another item
 * chosen from the keyboard) gets no blur: it commits on the way out, so the text is not lost.
 */
function useCommitOnUnmount(commit: (() => void) | null) {
  const latest = useRef(commit);
  latest.current = commit;
  useEffect(() => () => latest.current?.(), []);
}

/** A time as "m:ss.mmm" (or "1:15", "75", "1,5"), in samples. */
export function TimeField({
  label,
  value,
  onCommit,
  min = 0,
  max,
  disabled,
  testId,
}: {
  label: string;
  value: number;
  onCommit(samples: number): void;
  min?: number;
  max?: number;
  disabled?: boolean;
  testId?: string;
}) {
  const { draft, setDraft, editing, setEditing } = useDraft(formatTimecode(value));
  const parsed = parseTimecode(draft);
  const samples = parsed === null ? null : samplesOf(parsed);
  const invalid = samples === null || samples < min || (max !== undefined && samples > max);
  const commit = () => {
    setEditing(false);
    if (!invalid && samples !== value) onCommit(samples);
    else setDraft(formatTimecode(value));
  };
  useCommitOnUnmount(editing ? commit : null);
  return (
    <TextField
      label={label}
      className="timecode"
      value={draft}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      data-testid={testId}
      onFocus={() => setEditing(true)}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') {
          setDraft(formatTimecode(value));
          setEditing(false);
        }
      }}
    />
  );
}

/** A number (dB, ms), Vietnamese decimal comma accepted. */
export function NumberField({
  label,
  value,
  onCommit,
  min,
  max,
  disabled,
  suffix,
}: {
  label: string;
  value: number;
  onCommit(n: number): void;
  min: number;
  max: number;
  disabled?: boolean;
  suffix?: string;
}) {
  const { draft, setDraft, editing, setEditing } = useDraft(String(value).replace('-', '−'));
  const n = Number(draft.trim().replace(',', '.').replace('−', '-'));
  const invalid = draft.trim() === '' || !Number.isFinite(n) || n < min || n > max;
  const commit = () => {
    setEditing(false);
    if (!invalid && n !== value) onCommit(n);
    else setDraft(String(value).replace('-', '−'));
  };
  useCommitOnUnmount(editing ? commit : null);
  return (
    <label>
      {label}
      <span className="num-field">
        <input
          className="input"
          inputMode="decimal"
          value={draft}
          disabled={disabled}
          aria-invalid={invalid || undefined}
          onFocus={() => setEditing(true)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
          }}
        />
        {suffix && <span className="muted small">{suffix}</span>}
      </span>
    </label>
  );
}

/** Free text committed on blur or Enter. */
export function CommitTextField({
  label,
  value,
  onCommit,
  disabled,
  required,
}: {
  label: string;
  value: string;
  onCommit(text: string): void;
  disabled?: boolean;
  required?: boolean;
}) {
  const { draft, setDraft, editing, setEditing } = useDraft(value);
  const commit = () => {
    setEditing(false);
    const text = draft.trim();
    if (text !== value && (!required || text !== '')) onCommit(text);
    else setDraft(value);
  };
  useCommitOnUnmount(editing ? commit : null);
  return (
    <TextField
      label={label}
      value={draft}
      disabled={disabled}
      onFocus={() => setEditing(true)}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}
