import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { LinkBanner } from './LinkBanner';
import { OutboxList } from './OutboxList';
import { useOutbox } from './useOutbox';
import { usePublishActions } from './usePublishActions';
import { usePublishLink } from './usePublishLink';

/** `#publish/<item id>`: the item to show (one just queued from its programme). */
function itemFromHash(): string | null {
  return /^#publish\/([0-9a-f-]{36})$/.exec(location.hash)?.[1] ?? null;
}

/**
 * "Gửi tỉnh": approved programmes on their way to the province and those it holds, live (main tells
 * of every change), with the link's state, and "Gửi ngay" and "Cập nhật trạng thái" (what the
 * province made of each bulletin) for the whole list, each row's own actions. For those who may
 * send (`publish.send`).
 */
export function PublishScreen() {
  const { t } = useTranslation();
  const { settings } = useStudio();
  const lang = settings.uiLanguage;
  const outbox = useOutbox();
  const link = usePublishLink();
  const actions = usePublishActions(outbox);
  const [focusId, setFocusId] = useState(itemFromHash);

  useEffect(() => {
    const onHash = () => setFocusId(itemFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const items = outbox.items;
  return (
    <section className="screen publish-screen" aria-labelledby="publish-title">
      <header className="screen-head">
        <div>
          <h1 id="publish-title">{t('publish.title')}</h1>
          <p className="muted">{t('publish.intro')}</p>
        </div>
        <div className="row wrap publish-head-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={actions.busy !== null}
            onClick={() => void actions.run()}
          >
            {actions.busy === 'run' ? t('publish.running') : t('publish.runNow')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={actions.busy !== null}
            onClick={() => void actions.sync()}
          >
            {actions.busy === 'sync' ? t('publish.syncing') : t('publish.sync')}
          </button>
        </div>
      </header>
      <LinkBanner link={link} lang={lang} />
      <ErrorMessage error={outbox.error ?? actions.error} />
      {actions.notice && (
        <p className="banner banner-ok publish-notice" role="status" data-testid="publish-notice">
          {actions.notice}
        </p>
      )}
      {items === null ? (
        !outbox.error && <p className="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <div className="empty" data-testid="outbox-empty">
          {t('publish.empty')}
        </div>
      ) : (
        <OutboxList items={items} lang={lang} actions={actions} focusId={focusId} />
      )}
    </section>
  );
}
