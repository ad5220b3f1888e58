import { useEffect, useRef } from 'react';
import type { ProgrammeState } from '../../../src-main/contract';
import { isTyping } from '../../ui/typing';
import type { ProgrammeActions } from './useProgrammeActions';
import type { ProgrammePlayer } from './useProgrammePlayer';
import type { ProgrammeSelection } from './useProgrammeSelection';

export interface ProgrammeKeysInput {
  state: ProgrammeState | null;
  /** The add dialog is open and has the keyboard. */
  dialogOpen: boolean;
  disabled: boolean;
  selection: ProgrammeSelection;
  actions: ProgrammeActions;
  player: ProgrammePlayer;
}

/**
 * The programme screen's keyboard: Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo, Space plays, Delete
 * removes the selected item, Alt+↑/↓ moves it, the arrows, Home and End select another, Escape
 * selects nothing. Not while typing in a field: it keeps its own undo and arrows.
 */
export function useProgrammeKeys(input: ProgrammeKeysInput): void {
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const { state, dialogOpen, disabled, selection, actions, player } = input;
    const { items, selectedId, selected, select } = selection;
    // Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo (not while typing: the field keeps its own undo).
    const undoKey = (e.ctrlKey || e.metaKey) && !e.altKey && ['z', 'y'].includes(e.key.toLowerCase());
    if (undoKey && !dialogOpen && state && !isTyping(e)) {
      e.preventDefault();
      actions.step(e.key.toLowerCase() === 'y' || e.shiftKey);
      return;
    }
    if (dialogOpen || !state || isTyping(e) || e.ctrlKey || e.metaKey) return;
    const k = items.findIndex((i) => i.id === selectedId);
    let handled = true;
    if (e.key === ' ') {
      player.toggle();
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && selected && !disabled) {
      void actions.remove(selected);
    } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && selected) {
      actions.reorder(selected, e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      const prev = items[k < 0 ? items.length - 1 : Math.max(0, k - 1)];
      if (prev) select(prev.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      const next = items[k < 0 ? 0 : Math.min(items.length - 1, k + 1)];
      if (next) select(next.id);
    } else if (e.key === 'Home' && items[0]) {
      select(items[0].id);
    } else if (e.key === 'End' && items.length > 0) {
      select(items[items.length - 1]!.id);
    } else if (e.key === 'Escape') {
      selection.clear();
    } else handled = false;
    if (handled) e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
