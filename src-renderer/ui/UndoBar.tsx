import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { isTyping } from './typing';

/** How long "Hoàn tác" stays offered (longer while the pointer or the focus is on the bar). */
export const UNDO_MS = 10_000;

export interface UndoOffer {
  /** What just happened, in the UI's language ("Đã chuyển … vào thùng rác."). */
  message: string;
  /** Takes it back; absent for a message with nothing to undo (something deleted for good). */
  undo?: () => Promise<unknown>;
  /** Said once the undo worked ("Đã khôi phục …"). */
  undone?: string;
}

const UndoContext = createContext<(offer: UndoOffer) => void>(() => undefined);

/** Shows a message at the foot of the window with "Hoàn tác" (and Ctrl+Z) for a while. */
export function useUndoBar(): (offer: UndoOffer) => void {
  return useContext(UndoContext);
}

/** Holds the one undo bar of the window: a new offer replaces the one before. */
export function UndoProvider({ children }: { children: ReactNode }) {
  const [offer, setOffer] = useState<(UndoOffer & { key: number }) | null>(null);
  const seq = useRef(0);
  const show = useCallback((next: UndoOffer) => setOffer({ ...next, key: ++seq.current }), []);
  const close = useCallback(() => setOffer(null), []);
  return (
    <UndoContext.Provider value={show}>
      {children}
      {offer && <UndoBar key={offer.key} offer={offer} onUndone={show} onClose={close} />}
    </UndoContext.Provider>
  );
}

function UndoBar({
  offer,
  onUndone,
  onClose,
}: {
  offer: UndoOffer;
  onUndone(next: UndoOffer): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [held, setHeld] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);

  useEffect(() => {
    if (held || busy || error) return;
    const timer = setTimeout(onClose, UNDO_MS);
    return () => clearTimeout(timer);
  }, [held, busy, error, onClose]);

  const undoRef = useRef<() => void>(() => undefined);
  undoRef.current = () => {
    if (!offer.undo || busy) return;
    setBusy(true);
    offer
      .undo()
      .then(() => (offer.undone ? onUndone({ message: offer.undone }) : onClose()))
      .catch((err: unknown) => {
        setError(toStudioCallError(err));
        setBusy(false);
      });
  };

  // Ctrl+Z takes it back unless a field or the workspace under it used the key for its own undo
  // (decided once every listener has seen the key, whatever order they were added in).
  useEffect(() => {
    if (!offer.undo) return;
    const onKey = (e: KeyboardEvent) => {
      const undoKey = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'z';
      if (!undoKey || isTyping(e)) return;
      setTimeout(() => !e.defaultPrevented && undoRef.current(), 0);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [offer.undo]);

  return (
    <div
      className="undo-bar"
      role="status"
      data-testid="undo-bar"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span>{error ? error.message : offer.message}</span>
      {offer.undo && (
        <button
          type="button"
          className="btn undo-bar-undo"
          disabled={busy}
          title="Ctrl+Z"
          onClick={() => undoRef.current()}
        >
          {t('trash.undo')}
        </button>
      )}
      <button type="button" className="btn undo-bar-close" aria-label={t('app.close')} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
