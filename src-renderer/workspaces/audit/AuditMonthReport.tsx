import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditMonthReport } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { formatDateTime } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { whoDid } from './sentence';

const pad = (n: number) => String(n).padStart(2, '0');

/** The last month that has ended is the one a report is usually made for; this month can be chosen too. */
function lastMonth(now = new Date()): { year: number; month: number } {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return { year: d.getFullYear(), month: d.getMonth() + 1 };
}

/**
 * "Báo cáo tháng": a month's entries by kind of work and by user, whether the chain is intact, and
 * its head at the month's end, laid out to be printed (the rest of the window is not printed).
 */
export function AuditMonthReportView() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const [chosen, setChosen] = useState(lastMonth);
  const [report, setReport] = useState<AuditMonthReport | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [loading, setLoading] = useState(false);
  const thisYear = new Date().getFullYear();
  const month = `${chosen.year}-${pad(chosen.month)}`;

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.api.audit
      .monthReport({ month })
      .then((r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      })
      .catch((err: unknown) => live && setError(toStudioCallError(err)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [client, month]);

  return (
    <div className="audit-report">
      <div className="filters no-print">
        <label className="inline">
          {t('audit.report.month')}
          <select
            className="input"
            data-testid="audit-report-month"
            value={chosen.month}
            onChange={(e) => setChosen((c) => ({ ...c, month: Number(e.target.value) }))}
          >
            {Array.from({ length: 12 }, (_, i) => (
              <option key={i} value={i + 1}>
                {pad(i + 1)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          {t('audit.report.year')}
          <select
            className="input"
            data-testid="audit-report-year"
            value={chosen.year}
            onChange={(e) => setChosen((c) => ({ ...c, year: Number(e.target.value) }))}
          >
            {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" disabled={!report || loading} onClick={() => window.print()}>
          {t('audit.report.print')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {report && (
        <article className="card audit-report-sheet" data-testid="audit-report" aria-busy={loading}>
          <h2>
            {t('audit.report.heading', { month: report.month.slice(5), year: report.month.slice(0, 4) })}
          </h2>
          <p>{t('audit.report.entries', { count: report.entries })}</p>
          <div className="audit-report-tables">
            <table className="table">
              <caption>{t('audit.report.byGroup')}</caption>
              <tbody>
                {report.byGroup.map((g) => (
                  <tr key={g.group}>
                    <th scope="row">{t(`audit.groups.${g.group}`)}</th>
                    <td className="num">{g.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table">
              <caption>{t('audit.report.byUser')}</caption>
              <tbody>
                {report.byUser.length === 0 && (
                  <tr>
                    <td className="muted">{t('audit.report.noUsers')}</td>
                  </tr>
                )}
                {report.byUser.map((u) => (
                  <tr key={u.userId ?? ''}>
                    <th scope="row">{whoDid(t, u.userId, u.userName)}</th>
                    <td className="num">{u.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p
            className={report.chain.ok ? 'banner banner-ok' : 'banner banner-error'}
            data-testid="audit-report-chain"
            role="status"
          >
            {report.chain.ok
              ? t('audit.report.chainOk', { count: report.chain.entries })
              : t('audit.report.chainBroken', {
                  file: report.chain.firstProblem?.file,
                  line: report.chain.firstProblem?.line,
                  reason: report.chain.firstProblem?.reason,
                })}
          </p>
          <h3>{t('audit.report.head')}</h3>
          {report.head === null ? (
            <p className="bad-text">{t('audit.report.headUnknown')}</p>
          ) : report.head.seq === 0 ? (
            <p>{t('audit.report.headNone')}</p>
          ) : (
            <p>
              {t('audit.report.headSeq', { seq: report.head.seq })}
              {report.head.at && ` · ${formatDateTime(report.head.at, lang)}`}
            </p>
          )}
          {report.head && (
            <code className="path audit-head" data-testid="audit-report-head">
              {report.head.sha256}
            </code>
          )}
          <p className="small">{t('audit.report.keep')}</p>
          <p className="small muted">
            {t('audit.report.generated', { time: formatDateTime(report.generatedAt, lang) })}
          </p>
        </article>
      )}
    </div>
  );
}
