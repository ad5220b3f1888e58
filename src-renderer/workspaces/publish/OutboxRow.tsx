import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutboxItem, UiLanguage } from '../../../src-main/contract';
import { formatRecent } from '../../ui/dates';
import { formatSize } from '../../ui/format';
import type { RowActions } from './outbox-groups';
import { ProvinceStatus } from './ProvinceStatus';

export type RowAction = 'retry' | 'cancel' | 'withdraw';

/** A row's buttons in their order, each with the key that does the same on the focused row (OutboxList). */
const ROW_BUTTONS: ReadonlyArray<{ action: RowAction; key: string; danger: boolean }> = [
  { action: 'retry', key: 'R', danger: false },
  { action: 'cancel', key: 'Delete', danger: true },
  { action: 'withdraw', key: 'W', danger: true },
];

/**
 * One programme on its way or sent: its priority (khẩn cấp marked), its state, the upload's
 * progress in MB, attempts, the next try's time, the last error (main words it in Vietnamese), who
 * queued it and when, when it was sent, and what the province made of it. Focusable as one stop of
 * the list (the list moves the focus with the arrows); its buttons are what `actions` allows.
 */
export const OutboxRow = forwardRef<
  HTMLLIElement,
  {
    item: OutboxItem;
    lang: UiLanguage;
    actions: RowActions;
    focusable: boolean;
    highlighted: boolean;
    busy: boolean;
    onFocus(): void;
    onAction(action: RowAction): void;
  }
>(function OutboxRow({ item, lang, actions, focusable, highlighted, busy, onFocus, onAction }, ref) {
  const { t } = useTranslation();
  const moving = item.state === 'uploading' || item.state === 'publishing';
  const percent = item.bytes > 0 ? Math.min(100, Math.floor((item.bytesSent / item.bytes) * 100)) : 0;
  const waiting = item.state === 'queued' && item.nextAttemptAt !== null;
  const showError = item.lastError !== null && (item.state === 'failed' || item.state === 'queued');
  const classes = ['outbox-row', `outbox-${item.state}`, `outbox-priority-${item.priority}`];
  if (item.bulletinStatus) classes.push(`outbox-bulletin-${item.bulletinStatus}`);
  if (highlighted) classes.push('outbox-highlight');
  const shortcuts = [
    actions.retry && 'R',
    actions.cancel && 'Delete',
    actions.withdraw && 'W',
    'Enter',
  ].filter(Boolean);
  return (
    <li
      ref={ref}
      className={classes.join(' ')}
      tabIndex={focusable ? 0 : -1}
      onFocus={(e) => e.target === e.currentTarget && onFocus()}
      aria-label={`${item.title} · ${t(`publish.state.${item.state}`)}`}
      aria-keyshortcuts={shortcuts.join(' ')}
      data-testid="outbox-row"
      data-item-id={item.id}
      data-state={item.state}
      data-priority={item.priority}
    >
      <div className="outbox-head">
        <PriorityTag priority={item.priority} />
        <span className="outbox-title">{item.title}</span>
        <span className={`status outbox-state outbox-state-${item.state}`} data-testid="outbox-state">
          {t(`publish.state.${item.state}`)}
        </span>
      </div>

      {moving && (
        <div className="outbox-progress" data-testid="outbox-progress">
          <progress
            className="progress"
            max={Math.max(1, item.bytes)}
            value={item.state === 'publishing' ? item.bytes : item.bytesSent}
            aria-label={t('publish.progressLabel')}
          />
          <span className="small">
            {item.state === 'publishing'
              ? t('publish.publishingNow')
              : t('publish.progress', {
                  sent: formatSize(item.bytesSent, lang),
                  total: formatSize(item.bytes, lang),
                  percent,
                })}
          </span>
        </div>
      )}

      {showError && (
        <p className="outbox-error" data-testid="outbox-error">
          {t('publish.lastError', { error: item.lastError })}
        </p>
      )}

      <ProvinceStatus item={item} lang={lang} />

      <div className="outbox-facts small muted">
        {waiting && item.nextAttemptAt && (
          <span className="outbox-retry-at" data-testid="outbox-retry-at">
            {t('publish.retryAt', { time: formatRecent(item.nextAttemptAt, lang) })}
          </span>
        )}
        {item.attempts > 0 && <span>{t('publish.attempts', { count: item.attempts })}</span>}
        <span>
          {item.queuedBy
            ? t('publish.queuedBy', { who: item.queuedBy, at: formatRecent(item.queuedAt, lang) })
            : t('publish.queuedAt', { at: formatRecent(item.queuedAt, lang) })}
        </span>
        {item.sentAt && <span>{t('publish.sentAt', { at: formatRecent(item.sentAt, lang) })}</span>}
        {item.state !== 'uploading' && item.state !== 'publishing' && (
          <span>{formatSize(item.bytes, lang)}</span>
        )}
      </div>

      <div className="row wrap outbox-actions">
        {ROW_BUTTONS.filter(({ action }) => actions[action]).map(({ action, key, danger }) => (
          <button
            key={action}
            type="button"
            className={danger ? 'btn small-btn btn-danger' : 'btn small-btn'}
            disabled={busy}
            tabIndex={focusable ? 0 : -1}
            title={key}
            onClick={() => onAction(action)}
          >
            {t(`publish.${action}`)}
          </button>
        ))}
        <a className="link-btn small" href={`#programme/${item.programmeId}`} tabIndex={focusable ? 0 : -1}>
          {t('publish.openProgramme')}
        </a>
      </div>
    </li>
  );
});

/** Thông thường / ưu tiên / khẩn cấp; an emergency stands out at a glance. */
function PriorityTag({ priority }: { priority: OutboxItem['priority'] }) {
  const { t } = useTranslation();
  return (
    <span className={`outbox-priority outbox-priority-tag-${priority}`} data-testid="outbox-priority">
      {priority === 'emergency' && '⚠ '}
      {t(`publish.priority.${priority}`)}
    </span>
  );
}
