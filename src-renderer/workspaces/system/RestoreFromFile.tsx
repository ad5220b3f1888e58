import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { SaveAsDialog } from '../../ui/SaveAsDialog';
import { useCall } from '../../ui/useCall';

/**
 * "Khôi phục từ tệp…": picks a backup file anywhere the user keeps them (a USB drive, a folder of
 * monthly backups), in the OS's "open" window in the Electron app and the studio's own elsewhere
 * (its folders, only `.sqlite` files). The file then goes through the same confirmation and check
 * as a daily backup's restore (`onChoose`): nothing is restored without the user's word.
 */
export function RestoreFromFile({ onChoose }: { onChoose(file: string): void }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const info = useCall(() => client.api.system.info());
  const native = info.data?.capabilities.saveDialog === true;
  const [browsing, setBrowsing] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  const start = async () => {
    setError(null);
    if (!native) {
      setBrowsing(true);
      return;
    }
    try {
      // The OS's window opens where the studio's own would: the folder chosen last.
      const { path: folder } = await client.api.system.listFolder({});
      const picked = await client.api.system.chooseOpenFile({
        defaultPath: `${folder.replace(/\/$/, '')}/`,
        title: t('system.records.openTitle'),
        filters: [{ name: 'SQLite', extensions: ['sqlite'] }],
      });
      if (picked.path) onChoose(picked.path);
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  return (
    <div className="restore-from-file">
      <button ref={button} type="button" className="btn" onClick={() => void start()}>
        {t('system.records.restoreFromFile')}
      </button>
      {browsing && (
        <SaveAsDialog
          title={t('system.records.openTitle')}
          mode="open"
          files="backups"
          initialName=""
          ext="sqlite"
          onChoose={(file) => {
            setBrowsing(false);
            onChoose(file);
          }}
          onClose={() => {
            setBrowsing(false);
            button.current?.focus();
          }}
        />
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
