import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  EditClipboardInfo,
  EditDocument,
  EditHistory,
  EditOpRequestIn,
  EditPreview,
  EditProjectState,
  EditSegmentInput,
  EditSegmentPatch,
} from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';

/** A rendered preview with the edit list it was rendered from (what the waveform shows). */
export interface Shown {
  preview: EditPreview;
  document: EditDocument;
  durationSamples: number;
  revision: number;
}

export interface EditorState {
  project: EditProjectState | null;
  /** What the waveform shows: the last preview that arrived (kept while the next one renders). */
  shown: Shown | null;
  /** A preview (or an analysis for an operation) is rendering; 0..1 when main says how far. */
  rendering: { fraction: number | null; purpose: 'preview' | 'analysis' } | null;
  /** The first opening of an asset decodes it to 48 kHz once. */
  preparing: number | null;
  /** An operation is on its way to main. */
  busy: boolean;
  error: StudioCallError | null;
  /** Vietnamese, from main ("Không tìm thấy khoảng lặng nào…"). */
  notice: string | null;
  history: EditHistory | null;
  clipboard: EditClipboardInfo | null;
}

/** Calls whose replies set state and may come back out of order. */
type Asked = 'history' | 'clipboard';

/**
 * Main answers each call when it is done, so the replies to two calls of one kind can come back
 * the other way round. `ask` numbers a call as it is sent and gives a check for its reply: true
 * (and the reply becomes the newest used) unless a later call of that kind was answered first, so
 * an old answer never replaces a newer one. `forget` turns down every reply still on its way.
 */
function replyOrder() {
  const sent: Record<Asked, number> = { history: 0, clipboard: 0 };
  const used: Record<Asked, number> = { history: 0, clipboard: 0 };
  return {
    ask(kind: Asked): () => boolean {
      const n = ++sent[kind];
      return () => {
        if (n <= used[kind]) return false;
        used[kind] = n;
        return true;
      };
    },
    forget(kind: Asked) {
      used[kind] = ++sent[kind];
    },
  };
}

/** The new state after a change, or null when it failed (the error is in `error`). */
type Changed = Promise<EditProjectState | null>;

export interface Editor extends EditorState {
  apply(op: EditOpRequestIn): Changed;
  undo(): Changed;
  redo(): Changed;
  jumpTo(position: number): Changed;
  copy(start: number, end: number): Promise<EditClipboardInfo | null>;
  addSegment(segment: EditSegmentInput): Changed;
  updateSegment(segmentId: string, patch: EditSegmentPatch): Changed;
  removeSegment(segmentId: string): Changed;
  showError(error: StudioCallError | null): void;
  dismissNotice(): void;
  reload(): void;
}

/**
 * One open project: its state from main, the preview the waveform plays, the history list and the
 * clipboard. Every change goes to main first; the new state comes back and a new preview is asked
 * for, so what plays is always what will render.
 */
