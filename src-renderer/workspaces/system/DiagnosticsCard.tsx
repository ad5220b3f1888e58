import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';

/**
 * "Save a diagnostics file" for the station's IT support. The file is made in main and saved by
 * the browser's own download (the Electron app asks where), so it works the same in both hosts.
 */
export function DiagnosticsCard() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const bundle = await client.api.system.diagnostics();
      const url = URL.createObjectURL(new Blob([bundle.text], { type: 'text/plain;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = bundle.fileName;
      link.click();
      // The download has taken the data by the next task.
      window.setTimeout(() => URL.revokeObjectURL(url), 0);
      setSaved(bundle.fileName);
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" data-testid="diagnostics">
      <h2>{t('system.diagnostics.title')}</h2>
      <p className="muted">{t('system.diagnostics.intro')}</p>
      <button type="button" className="btn" onClick={() => void save()} disabled={busy}>
        {busy ? t('system.diagnostics.saving') : t('system.diagnostics.save')}
      </button>
      {saved && (
        <p role="status" className="muted">
          {t('system.diagnostics.saved', { name: saved })}
        </p>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
