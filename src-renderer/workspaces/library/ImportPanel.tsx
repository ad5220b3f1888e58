import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import type { ImportState } from './useImport';

const FINAL = new Set(['imported', 'duplicate', 'failed', 'cancelled']);

export function ImportPanel({ state }: { state: ImportState }) {
  const { t } = useTranslation();
  const { job, uploading, error } = state;
  if (uploading === null && !job && !error) return null;

  const done = job?.files.filter((f) => FINAL.has(f.state)).length ?? 0;
  const ok = job?.files.filter((f) => f.state === 'imported' || f.state === 'duplicate').length ?? 0;
  const failed = job?.files.filter((f) => f.state === 'failed').length ?? 0;
  const running = job?.state === 'running';
  const heading = !job
    ? t('library.uploading', { percent: Math.round((uploading ?? 0) * 100) })
    : job.state === 'cancelled'
      ? t('library.job.cancelled')
      : running
        ? t('library.job.title', { done, total: job.files.length })
        : t('library.job.finished', { ok, failed });

  return (
    <section className="card import-panel" aria-live="polite" data-testid="import-panel">
      <div className="row spread">
        <strong>{heading}</strong>
        {running ? (
          <button type="button" className="btn" onClick={state.cancel}>
            {t('library.job.cancel')}
          </button>
        ) : (
          uploading === null && (
            <button type="button" className="btn" onClick={state.dismiss}>
              {t('library.job.close')}
            </button>
          )
        )}
      </div>
      <progress className="progress" max={1} value={job ? job.fraction : (uploading ?? 0)} />
      <ErrorMessage error={error} />
      {job && (
        <ul className="import-files">
          {job.files.map((f, i) => (
            <li key={i} data-state={f.state}>
              <span className="file-name">{baseName(f.file)}</span>
              <span
                className={`status status-${f.state === 'failed' ? 'missing' : FINAL.has(f.state) ? 'ok' : 'warning'}`}
              >
                {t(`library.job.state.${f.state}`)}
              </span>
              {f.result && !f.result.ok && <ErrorMessage error={f.result.error} inline />}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
