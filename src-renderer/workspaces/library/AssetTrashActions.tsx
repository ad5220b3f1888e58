import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useUndoBar } from '../../ui/UndoBar';
import { useCall } from '../../ui/useCall';
import { isUsed, UsageList } from './UsageList';

type Asking = 'trash' | 'purge' | null;

/**
 * The asset detail's way out of the library and back: to the trash (saying first what uses it,
 * then offering "Hoàn tác"), out of the trash, and deleted for good only from the trash.
 */
export function AssetTrashActions({ asset }: { asset: Asset }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const offerUndo = useUndoBar();
  const [asking, setAsking] = useState<Asking>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const title = asset.title;

  const restore = () => client.api.library.restore({ id: asset.id });
  const trash = async () => {
    await client.api.library.trash({ id: asset.id });
    offerUndo({
      message: t('trash.trashed', { title }),
      undo: restore,
      undone: t('trash.restored', { title }),
    });
  };
  const purge = async () => {
    await client.api.library.purge({ id: asset.id });
    offerUndo({ message: t('trash.purged', { title }) });
  };

  return (
    <>
      {asset.deletedAt ? (
        <>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setError(null);
              restore()
                .then(() => offerUndo({ message: t('trash.restored', { title }) }))
                .catch((err: unknown) => setError(toStudioCallError(err)));
            }}
          >
            {t('trash.restore')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setAsking('purge')}>
            {t('trash.purge')}
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-danger" onClick={() => setAsking('trash')}>
          {t('trash.moveToTrash')}
        </button>
      )}
      <ErrorMessage error={error} />
      {asking && (
        <AssetUsageDialog
          asset={asset}
          purge={asking === 'purge'}
          onConfirm={asking === 'purge' ? purge : trash}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}

function AssetUsageDialog({
  asset,
  purge,
  onConfirm,
  onClose,
}: {
  asset: Asset;
  purge: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const usage = useCall(() => client.api.library.usage({ id: asset.id }));
  const used = usage.data !== null && isUsed(usage.data);
  const title = asset.title;
  return (
    <ConfirmDialog
      title={t(purge ? 'trash.confirmPurgeTitle' : 'trash.confirmTrashTitle', { title })}
      confirmLabel={t(purge ? 'trash.confirmPurge' : 'trash.confirmTrash')}
      onConfirm={onConfirm}
      onClose={onClose}
      testId={purge ? 'purge-dialog' : 'trash-dialog'}
      ready={usage.data !== null || usage.error !== null}
    >
      {purge && <p className="bad-text">{t('trash.purgeWarning')}</p>}
      {usage.loading && !usage.data && <p className="muted">{t('trash.checking')}</p>}
      <ErrorMessage error={usage.error} />
      {usage.data &&
        (used ? (
          <>
            <p>{t(purge ? 'trash.purgeUsedBy' : 'trash.usedBy', { title })}</p>
            <UsageList usage={usage.data} />
            {!purge && <p className="banner banner-warning">{t('trash.usedWarning')}</p>}
          </>
        ) : (
          <p>{t('trash.notUsed')}</p>
        ))}
      {!purge && <p className="muted small">{t('trash.trashNote')}</p>}
    </ConfirmDialog>
  );
}
