import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { today } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatSize } from '../../ui/format';
import { useSaveTarget } from '../../ui/useSaveTarget';

/** `sao-luu-studio-2026-12-06.sqlite`, today on this machine's clock. */
export function backupFileName(now: Date = new Date()): string {
  return `sao-luu-studio-${today(now)}.sqlite`;
}

/**
 * "Sao lưu ngay…": asks where, as exports do (the OS's window in the Electron app, the studio's
 * own elsewhere, which is what lets main write there), then writes the backup. Never over a file.
 */
export function BackupNow() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<BackupInfo | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  const backup = async (file: string) => {
    setBusy(true);
    try {
      setSaved(await client.api.system.backup({ file }));
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };
  // A backup never replaces a file (main refuses), whatever the window asked.
  const target = useSaveTarget({
    title: t('system.records.chooseTitle'),
    initialName: backupFileName(),
    ext: 'sqlite',
    kind: 'SQLite',
    onChosen: (file) => backup(file),
    returnFocus: button,
  });

  const start = async () => {
    // Not disabled while busy: the button keeps the keyboard's focus.
    if (busy) return;
    setError(null);
    setSaved(null);
    try {
      await target.choose();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  return (
    <div className="backup-now">
      <button ref={button} type="button" className="btn" onClick={() => void start()}>
        {busy ? t('system.records.backingUp') : t('system.records.backupNow')}
      </button>
      {target.dialog}
      {saved && (
        <div className="banner banner-ok" role="status" data-testid="backup-saved">
          <div>{t('system.records.saved', { size: formatSize(saved.sizeBytes, settings.uiLanguage) })}</div>
          <code className="path" data-testid="backup-path">
            {saved.file}
          </code>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
