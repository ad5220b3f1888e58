import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';

/**
 * Asks before something that matters: says what will happen (`children`), then runs `onConfirm`
 * and closes, or shows why it failed and stays open. Esc, "Huỷ" or the backdrop close it unchanged.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  onConfirm,
  onClose,
  children,
  testId,
  ready = true,
}: {
  title: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
  children: ReactNode;
  testId: string;
  /** False while what the dialog says is still loading: nothing can be confirmed unread. */
  ready?: boolean;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      <div className="confirm-body">{children}</div>
      <ErrorMessage error={error} />
      <div className="row confirm-actions">
        <button
          type="button"
          className="btn btn-danger-solid"
          disabled={busy || !ready}
          onClick={() => void confirm()}
        >
          {confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('trash.cancel')}
        </button>
      </div>
    </Modal>
  );
}
