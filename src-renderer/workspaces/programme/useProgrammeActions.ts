import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ProgrammeItemInput,
  ProgrammeItemPatch,
  ProgrammeItemView,
  ProgrammeState,
  ProgrammeTrack,
} from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { useUndoBar } from '../../ui/UndoBar';
import type { Chosen } from './AddItemDialog';
import { appendPosition, reorderTarget } from './model';
import type { ProgrammeSession } from './useProgramme';
import type { ProgrammeSelection } from './useProgrammeSelection';

/** Where the add dialog puts what is chosen: a new item on a track, or the audio of a placeholder. */
export interface Adding {
  trackId: string;
  filling: ProgrammeItemView | null;
}

export interface ProgrammeActionsInput {
  id: string;
  p: ProgrammeSession;
  selection: ProgrammeSelection;
  /** The add dialog's target while it is open. */
  adding: Adding | null;
  setAdding(adding: Adding | null): void;
  /** No change is possible: not loaded, deleted elsewhere or in the trash. */
  disabled: boolean;
}

export interface ProgrammeActions {
  /** Changes move the items after them too (a removed item's gap closes…). */
  ripple: boolean;
  setRipple(on: boolean): void;
  change(itemId: string, patch: ProgrammeItemPatch, withRipple?: boolean): void;
  remove(item: ProgrammeItemView): Promise<void>;
  /** The item removed last, while "Khôi phục" can put it back. */
  removed: ProgrammeItemView | null;
  /** Puts the removed item back and selects it. */
  restore(): Promise<void>;
  dismissRemoved(): void;
  reorder(item: ProgrammeItemView, direction: -1 | 1): void;
  /** A placeholder for the item in another language, right after it. */
  addVersion(itemId: string, language: string): Promise<void>;
  /** What the add dialog chose, added where `adding` says. */
  choose(c: Chosen): Promise<void>;
  addItem(c: Chosen, at: { start: number; ripple: boolean }): Promise<void>;
  trackChange(tr: ProgrammeTrack, patch: { name?: string; gainDb?: number; muted?: boolean }): void;
  /** Undo (or redo) the latest programme change. */
  step(redo: boolean): void;
  /** Takes the programme out of the trash. */
  restoreProgramme(): void;
  trashProgramme(): Promise<void>;
  exportFile(): Promise<void>;
  /** Where the programme's file was exported. */
  exported: string | null;
  /** What a call made here failed with (the programme's own calls report in `p.error`). */
  error: StudioCallError | null;
}

/** What `add` needs to put a removed item back (a new id: the model has no undo). */
function inputOf(item: ProgrammeItemView): ProgrammeItemInput {
  return {
    trackId: item.trackId,
    title: item.title,
    source: item.source,
    start: item.start,
    sourceStart: item.sourceStart,
    sourceEnd: item.sourceEnd,
    gainDb: item.gainDb,
    fadeIn: item.fadeIn,
    fadeOut: item.fadeOut,
    fadeCurve: item.fadeCurve,
    crossfade: item.crossfade,
    language: item.language,
    versionOf: item.versionOf,
    duck: item.duck,
  };
}

/**
 * What the programme screen's buttons, panels and keys do: each change goes to main through
 * `useProgramme` (with ripple when it is on) and selects what it added.
 */
