import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveExport, ArchiveHit } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatSize } from '../../ui/format';

/**
 * "Xuất": the hit's audio (its segment cut out, or the whole file) and its details as JSON, written
 * by main into the folder last chosen for saving (else the studio's export folder), which is said.
 */
export function ExportHit({ hit }: { hit: ArchiveHit }) {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ArchiveExport | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);

  const run = async () => {
    // Not disabled while busy: the button keeps the keyboard's focus.
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { path: dir } = await client.api.system.listFolder({});
      setDone(await client.api.archive.export({ id: hit.id, dir }));
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="archive-export">
      <button type="button" className="btn" data-testid="archive-export" onClick={() => void run()}>
        {busy ? t('archive.export.busy') : `⇩ ${t('archive.export.button')}`}
      </button>
      {done && (
        <div className="banner banner-ok" role="status" data-testid="archive-exported">
          <div>{t('archive.export.done', { size: formatSize(done.bytes, settings.uiLanguage) })}</div>
          <code className="path" data-testid="archive-exported-audio">
            {done.audioFile}
          </code>
          <code className="path" data-testid="archive-exported-metadata">
            {done.metadataFile}
          </code>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
