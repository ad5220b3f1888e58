import { useCallback, useEffect, useRef, useState } from 'react';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { useUnsaved } from './unsaved';

/**
 * - `idle`: nothing typed since the form opened; `pending`: typed, not yet sent;
 * - `saving`: sent to main; `saved`: main has it; `error`: main refused it (the text stays);
 * - `invalid`: typed but not sendable as it is (the form says why).
 */
export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error' | 'invalid';

export interface Autosave<D> {
  /** What the form shows: the record, with the user's changes on top. */
  draft: D;
  set(update: (d: D) => D): void;
  state: SaveState;
  error: StudioCallError | null;
  /** Saves now what is typed (if anything); resolves true when main has it. */
  flush(): Promise<boolean>;
  /** Puts the record back in place of what was typed and not yet saved. */
  reset(): void;
}

/**
 * A form over a saved record that saves itself, so that no typed word is lost (issue 9 point 3):
 * `delay` ms after the last change, and at once when the form loses the focus (the form calls
 * `flush` from its onBlur), when it goes away (another row chosen, another workspace), when the
 * window is left or reloaded. Changes are sent one at a time, in order. A refused save keeps the
 * text and shows main's error. The record coming back from main (or changed elsewhere) replaces
 * the draft only when nothing typed is waiting.
 *
 * `save` resolves false (or throws) when main refused (anything else counts as saved); `valid`
 * keeps a draft that cannot be sent (the form shows why) from being sent; `sent` is what main
 * would store of a draft (trimmed, split): a draft and a record that store the same are the same,
 * so the record coming back does not take a space or a comma being typed out of the field.
 *
 * A draft that cannot be sent (not `valid`, or refused by main) is not lost silently either: with
 * `where` (the form's name), leaving it asks first, and says `problem` (what is wrong) when given.
 */
export function useAutosave<D>(
  record: D,
  save: (draft: D) => Promise<unknown>,
  {
    delay = 700,
    valid,
    sent = (d: D) => d,
    where,
    problem,
  }: {
    delay?: number;
    valid?: (d: D) => boolean;
    sent?: (d: D) => unknown;
    where?: string;
    problem?: (d: D) => string | null;
  } = {},
): Autosave<D> {
  const sentRef = useRef(sent);
  sentRef.current = sent;
  const same = (a: D, b: D) => JSON.stringify(sentRef.current(a)) === JSON.stringify(sentRef.current(b));
  const [draft, setDraft] = useState(record);
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<StudioCallError | null>(null);
  const draftRef = useRef(record);
  /** The record as the draft was started from, or as last saved. */
  const base = useRef(record);
  const saveRef = useRef(save);
  saveRef.current = save;
  const validRef = useRef(valid);
  validRef.current = valid;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const queue = useRef<Promise<boolean>>(Promise.resolve(true));
  const mounted = useRef(true);
  const show = (next: SaveState, err: StudioCallError | null = null) => {
    if (!mounted.current) return;
    setState(next);
    setError(err);
  };

  const recordKey = JSON.stringify(record);
  useEffect(() => {
    const unsaved = !same(draftRef.current, base.current);
    if (!unsaved && !same(draftRef.current, record)) {
      draftRef.current = record;
      setDraft(record);
    }
    base.current = record;
    // Only when the record's content changes, not on every render that rebuilds it.
  }, [recordKey]);

  const flush = useCallback((): Promise<boolean> => {
    clearTimeout(timer.current);
    const run = async (): Promise<boolean> => {
      const d = draftRef.current;
      if (same(d, base.current)) return true;
      if (validRef.current && !validRef.current(d)) {
        show('invalid');
        return false;
      }
      show('saving');
      try {
        if ((await saveRef.current(d)) === false) {
          show('error');
          return false;
        }
        base.current = d;
        show(same(draftRef.current, d) ? 'saved' : 'pending');
        return true;
      } catch (err) {
        show('error', toStudioCallError(err));
        return false;
      }
    };
    const next = queue.current.then(run, run);
    queue.current = next;
    return next;
  }, []);

  const set = useCallback(
    (update: (d: D) => D) => {
      const next = update(draftRef.current);
      draftRef.current = next;
      setDraft(next);
      setState('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delay);
    },
    [delay, flush],
  );

  const reset = useCallback(() => {
    clearTimeout(timer.current);
    draftRef.current = base.current;
    setDraft(base.current);
    show('idle');
  }, []);

  // Leaving the window (another program, a reload, closing it) or the form itself saves now.
  useEffect(() => {
    mounted.current = true;
    const now = () => void flush();
    const hidden = () => document.visibilityState === 'hidden' && now();
    window.addEventListener('blur', now);
    window.addEventListener('pagehide', now);
    window.addEventListener('beforeunload', now);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      window.removeEventListener('blur', now);
      window.removeEventListener('pagehide', now);
      window.removeEventListener('beforeunload', now);
      document.removeEventListener('visibilitychange', hidden);
      mounted.current = false;
      now();
    };
  }, [flush]);

  const invalid = valid !== undefined && !valid(draft) && !same(draft, base.current);
  useUnsaved(
    where !== undefined && (invalid || state === 'error')
      ? {
          where,
          problem: invalid ? (problem?.(draft) ?? null) : null,
          save: invalid ? undefined : flush,
          discard: reset,
        }
      : null,
  );

  return { draft, set, state, error, flush, reset };
}
