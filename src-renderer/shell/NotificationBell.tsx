import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StudioNotification } from '../../src-main/contract';
import { useStudio } from '../studio/studio-context';
import { formatRecent } from '../ui/dates';
import { BellIcon } from '../ui/icons';
import type { NotificationsState } from './useNotifications';

/** Each kind's sentence in the i18n table. */
const SENTENCE: Record<StudioNotification['kind'], string> = {
  'programme.submitted': 'submitted',
  'programme.returned': 'returned',
  'programme.approved': 'approved',
  'publish.failed': 'publishFailed',
  'publish.rejected': 'publishRejected',
};

/** A notification in plain words: "Trần Văn Hùng đã trả lại chương trình “Bản tin sáng”". */
function sentence(t: ReturnType<typeof useTranslation>['t'], n: StudioNotification): string {
  const who = n.byName ?? n.byUserId ?? t('notifications.someone');
  return t(`notifications.${SENTENCE[n.kind]}`, { who, title: n.title });
}

/**
 * The bell in the shell's header: the unread count on it, and the list under it (newest first,
 * unread in bold). A notification clicked opens its programme and is marked read. Keyboard: the
 * bell opens with Enter or Space, arrows move in the list, Esc closes and gives the focus back.
 */
export function NotificationBell({ state }: { state: NotificationsState }) {
  const { t } = useTranslation();
  const { settings } = useStudio();
  const [open, setOpen] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const unread = state.list?.unread ?? 0;
  const items = state.list?.notifications ?? [];

  // Opened, the list takes the keyboard, on its newest notification.
  useEffect(() => {
    if (!open) return;
    const first = panel.current?.querySelector<HTMLButtonElement>('.notif-item');
    (first ?? panel.current?.querySelector<HTMLButtonElement>('button:not(:disabled)'))?.focus();
  }, [open]);

  // A click outside closes it, as a menu does.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !bell.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    bell.current?.focus();
  };
  const choose = (n: StudioNotification) => {
    if (!n.read)
      void state.markRead([n.id]).catch((err: unknown) => console.warn('Could not mark read', err));
    setOpen(false);
    if (n.programmeId) location.hash = `programme/${n.programmeId}`;
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      close();
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = [...(panel.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[Math.min(buttons.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
    next?.focus();
    e.preventDefault();
  };

  return (
    <div className="notif">
      <button
        ref={bell}
        type="button"
        className="notif-bell"
        aria-haspopup="true"
        aria-expanded={open}
        aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
        data-testid="notif-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        <span className="notif-label">{t('notifications.bell')}</span>
        {unread > 0 && (
          <span className="notif-badge" data-testid="notif-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panel}
          className="notif-panel"
          role="dialog"
          aria-label={t('notifications.title')}
          data-testid="notif-panel"
          onKeyDown={onKey}
        >
          <div className="row spread notif-head">
            <strong>{t('notifications.title')}</strong>
            <button
              type="button"
              className="btn small-btn"
              disabled={unread === 0}
              onClick={() =>
                void state
                  .markRead('all')
                  .catch((err: unknown) => console.warn('Could not mark all read', err))
              }
            >
              {t('notifications.markAll')}
            </button>
          </div>
          {items.length === 0 ? (
            <p className="muted notif-empty">{t('notifications.empty')}</p>
          ) : (
            <ul className="notif-list">
              {items.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className={n.read ? 'notif-item' : 'notif-item unread'}
                    data-notification={n.id}
                    onClick={() => choose(n)}
                  >
                    <span className="notif-text">
                      {sentence(t, n)}
                      {!n.read && <span className="sr-only"> ({t('notifications.unread')})</span>}
                    </span>
                    {n.comment && <span className="notif-comment">“{n.comment}”</span>}
                    <span className="notif-meta">
                      {formatRecent(n.at, settings.uiLanguage)}
                      {n.emergency && ` · ${t('notifications.emergency')}`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
