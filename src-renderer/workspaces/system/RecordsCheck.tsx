import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordsCheckReport, RecordsProblem, UiLanguage } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';

/**
 * "Kiểm tra dữ liệu": SQLite's own check and every library file against its hash. Run on request
 * only: it reads every audio file, which takes minutes on a big library.
 */
export function RecordsCheck() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<RecordsCheckReport | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);

  const check = async () => {
    setBusy(true);
    setError(null);
    try {
      setReport(await client.api.system.checkRecords());
    } catch (err) {
      setReport(null);
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="records-check">
      <button type="button" className="btn" onClick={() => void check()} disabled={busy}>
        {busy ? t('system.records.checking') : t('system.records.check')}
      </button>
      <div role="status" data-testid="records-check">
        {busy && <p className="muted small">{t('system.records.checkingHint')}</p>}
        {!busy && report && <CheckResult report={report} lang={settings.uiLanguage} />}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

function CheckResult({ report, lang }: { report: RecordsCheckReport; lang: UiLanguage }) {
  const { t } = useTranslation();
  const { assets = 0, editProjects = 0, programmes = 0 } = report.counts;
  return (
    <>
      <p data-testid="records-counts">{t('system.records.counts', { assets, editProjects, programmes })}</p>
      {report.problems.length === 0 ? (
        <span className="status status-ok" data-testid="records-ok">
          {t('system.records.noProblem')}
        </span>
      ) : (
        <div className="banner banner-error records-problems" data-testid="records-problems">
          <strong>{t('system.records.problems', { count: report.problems.length })}</strong>
          <ul>
            {report.problems.map((p, i) => (
              <ProblemItem key={`${p.kind}-${p.id ?? ''}-${i}`} problem={p} lang={lang} />
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

function ProblemItem({ problem, lang }: { problem: RecordsProblem; lang: UiLanguage }) {
  const { t } = useTranslation();
  return (
    <li data-kind={problem.kind}>
      {/* Main's message is Vietnamese and names the item; English gets the general sentence. */}
      {lang === 'vi' ? problem.message : t(`system.records.problem.${problem.kind}`)}
      {problem.file && <code className="path records-problem-file">{problem.file}</code>}
    </li>
  );
}
