import { useTranslation } from 'react-i18next';
import type { OutboxItem, UiLanguage } from '../../../src-main/contract';
import { formatRecent } from '../../ui/dates';

/**
 * What the province made of a sent bulletin, as last asked: đã nhận, đã chấp nhận, bị từ chối with
 * its reason (prominent: someone has to act on it), đã lên lịch, đã phát in n communes, đã thu hồi
 * with the station's reason. Nothing before the bulletin exists.
 */
export function ProvinceStatus({ item, lang }: { item: OutboxItem; lang: UiLanguage }) {
  const { t } = useTranslation();
  const status = item.bulletinStatus;
  if (item.state !== 'sent' || status === null) return null;
  const communes = new Set(item.airings.map((a) => a.unitCode)).size;
  const words =
    status === 'scheduled' && item.scheduledAt
      ? t('publish.bulletin.scheduledAt', { at: formatRecent(item.scheduledAt, lang) })
      : status === 'aired'
        ? t('publish.bulletin.airedIn', { count: communes })
        : t(`publish.bulletin.${status}`);
  const reason = (status === 'rejected' || status === 'withdrawn') && item.bulletinReason;
  return (
    <div
      className={`outbox-province outbox-province-${status}`}
      data-testid="outbox-province"
      data-status={status}
    >
      <span className="outbox-province-label">{t('publish.bulletin.label')}</span> <strong>{words}</strong>
      {item.statusCheckedAt && (
        <span className="small muted">
          {' '}
          · {t('publish.bulletin.checkedAt', { at: formatRecent(item.statusCheckedAt, lang) })}
        </span>
      )}
      {reason && (
        <p className="outbox-reason" data-testid="outbox-reason">
          {t(status === 'rejected' ? 'publish.bulletin.rejectedReason' : 'publish.bulletin.withdrawnReason', {
            reason,
          })}
        </p>
      )}
      {item.programmeChangedAt && (
        <p className="outbox-changed" data-testid="outbox-programme-changed">
          {t('publish.bulletin.programmeChanged', { at: formatRecent(item.programmeChangedAt, lang) })}
        </p>
      )}
    </div>
  );
}
