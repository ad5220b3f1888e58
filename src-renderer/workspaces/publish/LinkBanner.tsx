import { useTranslation } from 'react-i18next';
import type { PublishLinkState, UiLanguage } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { formatRecent } from '../../ui/dates';

/**
 * The link to the province when it is not there: offline (the bulletins go by themselves once the
 * network is back, and when the next try is), or not set up yet (an admin sets it on the System
 * screen, card "Gửi lên tỉnh"; an admin gets the way there).
 */
export function LinkBanner({ link, lang }: { link: PublishLinkState | null; lang: UiLanguage }) {
  const { t } = useTranslation();
  const may = useMay();
  if (link?.state === 'offline') {
    return (
      <div className="banner banner-warning publish-banner" role="status" data-testid="publish-offline">
        <strong>
          {t('publish.link.offline')}
          {link.nextAttemptAt &&
            ` ${t('publish.link.retryAt', { time: formatRecent(link.nextAttemptAt, lang) })}`}
        </strong>
        {!link.runnerActive && <p>{t('publish.link.noRunner')}</p>}
        {link.lastError && <p className="small">{link.lastError}</p>}
      </div>
    );
  }
  if (link?.state === 'notConfigured') {
    const admin = may('publish.configure') && may('system.read');
    return (
      <div className="banner banner-info publish-banner" role="status" data-testid="publish-not-configured">
        <strong>{t('publish.link.notConfigured')}</strong>
        <p>
          {admin ? (
            <a href="#system" className="publish-banner-link">
              {t('publish.link.openSystem')}
            </a>
          ) : (
            t('publish.link.askAdmin')
          )}
        </p>
      </div>
    );
  }
  return null;
}
