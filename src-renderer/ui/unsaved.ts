import { useEffect, useRef } from 'react';

/**
 * Work typed into a form and not saved, that leaving would lose (issue 9 point 3). Forms that
 * check what is typed before sending it (System settings, languages, a programme's information
 * that is not valid yet) cannot save themselves, so the studio asks before anything takes them
 * away: another workspace, another programme or asset, a reload or closing the window.
 */
export interface UnsavedWork {
  /** Where it is, in the staff's words: "Cài đặt", "Thông tin chương trình". */
  where: string;
  /** Why it cannot be saved as it is; then only "Bỏ thay đổi" or "Ở lại" are offered. */
  problem?: string | null;
  /** Saves it: resolves false or throws (with main's reason) when it could not. */
  save?(): Promise<unknown>;
  /** Drops it before the form goes away (a form that would save itself on the way out). */
  discard?(): void;
}

const open = new Map<number, { current: UnsavedWork | null }>();
let nextId = 0;
let asker: ((go: () => void) => void) | null = null;
/** The one hash change the user agreed to, let through once. */
let agreed: string | null = null;

/** What is unsaved now, in the order the forms opened. */
export function unsavedWork(): UnsavedWork[] {
  return [...open.values()].flatMap((w) => (w.current ? [w.current] : []));
}

/** A form says it holds unsaved work while `work` is not null. */
export function useUnsaved(work: UnsavedWork | null): void {
  const ref = useRef(work);
  ref.current = work;
  const on = work !== null;
  useEffect(() => {
    if (!on) return;
    const id = nextId++;
    open.set(id, ref);
    return () => void open.delete(id);
  }, [on]);
}

/** Runs `go` at once when nothing is unsaved; otherwise after the user saved or dropped it. */
export function leave(go: () => void): void {
  if (unsavedWork().length === 0 || !asker) go();
  else asker(go);
}

/** The shell's dialog answers `leave`; one at a time. */
export function answerLeave(ask: (go: () => void) => void): () => void {
  asker = ask;
  return () => {
    if (asker === ask) asker = null;
  };
}

/**
 * Every way of leaving goes through the page's address (`#library`, `#programme/<id>`) or unloads
 * the page, so two listeners, installed before any screen's, guard them all: a hash change with
 * unsaved work is put back before the screens hear of it, and goes ahead once the user agrees.
 */
export function guardLeaving(): void {
  window.addEventListener('hashchange', (e) => {
    const to = new URL(e.newURL).hash;
    if (agreed === to) {
      agreed = null;
      return;
    }
    if (unsavedWork().length === 0 || !asker) return;
    e.stopImmediatePropagation();
    history.replaceState(history.state, '', e.oldURL);
    leave(() => {
      agreed = to;
      location.hash = to;
    });
  });
  // The browser (or Electron's host) asks in its own words; the page may not say more.
  window.addEventListener('beforeunload', (e) => {
    if (unsavedWork().length === 0) return;
    e.preventDefault();
    e.returnValue = '';
  });
}
