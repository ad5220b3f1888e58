import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, BackupList, UiLanguage } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatSize } from '../../ui/format';
import { baseName } from '../../ui/SaveAsDialog';
import { useCall } from '../../ui/useCall';
import { BackupNow } from './BackupNow';
import { RecordsCheck } from './RecordsCheck';
import { RestoreFromFile } from './RestoreFromFile';

/** What the restore dialog is about: a daily backup (with its time), or a file the user chose. */
type RestoreChoice = { file: string; createdAt: string | null };

/**
 * The records as a whole (issue 12): their check, a backup now, and the daily backups, any of
 * which can be restored, as can a backup file the user chooses. A restore happens at the next start of the studio (the records cannot be
 * swapped under open windows), so until then the card says so and offers to cancel it.
 */
export function RecordsCard() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const loaded = useCall(() => client.api.system.backups());
  /** What main answered last (a restore scheduled or cancelled), over the list loaded at first. */
  const [latest, setLatest] = useState<BackupList | null>(null);
  const backups = latest ?? loaded.data;
  const [restoring, setRestoring] = useState<RestoreChoice | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  /** Where the keyboard goes once the list has changed: the banner's "cancel", or a row's button. */
  const focusNext = useRef<'cancel' | { file: string } | null>(null);
  useEffect(() => {
    const next = focusNext.current;
    // Not while the dialog is open: it has the keyboard until it closes.
    if (!next || !cardRef.current || restoring) return;
    focusNext.current = null;
    const target =
      next === 'cancel'
        ? cardRef.current.querySelector<HTMLElement>('[data-testid="restore-pending"] button')
        : [...cardRef.current.querySelectorAll<HTMLElement>('[data-backup] button')].find(
            (b) => b.closest('[data-backup]')?.getAttribute('data-backup') === next.file,
          );
    (target ?? cardRef.current.querySelector<HTMLElement>('h2'))?.focus();
  });

  const cancelRestore = async () => {
    setError(null);
    const pending = backups?.pendingRestore ?? null;
    try {
      setLatest(await client.api.system.restore({ file: null }));
      if (pending) focusNext.current = { file: pending };
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const pending = backups?.pendingRestore ?? null;
  const pendingInfo = backups?.daily.find((b) => b.file === pending);
  return (
    <div className="card records" data-testid="records" ref={cardRef}>
      <h2 tabIndex={-1}>{t('system.records.title')}</h2>
      {pending && (
        <div className="banner banner-warning restore-pending" role="status" data-testid="restore-pending">
          <div>
            <strong>
              {pendingInfo
                ? t('system.records.pending', { time: formatDateTime(pendingInfo.createdAt, lang) })
                : t('system.records.pendingFile', { file: baseName(pending) })}
            </strong>
            <p className="small">{t('system.records.pendingHint')}</p>
          </div>
          <button type="button" className="btn" onClick={() => void cancelRestore()}>
            {t('system.records.cancelRestore')}
          </button>
        </div>
      )}
      <p className="muted">{t('system.records.intro')}</p>
      <div className="row wrap records-actions">
        <RecordsCheck />
        <BackupNow />
        <RestoreFromFile onChoose={(file) => setRestoring({ file, createdAt: null })} />
      </div>

      <h3>{t('system.records.daily')}</h3>
      <ErrorMessage error={loaded.error ?? error} />
      {backups && backups.daily.length === 0 && <p className="muted">{t('system.records.dailyEmpty')}</p>}
      {backups && backups.daily.length > 0 && (
        <table className="table records-daily" data-testid="daily-backups">
          <thead>
            <tr>
              <th>{t('system.records.createdAt')}</th>
              <th>{t('system.records.size')}</th>
              <th aria-label={t('system.records.restore')} />
            </tr>
          </thead>
          <tbody>
            {backups.daily.map((b) => (
              <BackupRow
                key={b.file}
                backup={b}
                pending={b.file === pending}
                lang={lang}
                onRestore={() => setRestoring({ file: b.file, createdAt: b.createdAt })}
              />
            ))}
          </tbody>
        </table>
      )}
      {restoring && (
        <ConfirmDialog
          title={
            restoring.createdAt
              ? t('system.records.restoreTitle', { time: formatDateTime(restoring.createdAt, lang) })
              : t('system.records.restoreFileTitle', { file: baseName(restoring.file) })
          }
          confirmLabel={t('system.records.restoreConfirm')}
          testId="restore-confirm"
          onConfirm={async () => {
            setError(null);
            setLatest(await client.api.system.restore({ file: restoring.file }));
            focusNext.current = 'cancel';
          }}
          onClose={() => {
            // Back to the row's button, unless the restore was scheduled (then to its "cancel").
            focusNext.current ??= { file: restoring.file };
            setRestoring(null);
          }}
        >
          {restoring.createdAt ? (
            <p>{t('system.records.restoreWhat', { time: formatDateTime(restoring.createdAt, lang) })}</p>
          ) : (
            <>
              <code className="path">{restoring.file}</code>
              <p>{t('system.records.restoreFileWhat')}</p>
            </>
          )}
          <ul>
            <li>{t('system.records.restoreKept')}</li>
            <li>{t('system.records.restoreAudio')}</li>
          </ul>
          <p>{t('system.records.restoreUntil')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function BackupRow({
  backup,
  pending,
  lang,
  onRestore,
}: {
  backup: BackupInfo;
  pending: boolean;
  lang: UiLanguage;
  onRestore(): void;
}) {
  const { t } = useTranslation();
  return (
    <tr data-backup={backup.file}>
      <td>
        {formatDateTime(backup.createdAt, lang)}
        {pending && <span className="tag">{t('system.records.pendingTag')}</span>}
      </td>
      <td>{formatSize(backup.sizeBytes, lang)}</td>
      <td className="records-restore-cell">
        <button type="button" className="btn small-btn" onClick={onRestore}>
          {t('system.records.restore')}
        </button>
      </td>
    </tr>
  );
}
