import { useTranslation } from 'react-i18next';
import type { DoctorCheck, DoctorReport, UiLanguage } from '../../../src-main/contract';
import { formatBytes } from '../../i18n';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { formatTime } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';
import { DiagnosticsCard } from './DiagnosticsCard';
import { IdleLockForm } from './IdleLockForm';
import { LanguagesForm } from './LanguagesForm';
import { PublishTargetCard } from './PublishTargetCard';
import { RecordsCard } from './RecordsCard';
import { RecoveryReport } from './RecoveryReport';
import { SettingsForm } from './SettingsForm';
import { UsersCard } from './UsersCard';

export function SystemScreen() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const report = useCall(() => client.api.system.doctor());
  const lang = settings.uiLanguage;
  const may = useMay();
  const canChangeSettings = may('settings.write');
  const canManageUsers = may('users.manage');
  const canConfigurePublishing = may('publish.configure');

  return (
    <section className="screen" aria-labelledby="system-title">
      <header className="screen-head">
        <div>
          <h1 id="system-title">{t('system.title')}</h1>
          <p className="muted">{t('system.intro')}</p>
        </div>
        <button type="button" className="btn" onClick={report.reload} disabled={report.loading}>
          {report.loading ? t('system.checking') : t('system.refresh')}
        </button>
      </header>
      <ErrorMessage error={report.error} />
      <RecoveryReport />
      {report.data && <ReportView report={report.data} lang={lang} />}
      {canManageUsers && <UsersCard />}
      {canConfigurePublishing && <PublishTargetCard />}
      {canChangeSettings && (
        <>
          <SettingsForm />
          <IdleLockForm />
          <LanguagesForm />
          <RecordsCard />
        </>
      )}
      <DiagnosticsCard />
    </section>
  );
}

function ReportView({ report, lang }: { report: DoctorReport; lang: UiLanguage }) {
  const { t } = useTranslation();
  const time = formatTime(report.generatedAt, true);
  // Not required (an editor's desk may have no microphone), but never "ready" when it cannot record.
  const mic = report.checks.find((c) => c.id === 'microphone');
  const noMic = report.ready && !!mic && mic.status !== 'ok';
  const readiness = !report.ready ? 'missing' : noMic ? 'warning' : 'ok';
  return (
    <>
      <div className={`readiness ${readiness}`} data-testid="readiness" data-readiness={readiness}>
        <strong>
          {!report.ready ? t('system.notReady') : noMic ? t('system.readyNoMic') : t('system.ready')}
        </strong>
        <span className="muted">{t('system.checkedAt', { time })}</span>
      </div>

      <h2>{t('system.components')}</h2>
      <table className="table" data-testid="doctor-table">
        <thead>
          <tr>
            <th>{t('system.column.component')}</th>
            <th>{t('system.column.status')}</th>
            <th>{t('system.column.version')}</th>
            <th>{t('system.column.path')}</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((c) => (
            <CheckRow key={c.id} check={c} lang={lang} />
          ))}
        </tbody>
      </table>

      <div className="cards">
        <div className="card" data-testid="data-dir">
          <h2>{t('system.dataDir')}</h2>
          <code className="path">{report.dataDir.path}</code>
          <p>
            {t('system.free', {
              free: formatBytes(report.dataDir.freeBytes, lang),
              total: formatBytes(report.dataDir.totalBytes, lang),
            })}
            {' · '}
            {report.dataDir.writable ? t('system.writable') : t('system.notWritable')}
          </p>
          <p className="muted">{t('system.dataDirHint')}</p>
        </div>
        <div className="card">
          <h2>{t('system.about')}</h2>
          <dl className="facts">
            <dt>{t('system.version')}</dt>
            <dd>{report.appVersion}</dd>
            <dt>{t('system.host')}</dt>
            <dd>{t(`system.hostKind.${report.host}`)}</dd>
            <dt>{t('system.platform')}</dt>
            <dd>
              {report.platform} {report.arch} · Node {report.nodeVersion}
            </dd>
          </dl>
        </div>
      </div>
    </>
  );
}

function CheckRow({ check, lang }: { check: DoctorCheck; lang: UiLanguage }) {
  const { t } = useTranslation();
  return (
    <>
      <tr data-check={check.id} data-status={check.status}>
        <td>
          {t(`system.check.${check.id}`)}
          {check.required && <span className="tag">{t('system.required')}</span>}
        </td>
        <td>
          <span className={`status status-${check.status}`}>{t(`system.status.${check.status}`)}</span>
        </td>
        <td>{check.version ?? '—'}</td>
        <td>
          {/* The microphone's "where" is the input's name, not a file. */}
          {check.path ? (
            check.id === 'microphone' ? (
              check.path
            ) : (
              <code className="path">{check.path}</code>
            )
          ) : (
            '—'
          )}
          {check.source && check.id === 'ffmpeg' && (
            <div className="muted small">
              {t(`system.sourceName.${check.source}`, { defaultValue: check.source })}
            </div>
          )}
        </td>
      </tr>
      {check.advice && (
        <tr className="advice-row">
          <td colSpan={4}>
            {/* Main's advice is Vietnamese and names the exact path; English gets the generic advice. */}
            {lang === 'vi' ? check.advice : t(`system.advice.${check.id}`)}
            {check.technical && (
              <details className="error-technical">
                <summary>{t('errors.technical')}</summary>
                <pre>{check.technical}</pre>
              </details>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