export function useProgrammeActions({
  id,
  p,
  selection,
  adding,
  setAdding,
  disabled,
}: ProgrammeActionsInput): ProgrammeActions {
  const { t } = useTranslation();
  const { client } = useStudio();
  const state = p.state;
  const { select, selected } = selection;
  const [ripple, setRipple] = useState(true);
  const [removed, setRemoved] = useState<ProgrammeItemView | null>(null);
  const offerUndo = useUndoBar();
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);

  /** Selects what a change added (the item that was not there before). */
  const selectNew = (before: ProgrammeState, after: ProgrammeState | null) => {
    if (!after) return;
    const had = new Set(before.items.map((i) => i.id));
    const added = after.items.find((i) => !had.has(i.id));
    if (added) select(added.id);
  };

  const remove = async (item: ProgrammeItemView) => {
    const next = await p.apply({ type: 'remove', itemId: item.id, ...(ripple ? { ripple: true } : {}) });
    if (next) setRemoved(item);
  };

  /** Adds a chosen source (picker, or the sources panel) at `at.start`; selects the new item. */
  const addItem = async (c: Chosen, at: { start: number; ripple: boolean }) => {
    if (!state) return;
    const before = state;
    const next = await p.apply({
      type: 'add',
      item: {
        trackId: c.trackId,
        source: c.source,
        start: at.start,
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.language !== undefined ? { language: c.language } : {}),
        ...(c.sourceEnd !== undefined ? { sourceEnd: c.sourceEnd } : {}),
      },
      ...(at.ripple && ripple ? { ripple: true } : {}),
    });
    selectNew(before, next);
  };

  const restoreProgramme = () => client.api.programme.restore({ id });

  return {
    ripple,
    setRipple,
    change: (itemId, patch, withRipple = false) =>
      void p.apply({ type: 'update', itemId, patch, ...(withRipple ? { ripple: true } : {}) }),
    remove,
    removed,
    restore: async () => {
      if (!state || !removed) return;
      const before = state;
      const item = inputOf(removed);
      // The original it was a version of may be gone too.
      if (item.versionOf && !state.items.some((i) => i.id === item.versionOf)) item.versionOf = null;
      const next = await p.apply({ type: 'add', item, ...(ripple ? { ripple: true } : {}) });
      if (next) setRemoved(null);
      selectNew(before, next);
    },
    dismissRemoved: () => setRemoved(null),
    reorder: (item, direction) => {
      if (!state) return;
      const target = reorderTarget(state, item.id, direction);
      if (target) void p.apply({ type: 'reorder', itemId: item.id, beforeItemId: target.beforeItemId });
    },
    addVersion: async (itemId, language) => {
      if (!state) return;
      const original = state.items.find((i) => i.id === itemId);
      if (!original) return;
      const next = await p.apply({
        type: 'add',
        item: {
          trackId: original.trackId,
          source: null,
          title: `${original.title} – ${languageName(language, 'vi')}`,
          start: original.end,
          sourceEnd: original.length,
          language,
          versionOf: original.id,
        },
        ripple: true,
      });
      selectNew(state, next);
    },
    choose: async (c) => {
      if (!state || !adding) return;
      const filling = adding.filling;
      setAdding(null);
      if (filling) {
        const next = await p.apply({
          type: 'update',
          itemId: filling.id,
          patch: { source: c.source },
          ...(ripple ? { ripple: true } : {}),
        });
        if (next) select(filling.id);
        return;
      }
      await addItem(c, appendPosition(state, c.trackId, selected));
    },
    addItem,
    trackChange: (tr, patch) => void p.apply({ type: 'updateTrack', trackId: tr.id, patch }),
    step: (redo) => {
      if (!state || disabled || !(redo ? state.canRedo : state.canUndo)) return;
      setRemoved(null);
      void (redo ? p.redo() : p.undo());
    },
    restoreProgramme: () => void restoreProgramme().catch((err: unknown) => setError(toStudioCallError(err))),
    /** To the trash and back to the list, with "Hoàn tác" offered there. */
    trashProgramme: async () => {
      const title = state?.metadata.title ?? '';
      await client.api.programme.trash({ id });
      location.hash = 'programme';
      offerUndo({
        message: t('trash.programmeTrashed', { title }),
        undo: restoreProgramme,
        undone: t('trash.restored', { title }),
      });
    },
    exportFile: async () => {
      setExported(null);
      try {
        setExported((await client.api.programme.export({ id })).file);
      } catch (err) {
        setError(toStudioCallError(err));
      }
    },
    exported,
    error,
  };
}
