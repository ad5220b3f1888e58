import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeApprovalState } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';

/**
 * "Gửi lên tỉnh" on an approved programme's approval tab, for whoever may send (`publish.send`):
 * queues its approved master (`publish.queue`; queued already, main answers the same item) and
 * shows the item in the Publish workspace. Once sent, the way to that workspace.
 */
export function SendToProvince({
  programmeId,
  approvalState,
}: {
  programmeId: string;
  approvalState: ProgrammeApprovalState;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const may = useMay();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  if (!may('publish.send')) return null;
  if (approvalState === 'sent' || approvalState === 'aired') {
    return (
      <p className="row">
        <a href="#publish" className="link-btn">
          {t('publish.sendOpen')}
        </a>
      </p>
    );
  }
  if (approvalState !== 'approved') return null;
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const item = await client.api.publish.queue({ programmeId });
      location.hash = `publish/${item.id}`;
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };
  return (
    <div className="send-to-province" data-testid="send-to-province">
      <div className="row wrap">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void send()}
          data-testid="publish-queue"
        >
          ⇪ {busy ? t('publish.sendQueueing') : t('publish.send')}
        </button>
        <span className="muted small">{t('publish.sendHint')}</span>
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}
