import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** A modal over a workspace; Esc or the button closes it, and it has the keyboard meanwhile. */
export function Modal({
  title,
  onClose,
  children,
  testId,
  wide,
}: {
  title: string;
  onClose(): void;
  children: ReactNode;
  testId: string;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const closeRef = useRef<HTMLButtonElement>(null);
  // The latest onClose, so that the effect below runs once: re-running it at every render (a new
  // onClose each time) moved the focus back to the close button from wherever the person was typing.
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onCloseRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCloseRef.current()}>
      <div
        className={wide ? 'modal modal-wide card' : 'modal card'}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
      >
        <div className="row spread">
          <h2>{title}</h2>
          <button ref={closeRef} type="button" className="btn" onClick={onClose}>
            {t('app.close')}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
