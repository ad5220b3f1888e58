import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AirtimeReport, AirtimeReportFile, ReportGrouping } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { baseName } from '../../ui/SaveAsDialog';
import { useFileExport } from '../../ui/useFileExport';
import { AirtimeBars, ShareTrend } from './ReportCharts';

const pad = (n: number) => String(n).padStart(2, '0');

/** Seconds as airtime reads: `12:05:09`. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

const percent = (share: number, lang: string) =>
  `${(share * 100).toFixed(1).replace('.', lang === 'vi' ? ',' : '.')}%`;

const GROUP_KEYS = {
  language: 'reports.byLanguage',
  station: 'reports.byStation',
  subject: 'reports.bySubject',
} as const;

/**
 * "Báo cáo": the month's airtime from the broadcast log by language, station or subject, the
 * ethnic-language share and its trend, programmes per reporter, and the same report saved as XLSX
 * or PDF (main writes them; the PDF is printed by Chromium with the Vietnamese font embedded).
 */
export function ReportsScreen() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const now = new Date();
  const [chosen, setChosen] = useState({ year: now.getFullYear(), month: now.getMonth() + 1 });
  const [by, setBy] = useState<ReportGrouping>('language');
  const [report, setReport] = useState<AirtimeReport | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [loading, setLoading] = useState(false);
  const month = `${chosen.year}-${pad(chosen.month)}`;

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.api.report
      .airtime({ month, by })
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
  }, [client, month, by]);

  const thisYear = now.getFullYear();
  const groupName = t(GROUP_KEYS[by]);
  return (
    <section className="screen reports-screen" aria-labelledby="reports-title">
      <header className="screen-head">
        <div>
          <h1 id="reports-title">{t('reports.title')}</h1>
          <p className="muted">{t('reports.intro')}</p>
        </div>
      </header>
      <div className="filters reports-filters">
        <label className="inline">
          {t('reports.month')}
          <select
            className="input"
            data-testid="report-month"
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
          {t('reports.year')}
          <select
            className="input"
            data-testid="report-year"
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
        <label className="inline">
          {t('reports.by')}
          <select
            className="input"
            data-testid="report-by"
            value={by}
            onChange={(e) => setBy(e.target.value as ReportGrouping)}
          >
            {(Object.keys(GROUP_KEYS) as ReportGrouping[]).map((g) => (
              <option key={g} value={g}>
                {t(GROUP_KEYS[g])}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <ReportExport month={month} by={by} format="xlsx" />
        <ReportExport month={month} by={by} format="pdf" />
      </div>
      <ErrorMessage error={error} />
      {loading && !report && <p className="muted">{t('reports.loading')}</p>}
      {report && (
        <div className="reports-body" aria-busy={loading} data-testid="report">
          <div className="reports-figures">
            <div className="card reports-figure">
              <span className="muted">{t('reports.total')}</span>
              <b data-testid="report-total">{clock(report.totalSeconds)}</b>
            </div>
            <div className="card reports-figure">
              <span className="muted">{t('reports.ethnicShare')}</span>
              <b data-testid="report-share">{percent(report.ethnicShare, lang)}</b>
            </div>
          </div>
          <div className="reports-charts">
            <div className="card">
              <AirtimeBars report={report} title={t('reports.chartTitle', { by: groupName.toLowerCase() })} />
            </div>
            <div className="card">
              <ShareTrend report={report} title={t('reports.trendTitle')} />
            </div>
          </div>
          <div className="reports-tables">
            <table className="table" data-testid="report-table">
              <thead>
                <tr>
                  <th scope="col">{groupName}</th>
                  <th scope="col" className="num">
                    {t('reports.airtime')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.share')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.items')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.rows.length === 0 && (
                  <tr>
                    <td colSpan={4} className="muted">
                      {t('reports.empty')}
                    </td>
                  </tr>
                )}
                {report.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{clock(r.seconds)}</td>
                    <td className="num">
                      {percent(report.totalSeconds > 0 ? r.seconds / report.totalSeconds : 0, lang)}
                    </td>
                    <td className="num">{r.items}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table">
              <caption>{t('reports.reporters')}</caption>
              <tbody>
                {report.programmesByReporter.length === 0 && (
                  <tr>
                    <td className="muted">{t('reports.noReporters')}</td>
                  </tr>
                )}
                {report.programmesByReporter.map((p) => (
                  <tr key={p.reporter}>
                    <th scope="row">{p.reporter}</th>
                    <td className="num">{p.programmes}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted reports-head">
            {t('reports.auditHead')}: <code>{report.auditChainHead}</code>
          </p>
        </div>
      )}
    </section>
  );
}

/** "Xuất XLSX…" / "Xuất PDF…": asks where (as every export does), then main writes the file. */
function ReportExport({ month, by, format }: { month: string; by: ReportGrouping; format: 'xlsx' | 'pdf' }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const button = useRef<HTMLButtonElement>(null);
  const file = useFileExport<AirtimeReportFile>({
    title: t('reports.exportTitle'),
    initialName: `bao-cao-phat-song-${month}-${by}.${format}`,
    ext: format,
    kind: format.toUpperCase(),
    returnFocus: button,
    write: (path, overwrite) => client.api.report.export({ month, by, format, file: path, overwrite }),
  });
  const { saved, conflict, error } = file;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn"
        data-testid={`report-export-${format}`}
        onClick={() => void file.start()}
      >
        {file.busy ? t('reports.saving') : t(format === 'xlsx' ? 'reports.exportXlsx' : 'reports.exportPdf')}
      </button>
      {file.dialog}
      {(saved || conflict || error) && (
        <div className="reports-export-result">
          {saved && (
            <div className="banner banner-ok" role="status" data-testid={`report-saved-${format}`}>
              <div>{t('reports.saved')}</div>
              <code className="path">{saved.file}</code>
            </div>
          )}
          {conflict && (
            <div className="banner banner-warning row spread" role="alert">
              <span>{t('reports.exists', { name: baseName(conflict) })}</span>
              <button type="button" className="btn" onClick={file.replace}>
                {t('reports.replace')}
              </button>
            </div>
          )}
          <ErrorMessage error={error} />
        </div>
      )}
    </>
  );
}