export function useEditor(assetId: string): Editor {
  const { client } = useStudio();
  const api = client.api;
  const [project, setProject] = useState<EditProjectState | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [rendering, setRendering] = useState<EditorState['rendering']>(null);
  /**
   * The renders the editor itself waits for: its newest preview, and operations' analyses. Main
   * goes on with renders no longer awaited (the preview of a state changed again since) and sends
   * their progress too, also after the newest preview has come: that progress is not shown, or
   * "Đang dựng…" stayed over the finished waveform until the next change.
   */
  const waiting = useRef({ preview: false, analyses: 0 });
  const wait = useCallback((what: 'preview' | 'analysis', on: boolean) => {
    const w = waiting.current;
    if (what === 'preview') w.preview = on;
    else w.analyses += on ? 1 : -1;
    const shown = on ? what : w.analyses > 0 ? 'analysis' : w.preview ? 'preview' : null;
    setRendering(shown && { fraction: null, purpose: shown });
  }, []);
  const [preparing, setPreparing] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [history, setHistory] = useState<EditHistory | null>(null);
  const [clipboard, setClipboard] = useState<EditClipboardInfo | null>(null);
  const [openSeq, setOpenSeq] = useState(0);
  const projectRef = useRef<EditProjectState | null>(null);
  const previewSeq = useRef(0);
  /** The preview being rendered: a newer one (or leaving the editor) cancels it, and main stops its ffmpeg. */
  const previewAbort = useRef<AbortController | null>(null);
  const [order] = useState(replyOrder);

  /** Asks for the preview of a state; only the newest request is shown. */
  const preview = useCallback(
    async (state: EditProjectState) => {
      const mine = ++previewSeq.current;
      previewAbort.current?.abort();
      previewAbort.current = null;
      if (state.problems.length > 0 || state.durationSamples === 0) {
        wait('preview', false);
        if (state.durationSamples === 0) setShown(null);
        return;
      }
      wait('preview', true);
      const controller = new AbortController();
      previewAbort.current = controller;
      try {
        const p = await api.edit.preview({ projectId: state.id }, { signal: controller.signal });
        if (mine !== previewSeq.current) return;
        setShown({
          preview: p,
          document: state.document,
          durationSamples: state.durationSamples,
          revision: state.revision,
        });
      } catch (err) {
        if (mine === previewSeq.current && !controller.signal.aborted) setError(toStudioCallError(err));
      } finally {
        if (mine === previewSeq.current) wait('preview', false);
        if (previewAbort.current === controller) previewAbort.current = null;
      }
    },
    [api, wait],
  );

  const refreshHistory = useCallback(
    (projectId: string) => {
      const fresh = order.ask('history');
      api.edit
        .history({ projectId })
        .then((h) => fresh() && setHistory(h))
        // The list is asked for again after the next change; the edit itself is not affected.
        .catch(() => undefined);
    },
    [api, order],
  );

  /** Takes a new state from main: shows it, renders its preview, refreshes the history. */
  const accept = useCallback(
    (state: EditProjectState) => {
      const before = projectRef.current;
      // Revisions only go up: a state older than the one shown (two changes, or a change and a
      // look at one made elsewhere, answered the other way round) is not taken.
      if (before && before.id === state.id && state.revision < before.revision) return;
      projectRef.current = state;
      setProject(state);
      if (!before || before.revision !== state.revision || before.id !== state.id) {
        refreshHistory(state.id);
      }
      void preview(state);
    },
    [preview, refreshHistory],
  );

  // Open the asset's latest project (made on first opening).
  useEffect(() => {
    let cancelled = false;
    projectRef.current = null;
    setProject(null);
    setShown(null);
    order.forget('history');
    setHistory(null);
    setError(null);
    setNotice(null);
    api.edit
      .open({ assetId })
      .then((state) => {
        if (cancelled) return;
        setPreparing(null);
        accept(state);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setPreparing(null);
        setError(toStudioCallError(err));
      });
    const fresh = order.ask('clipboard');
    api.edit
      .clipboard()
      .then((c) => !cancelled && fresh() && setClipboard(c))
      // Without it the paste button stays as it was; a copy or cut sets the clipboard anew.
      .catch(() => undefined);
    return () => {
      cancelled = true;
      previewSeq.current++;
      previewAbort.current?.abort();
      previewAbort.current = null;
    };
  }, [api, assetId, accept, openSeq, order]);

  // Events: decoding on first open, render progress, and changes made elsewhere (another window).
  useEffect(() => {
    let changedTimer: ReturnType<typeof setTimeout> | undefined;
    const offs = [
      api.on('edit.preparing', (e) => {
        if (e.assetId === assetId) setPreparing(e.done ? null : e.fraction);
      }),
      api.on('edit.render.progress', (e) => {
        if (e.projectId !== projectRef.current?.id || e.purpose === 'export' || e.jobId !== null) return;
        const w = waiting.current;
        if (w.preview || w.analyses > 0) setRendering({ fraction: e.fraction, purpose: e.purpose });
      }),
      api.on('edit.changed', (e) => {
        const mine = projectRef.current;
        if (!mine || e.projectId !== mine.id) return;
        // Our own changes come back too, often before the reply: look only once things settle.
        clearTimeout(changedTimer);
        changedTimer = setTimeout(() => {
          const now = projectRef.current;
          if (!now || now.id !== e.projectId || e.revision <= now.revision) return;
          api.edit
            .open({ projectId: e.projectId })
            .then(accept)
            .catch((err: unknown) => setError(toStudioCallError(err)));
        }, 250);
      }),
    ];
    return () => {
      clearTimeout(changedTimer);
      offs.forEach((off) => off());
    };
  }, [api, assetId, accept]);

  /** Runs a call that returns a new state; errors become the banner. */
  const change = useCallback(
    async (run: (p: EditProjectState) => Promise<EditProjectState>): Changed => {
      const p = projectRef.current;
      if (!p) return null;
      setBusy(true);
      setNotice(null);
      try {
        const next = await run(p);
        accept(next);
        setError(null);
        return next;
      } catch (err) {
        setError(toStudioCallError(err));
        return null;
      } finally {
        setBusy(false);
      }
    },
    [accept],
  );

  const apply = useCallback(
    (op: EditOpRequestIn) =>
      change(async (p) => {
        const needsAnalysis = op.type === 'shortenSilences' || op.type === 'normalize';
        if (needsAnalysis) wait('analysis', true);
        const fresh = order.ask('clipboard');
        try {
          const r = await api.edit.apply({ projectId: p.id, op, expectedRevision: p.revision });
          if (r.clipboard && fresh()) setClipboard(r.clipboard);
          if (r.notice) setNotice(r.notice);
          return r.project;
        } finally {
          if (needsAnalysis) wait('analysis', false);
        }
      }),
    [api, change, order, wait],
  );

  const copy = useCallback(
    async (start: number, end: number) => {
      const p = projectRef.current;
      if (!p) return null;
      const fresh = order.ask('clipboard');
      try {
        const info = await api.edit.copy({ projectId: p.id, start, end });
        if (fresh()) setClipboard(info);
        setError(null);
        return info;
      } catch (err) {
        setError(toStudioCallError(err));
        return null;
      }
    },
    [api, order],
  );

  return {
    project,
    shown,
    rendering,
    preparing,
    busy,
    error,
    notice,
    history,
    clipboard,
    apply,
    copy,
    undo: useCallback(() => change((p) => api.edit.undo({ projectId: p.id })), [api, change]),
    redo: useCallback(() => change((p) => api.edit.redo({ projectId: p.id })), [api, change]),
    jumpTo: useCallback(
      (position: number) => change((p) => api.edit.jumpTo({ projectId: p.id, position })),
      [api, change],
    ),
    addSegment: useCallback(
      (segment: EditSegmentInput) => change((p) => api.edit['segments.add']({ projectId: p.id, segment })),
      [api, change],
    ),
    updateSegment: useCallback(
      (segmentId: string, patch: EditSegmentPatch) =>
        change((p) => api.edit['segments.update']({ projectId: p.id, segmentId, patch })),
      [api, change],
    ),
    removeSegment: useCallback(
      (segmentId: string) => change((p) => api.edit['segments.remove']({ projectId: p.id, segmentId })),
      [api, change],
    ),
    showError: setError,
    dismissNotice: useCallback(() => setNotice(null), []),
    reload: useCallback(() => setOpenSeq((n) => n + 1), []),
  };
}
