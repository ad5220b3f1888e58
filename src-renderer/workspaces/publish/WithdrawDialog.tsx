import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItem } from '../../../src-main/contract';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Modal } from '../../ui/Modal';

/**
 * "Thu hồi": asks the province to stop a bulletin, with the station's reason (required: the
 * province's operator reads it). Stays open with the error when it fails.
 */
export function WithdrawDialog({
  item,
  onWithdraw,
  onClose,
}: {
  item: OutboxItem;
  onWithdraw(reason: string): Promise<unknown>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  // After the modal's own effect (which focuses its close button): the reason is what to type.
  useEffect(() => field.current?.focus(), []);
  const ready = reason.trim() !== '';
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onWithdraw(reason.trim());
      onClose();
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t('publish.withdrawTitle', { title: item.title })}
      onClose={onClose}
      testId="withdraw-dialog"
    >
      <form
        className="withdraw-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) void submit();
        }}
      >
        <p>{t('publish.withdrawBody')}</p>
        <label>
          {t('publish.withdrawReason')}
          <textarea
            className="input"
            rows={3}
            maxLength={500}
            value={reason}
            ref={field}
            onChange={(e) => setReason(e.target.value)}
            data-testid="withdraw-reason"
          />
        </label>
        <ErrorMessage error={error} />
        <div className="row confirm-actions">
          <button type="submit" className="btn btn-danger-solid" disabled={busy || !ready}>
            {t('publish.withdrawConfirm')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('trash.cancel')}
          </button>
          {!ready && <span className="muted small">{t('publish.reasonNeeded')}</span>}
        </div>
      </form>
    </Modal>
  );
}
