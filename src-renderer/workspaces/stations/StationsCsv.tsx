import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { today } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { baseName } from '../../ui/SaveAsDialog';
import { useFileExport } from '../../ui/useFileExport';

/** A button for the screen's head, and what it answered, for the screen to show under the head. */
export interface CsvAction {
  button: ReactNode;
  result: ReactNode;
}

/**
 * "Nhập CSV…": a file chosen here is read by the window and sent whole; main checks every row and
 * saves all of them or none, and says which rows are wrong.
 */
export function useStationsCsvImport(onImported: (message: string) => void, onStart: () => void): CsvAction {
  const { t } = useTranslation();
  const { client } = useStudio();
  const picker = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);

  const read = async (file: File) => {
    setBusy(true);
    setError(null);
    onStart();
    try {
      const r = await client.api.stations.importCsv({ csv: await file.text() });
      onImported(
        t('stations.csv.imported', { rows: r.rows, added: r.added.length, updated: r.updated.length }),
      );
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
      if (picker.current) picker.current.value = '';
    }
  };

  const button = (
    <>
      <button
        type="button"
        className="btn"
        title={t('stations.csv.importHint')}
        disabled={busy}
        data-testid="stations-import"
        onClick={() => picker.current?.click()}
      >
        {busy ? t('stations.csv.importing') : t('stations.csv.import')}
      </button>
      <input
        ref={picker}
        type="file"
        accept=".csv,text/csv"
        hidden
        data-testid="stations-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void read(file);
        }}
      />
    </>
  );
  const result = error && (
    <div className="stations-import-error" data-testid="stations-import-error">
      <ErrorMessage error={error} />
    </div>
  );
  return { button, result };
}

/** "Xuất CSV…": asks where (as every export does), then main writes the registry, no secrets in it. */
export function useStationsCsvExport(onStart: () => void): CsvAction {
  const { t } = useTranslation();
  const { client } = useStudio();
  const ref = useRef<HTMLButtonElement>(null);
  const csv = useFileExport({
    title: t('stations.csv.exportTitle'),
    initialName: `cum-thu-${today()}.csv`,
    ext: 'csv',
    kind: 'CSV',
    returnFocus: ref,
    write: (file, overwrite) => client.api.stations.exportCsv({ file, overwrite }),
  });
  const { saved, conflict, error } = csv;

  const button = (
    <>
      <button
        ref={ref}
        type="button"
        className="btn"
        title={t('stations.csv.exportHint')}
        data-testid="stations-export"
        onClick={() => {
          onStart();
          void csv.start();
        }}
      >
        {csv.busy ? t('stations.csv.exporting') : t('stations.csv.export')}
      </button>
      {csv.dialog}
    </>
  );
  const result = (saved || conflict || error) && (
    <div className="stations-export-result">
      {saved && (
        <div className="banner banner-ok" role="status" data-testid="stations-export-saved">
          <div>{t('stations.csv.exported', { count: saved.rows })}</div>
          <code className="path">{saved.file}</code>
        </div>
      )}
      {conflict && (
        <div className="banner banner-warning row spread" role="alert">
          <span>{t('stations.csv.exists', { name: baseName(conflict) })}</span>
          <button type="button" className="btn" onClick={csv.replace}>
            {t('stations.csv.replace')}
          </button>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
  return { button, result };
}
