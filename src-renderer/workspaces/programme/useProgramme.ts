import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  DuckingSettings,
  ProgrammeMetadataPatch,
  ProgrammeOpRequestIn,
  ProgrammeState,
} from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';

export interface ProgrammeSession {
  state: ProgrammeState | null;
  /** The programme was deleted for good (in another window); in the trash, `state.deletedAt` says so. */
  removed: boolean;
  busy: boolean;
  error: StudioCallError | null;
  /** One change to items or tracks; the new state, or null when main refused (see `error`). */
  apply(op: ProgrammeOpRequestIn): Promise<ProgrammeState | null>;
  update(patch: {
    metadata?: ProgrammeMetadataPatch;
    ducking?: Partial<DuckingSettings>;
  }): Promise<ProgrammeState | null>;
  /** Takes back the latest change (`state.undoLabel`); nothing to undo: no change. */
  undo(): Promise<ProgrammeState | null>;
  /** Brings back what the latest undo took back (`state.redoLabel`). */
  redo(): Promise<ProgrammeState | null>;
  reload(): void;
  /** Shows a state a call returned (an approval step: the revision stays). */
  show(next: ProgrammeState): void;
  showError(error: StudioCallError | null): void;
}

/**
 * One open programme. Every change goes to main with the revision it was made on; the state that
 * comes back is what the rundown and the timeline draw. A change from another window (seen in
 * `programme.changed`) reloads it; a change made on a stale view is refused by main (CONFLICT) and
 * the view reloads.
 */
export function useProgramme(id: string): ProgrammeSession {
  const { client } = useStudio();
  const api = client.api;
  const [state, setState] = useState<ProgrammeState | null>(null);
  const [removed, setRemoved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [seq, setSeq] = useState(0);
  const ref = useRef<ProgrammeState | null>(null);
  /** Changes are sent one after another, each on the revision the one before it returned. */
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  const accept = useCallback((next: ProgrammeState) => {
    if (ref.current && ref.current.id === next.id && next.revision < ref.current.revision) return;
    ref.current = next;
    setState(next);
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.programme
      .get({ id })
      .then((s) => {
        if (cancelled) return;
        ref.current = null;
        accept(s);
        setError(null);
      })
      .catch((err: unknown) => !cancelled && setError(toStudioCallError(err)));
    return () => {
      cancelled = true;
    };
  }, [api, id, accept, seq]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.on('programme.changed', (e) => {
      if (e.programmeId !== id) return;
      if (e.reason === 'purged') {
        setRemoved(true);
        return;
      }
      // Our own changes come back too, often before the reply: look once things settle.
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = ref.current;
        // Rendering and the trash change what the view shows without a new revision.
        const sameRevision = e.reason === 'rendered' || e.reason === 'trashed' || e.reason === 'restored';
        if (now && e.revision <= now.revision && !sameRevision) return;
        api.programme
          .get({ id })
          .then(accept)
          // Another window's change is read again at its next event; this view stays as it was.
          .catch(() => undefined);
      }, 250);
    });
    // An approval step (here or in another window) changes no revision: read it again.
    const offApproval = api.on('programme.approval', (e) => {
      if (e.programmeId !== id) return;
      api.programme
        .get({ id })
        .then(accept)
        // Read again at the next event; this view stays as it was.
        .catch(() => undefined);
    });
    return () => {
      clearTimeout(timer);
      off();
      offApproval();
    };
  }, [api, id, accept]);

  const change = useCallback(
    (run: (s: ProgrammeState) => Promise<ProgrammeState>): Promise<ProgrammeState | null> => {
      const next = queue.current.then(async () => {
        const s = ref.current;
        if (!s) return null;
        setBusy(true);
        try {
          const result = await run(s);
          accept(result);
          setError(null);
          return result;
        } catch (err) {
          const e = toStudioCallError(err);
          setError(e);
          if (e.code === 'CONFLICT') setSeq((n) => n + 1);
          return null;
        } finally {
          setBusy(false);
        }
      });
      // The queue only orders changes: the error is shown above and returned through `next`.
      queue.current = next.catch(() => undefined);
      return next;
    },
    [accept],
  );

  const apply = useCallback(
    (op: ProgrammeOpRequestIn) =>
      change((s) => api.programme.apply({ id: s.id, op, expectedRevision: s.revision })),
    [api, change],
  );

  const update = useCallback(
    (patch: { metadata?: ProgrammeMetadataPatch; ducking?: Partial<DuckingSettings> }) =>
      change((s) => api.programme.update({ id: s.id, ...patch, expectedRevision: s.revision })),
    [api, change],
  );

  const undo = useCallback(
    () => change((s) => api.programme.undo({ id: s.id, expectedRevision: s.revision })),
    [api, change],
  );

  const redo = useCallback(
    () => change((s) => api.programme.redo({ id: s.id, expectedRevision: s.revision })),
    [api, change],
  );

  return {
    state,
    removed,
    busy,
    error,
    apply,
    update,
    undo,
    redo,
    reload: useCallback(() => setSeq((n) => n + 1), []),
    show: accept,
    showError: setError,
  };
}
