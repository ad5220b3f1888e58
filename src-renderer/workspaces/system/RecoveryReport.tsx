import { useTranslation } from 'react-i18next';
import type { RecoveryNotice, UiLanguage } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDateTime } from '../../ui/dates';
import { useCall } from '../../ui/useCall';

/**
 * What the studio repaired by itself (a data file restored from its backup, an interrupted import
 * finished or cleared). Shown only when there is something to say.
 */
export function RecoveryReport() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const notices = useCall(() => client.api.system.recoveries());
  if (notices.error) return <ErrorMessage error={notices.error} />;
  if (!notices.data || notices.data.length === 0) return null;
  return (
    <div className="card recovery-report" data-testid="recovery-report">
      <h2>{t('system.recovery.title')}</h2>
      <p className="muted">{t('system.recovery.intro')}</p>
      <ul>
        {notices.data.map((n, i) => (
          <NoticeItem key={`${n.at}-${i}`} notice={n} lang={settings.uiLanguage} />
        ))}
      </ul>
    </div>
  );
}

function NoticeItem({ notice, lang }: { notice: RecoveryNotice; lang: UiLanguage }) {
  const { t } = useTranslation();
  return (
    <li data-kind={notice.kind}>
      <span className="muted small">{formatDateTime(notice.at, lang)}</span>{' '}
      {/* Main's message is Vietnamese and names the exact item; English gets the general sentence. */}
      {lang === 'vi' ? notice.message : t(`system.recovery.kind.${notice.kind}`, { file: notice.file })}
    </li>
  );
}
