import { type Dispatch, type RefObject, type SetStateAction, useEffect, useRef } from 'react';
import { fieldTakesKey } from '../../ui/typing';
import { type SampleRange, toSeconds } from './samples';
import type { EditorActionsState } from './useEditorActions';
import type { EditorPlayback } from './useEditorPlayback';
import type { WaveController } from './wave-controller';

export interface EditorKeysInput {
  /** A dialog (help, the asset picker) is open and has the keyboard. */
  dialogOpen: boolean;
  controller: RefObject<WaveController | null>;
  length: number;
  setSelection: Dispatch<SetStateAction<SampleRange | null>>;
  edits: EditorActionsState;
  playback: EditorPlayback;
  openHelp(): void;
}

/**
 * The editor's keyboard: Ctrl+X/C/V/Z/Y/A, Space, I and O (mark in, out), Delete, M, L, G, zoom,
 * Home, End, the arrows, ? or F1, Escape. Keys are the editor's only while no field has the focus:
 * typing a title must not cut audio, and the arrows of a focused slider move the slider.
 */
export function useEditorKeys(input: EditorKeysInput): void {
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const { controller, length, setSelection, edits, playback } = input;
    const { actions } = edits;
    const { seek, playhead } = playback;
    if (input.dialogOpen) return; // The dialog has the keyboard.
    if (fieldTakesKey(e)) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    const c = controller.current;
    const markIn = () => {
      const at = playhead();
      if (at >= length) return;
      setSelection((s) => (s && at < s.end ? { start: at, end: s.end } : { start: at, end: length }));
    };
    const markOut = () => {
      const at = playhead();
      if (at <= 0) return;
      setSelection((s) => (s && at > s.start ? { start: s.start, end: at } : { start: 0, end: at }));
    };
    let handled = true;
    if (ctrl && !e.altKey) {
      const k = key.toLowerCase();
      if (k === 'x') actions.cut();
      else if (k === 'c') actions.copy();
      else if (k === 'v') actions.paste();
      else if (k === 'z' && e.shiftKey) edits.redo();
      else if (k === 'z') edits.undo();
      else if (k === 'y') edits.redo();
      else if (k === 'a') setSelection(length > 0 ? { start: 0, end: length } : null);
      else handled = false;
    } else if (e.altKey) {
      handled = false;
    } else if (key === ' ') {
      if (e.shiftKey) playback.playSelection();
      else c?.playPause();
    } else if (key === 'i' || key === 'I') markIn();
    else if (key === 'o' || key === 'O') markOut();
    else if (key === 'Delete') actions.remove();
    else if (key === 'm' || key === 'M') actions.marker();
    else if (key === 'l' || key === 'L') playback.setLoop(!playback.loop);
    else if (key === 'g' || key === 'G') c?.toggleEnvelope();
    else if (key === '+' || key === '=' || e.code === 'NumpadAdd') c?.zoomBy(1.6);
    else if (key === '-' || key === '_' || e.code === 'NumpadSubtract') c?.zoomBy(1 / 1.6);
    else if (key === 'Home') seek(0);
    else if (key === 'End') seek(toSeconds(length));
    else if (key === 'ArrowLeft') seek(Math.max(0, (c?.getTime() ?? 0) - (e.shiftKey ? 0.1 : 1)));
    else if (key === 'ArrowRight')
      seek(Math.min(toSeconds(length), (c?.getTime() ?? 0) + (e.shiftKey ? 0.1 : 1)));
    else if (key === '?' || key === 'F1') input.openHelp();
    else if (key === 'Escape') setSelection(null);
    else handled = false;
    if (handled) e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
