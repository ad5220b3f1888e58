import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditCsvExport as Exported, AuditFilter } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { today } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { baseName } from '../../ui/SaveAsDialog';
import { useSaveTarget } from '../../ui/useSaveTarget';

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
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Exported | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  const write = async (file: string, overwrite: boolean) => {
    setBusy(true);
    setConflict(null);
    try {
      setSaved(await client.api.audit.exportCsv({ file, filter, overwrite }));
    } catch (err) {
      const e = toStudioCallError(err);
      if (e.code === 'CONFLICT') setConflict(file);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const target = useSaveTarget({
    title: t('audit.export.title'),
    initialName: csvFileName(),
    ext: 'csv',
    kind: 'CSV',
    onChosen: write,
    returnFocus: button,
  });

  const start = async () => {
    if (busy) return;
    setError(null);
    setSaved(null);
    setConflict(null);
    try {
      await target.choose();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn"
        title={t('audit.export.hint')}
        data-testid="audit-export"
        onClick={() => void start()}
      >
        {busy ? t('audit.export.saving') : t('audit.export.button')}
      </button>
      {target.dialog}
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
              <button type="button" className="btn" onClick={() => void write(conflict, true)}>
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
