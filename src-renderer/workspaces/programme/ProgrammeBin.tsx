import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeSummary } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDate } from '../../ui/dates';
import { useUndoBar } from '../../ui/UndoBar';
import { useCall } from '../../ui/useCall';

/** The programmes in the trash: each restored, or deleted for good after its own confirmation. */
export function ProgrammeBin({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const offerUndo = useUndoBar();
  const list = useCall(() => client.api.programme.list({ onlyDeleted: true }));
  const [purging, setPurging] = useState<ProgrammeSummary | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const { reload } = list;
  useEffect(() => client.api.on('programme.changed', () => reload()), [client, reload]);

  const restore = (p: ProgrammeSummary) => {
    setError(null);
    client.api.programme
      .restore({ id: p.id })
      .then(() => offerUndo({ message: t('trash.restored', { title: p.title }) }))
      .catch((err: unknown) => setError(toStudioCallError(err)));
  };

  const programmes = list.data ?? [];
  return (
    <section
      className="card panel trash-panel"
      aria-labelledby="programme-bin-title"
      data-testid="programme-bin"
    >
      <div className="row spread">
        <h2 id="programme-bin-title">🗑 {t('trash.title')}</h2>
        <button type="button" className="btn" onClick={onClose}>
          {t('app.close')}
        </button>
      </div>
      <p className="muted small">{t('trash.programmeBinIntro')}</p>
      <ErrorMessage error={error ?? list.error} />
      {programmes.length === 0 && !list.loading ? (
        <div className="empty">{t('trash.programmeBinEmpty')}</div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('programme.list.column.title')}</th>
                <th>{t('programme.list.column.date')}</th>
                <th>{t('trash.deletedAt')}</th>
                <th aria-label={t('trash.actions')} />
              </tr>
            </thead>
            <tbody>
              {programmes.map((p) => (
                <tr key={p.id}>
                  <td className="asset-title">{p.title}</td>
                  <td>{formatDate(p.date, lang)}</td>
                  <td>{formatDate(p.deletedAt, lang)}</td>
                  <td>
                    <span className="row">
                      <button type="button" className="btn small-btn" onClick={() => restore(p)}>
                        {t('trash.restore')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-danger small-btn"
                        onClick={() => setPurging(p)}
                      >
                        {t('trash.purge')}
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {purging && (
        <ConfirmDialog
          title={t('trash.confirmPurgeTitle', { title: purging.title })}
          confirmLabel={t('trash.confirmPurge')}
          onConfirm={async () => {
            await client.api.programme.purge({ id: purging.id });
            offerUndo({ message: t('trash.purged', { title: purging.title }) });
          }}
          onClose={() => setPurging(null)}
          testId="purge-dialog"
        >
          <p className="bad-text">{t('trash.programmePurgeWarning')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
