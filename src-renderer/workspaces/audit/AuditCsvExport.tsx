import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { today } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { baseName } from '../../ui/SaveAsDialog';
import { useFileExport } from '../../ui/useFileExport';

/** `nhat-ky-kiem-tra-2026-12-06.csv`, today on this machine's clock. */
export const csvFileName = (now: Date = new Date()) => `nhat-ky-kiem-tra-${today(now)}.csv`;

/**
 * "Xuất CSV…": asks where, as backups and exports do (the OS's window in the Electron app, the
 * studio's own elsewhere, which is what lets main write there), then main writes every entry
 * matching `filter`. A file that is there is replaced only when the user says so.
 */
export function AuditCsvExport({ filter }: { filter: AuditFilter }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const button = useRef<HTMLButtonElement>(null);
  const csv = useFileExport({
    title: t('audit.export.title'),
    initialName: csvFileName(),
    ext: 'csv',
    kind: 'CSV',
    returnFocus: button,
    write: (file, overwrite) => client.api.audit.exportCsv({ file, filter, overwrite }),
  });
  const { saved, conflict, error } = csv;

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn"
        title={t('audit.export.hint')}
        data-testid="audit-export"
        onClick={() => void csv.start()}
      >
        {csv.busy ? t('audit.export.saving') : t('audit.export.button')}
      </button>
      {csv.dialog}
      {(saved || conflict || error) && (
        <div className="audit-export-result">
          {saved && (
            <div className="banner banner-ok" role="status" data-testid="audit-export-saved">
              <div>{t('audit.export.saved', { count: saved.rows })}</div>
              <code className="path" data-testid="audit-export-path">
                {saved.file}
              </code>
            </div>
          )}
          {conflict && (
            <div className="banner banner-warning row spread" role="alert" data-testid="audit-export-exists">
              <span>{t('audit.export.exists', { name: baseName(conflict) })}</span>
              <button type="button" className="btn" onClick={csv.replace}>
                {t('audit.export.replace')}
              </button>
            </div>
          )}
          <ErrorMessage error={error} />
        </div>
      )}
    </>
  );
}
