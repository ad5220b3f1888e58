import { type Dispatch, type RefObject, type SetStateAction, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset, EditOpRequestIn, EditProjectState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { toStudioCallError } from '../../studio/studio-error';
import { formatTimecode, type SampleRange, toSeconds } from './samples';
import type { EditActions } from './ToolsPanel';
import type { Editor } from './useEditor';
import type { WaveController } from './wave-controller';
import type { PendingTime } from './WaveArea';

/** Places the selection, and with `place` the playhead, in the edit an operation made. */
type After = (next: EditProjectState, before: number, place: (seconds: number) => void) => void;

export interface EditorActionsInput {
  ed: Editor;
  controller: RefObject<WaveController | null>;
  pendingTime: RefObject<PendingTime | null>;
  selection: SampleRange | null;
  setSelection: Dispatch<SetStateAction<SampleRange | null>>;
  /** The playhead, in samples of the edit. */
  playhead(): number;
  /** Opens the asset picker for an insert. */
  openInsert(): void;
}

export interface EditorActionsState {
  /** The tools' buttons and their keys. */
  actions: EditActions;
  /** Applies one operation (see `run` below). */
  run(op: EditOpRequestIn, after?: After): Promise<void>;
  /** Inserts an asset chosen in the picker at the selection (replacing it) or the playhead. */
  insertAsset(a: Asset): void;
  undo(): void;
  redo(): void;
  jumpTo(position: number): void;
  /** Takes a trashed asset out of the trash, then opens the edit again. */
  restore(id: string): void;
  /** What an action said back ("Chọn một đoạn trước…"), for a few seconds. */
  hint: string | null;
}

/**
 * What the editor's tools, keys and panels do to the edit: each change goes to main through
 * `useEditor` with the playback paused, and places the selection and playhead in the new edit.
 */
export function useEditorActions({
  ed,
  controller,
  pendingTime,
  selection,
  setSelection,
  playhead,
  openInsert,
}: EditorActionsInput): EditorActionsState {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [hint, setHint] = useState<string | null>(null);
  const project = ed.project;
  const length = project?.durationSamples ?? 0;

  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => setHint(null), 4000);
    return () => clearTimeout(timer);
  }, [hint]);

  const needSelection = useCallback((): SampleRange | null => {
    if (!selection) setHint(t('editor.tools.needSelection'));
    return selection;
  }, [selection, t]);

  /**
   * Applies an operation; `after` places the selection, and with `place` the playhead, in the new
   * edit. The playhead goes there once the new preview has loaded, unless the person has moved it
   * since asking (previews can take a while, and lag several changes behind on a busy machine).
   */
  const run = useCallback(
    async (op: EditOpRequestIn, after?: After) => {
      if (!project) return;
      const c = controller.current;
      c?.pause();
      const from = c?.getTime() ?? 0;
      const before = project.durationSamples;
      const next = await ed.apply(op);
      if (next && after)
        after(next, before, (at) => {
          pendingTime.current = { at, from };
        });
    },
    [ed, project, controller, pendingTime],
  );

  const removeRange = useCallback(
    (type: 'cut' | 'delete') => {
      const s = needSelection();
      if (!s) return;
      void run({ type, start: s.start, end: s.end }, (_next, _before, place) => {
        place(toSeconds(s.start));
        setSelection(null);
      });
    },
    [needSelection, run, setSelection],
  );

  /** After an insert, the inserted audio is selected. */
  const selectInserted =
    (at: number, replaced: number): After =>
    (next, before, place) => {
      const inserted = next.durationSamples - before + replaced;
      setSelection(inserted > 0 ? { start: at, end: at + inserted } : null);
      place(toSeconds(at));
    };

  const rangeOrWhole = () => selection ?? (length > 0 ? { start: 0, end: length } : null);

  const actions: EditActions = {
    cut: () => removeRange('cut'),
    remove: () => removeRange('delete'),
    copy: () => {
      const s = needSelection();
      if (!s) return;
      void ed.copy(s.start, s.end).then((info) => {
        if (info?.ok) setHint(t('editor.tools.copied', { length: formatTimecode(info.lengthSamples) }));
      });
    },
    paste: () => {
      const at = selection ? selection.start : playhead();
      const replaced = selection ? selection.end - selection.start : 0;
      void run(
        { type: 'paste', at, ...(selection ? { replaceEnd: selection.end } : {}) },
        selectInserted(at, replaced),
      );
    },
    trim: () => {
      const s = needSelection();
      if (!s) return;
      void run({ type: 'trim', start: s.start, end: s.end }, (_next, _before, place) => {
        place(0);
        setSelection(null);
      });
    },
    split: () => {
      const at = playhead();
      if (at <= 0 || at >= length) {
        setHint(t('editor.tools.splitInside'));
        return;
      }
      void run({ type: 'split', at });
    },
    silence: () => {
      const s = needSelection();
      if (s) void run({ type: 'silence', start: s.start, end: s.end });
    },
    marker: () => {
      if (length > 0) void run({ type: 'addMarker', at: Math.min(playhead(), length - 1) });
    },
    insert: openInsert,
    gain: (gainDb) => {
      const s = needSelection();
      if (s) void run({ type: 'gain', start: s.start, end: s.end, gainDb });
    },
    fade: (direction, curve) => {
      const s = needSelection();
      if (s) void run({ type: 'fade', direction, start: s.start, end: s.end, curve });
    },
    normalize: (targetLufs, onlySelection) => {
      const s = onlySelection ? selection : null;
      void run({ type: 'normalize', targetLufs, ...(s ? { start: s.start, end: s.end } : {}) });
    },
    shorten: (thresholdDb, minSilenceMs, keepMs) => {
      const s = selection;
      void run(
        {
          type: 'shortenSilences',
          thresholdDb,
          minSilenceMs,
          keepMs,
          ...(s ? { start: s.start, end: s.end } : {}),
        },
        (next, before) => {
          if (next.durationSamples !== before) setSelection(null);
        },
      );
    },
    declick: () => {
      const r = rangeOrWhole();
      if (r) void run({ type: 'declick', start: r.start, end: r.end });
    },
  };

  const insertAsset = (a: Asset) => {
    const at = selection ? selection.start : playhead();
    const replaced = selection ? selection.end - selection.start : 0;
    void run(
      { type: 'insertAsset', at, assetId: a.id, ...(selection ? { replaceEnd: selection.end } : {}) },
      selectInserted(at, replaced),
    );
  };

  return {
    actions,
    run,
    insertAsset,
    undo: () => {
      controller.current?.pause();
      void ed.undo();
    },
    redo: () => {
      controller.current?.pause();
      void ed.redo();
    },
    jumpTo: (position) => {
      controller.current?.pause();
      void ed.jumpTo(position);
    },
    restore: (id) => {
      client.api.library
        .restore({ id })
        .then(() => ed.reload())
        .catch((err: unknown) => ed.showError(toStudioCallError(err)));
    },
    hint,
  };
}
