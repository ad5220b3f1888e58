import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDate } from '../../ui/dates';
import { formatDuration } from '../../ui/format';
import { useCall } from '../../ui/useCall';
import { toSeconds } from './samples';

/** A searchable list of the library's assets (not those in the trash). */
export function AssetChooser({
  onChoose,
  actionLabel,
  exclude,
}: {
  onChoose(asset: Asset): void;
  actionLabel: string;
  exclude?: string;
}) {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const [text, setText] = useState('');
  const list = useCall(() =>
    client.api.library.list({ text: text.trim() === '' ? undefined : text.trim(), limit: 200 }),
  );
  const { reload } = list;
  useEffect(() => {
    const timer = setTimeout(reload, 150);
    return () => clearTimeout(timer);
  }, [text, reload]);
  const items = (list.data?.items ?? []).filter((a) => a.id !== exclude && a.deletedAt === null);
  return (
    <div className="asset-chooser">
      <input
        className="input"
        type="search"
        value={text}
        placeholder={t('editor.pick.search')}
        aria-label={t('editor.pick.search')}
        onChange={(e) => setText(e.target.value)}
      />
      <ErrorMessage error={list.error} />
      {items.length === 0 && !list.loading ? (
        <div className="empty">{text.trim() ? t('editor.pick.noMatch') : t('editor.pick.empty')}</div>
      ) : (
        <ul className="pick-list" data-testid="asset-chooser">
          {items.map((a) => (
            <li key={a.id}>
              <button type="button" className="pick-item" onClick={() => onChoose(a)}>
                <span className="pick-title">{a.title}</span>
                <span className="muted small">
                  {languageName(a.language, lang)} · {formatDuration(a.durationSec)}
                  {a.reporter ? ` · ${a.reporter}` : ''}
                </span>
                <span className="pick-action">{actionLabel}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The editor with nothing open: recent edits, and the library to pick from. */
export function AssetPicker() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const recent = useCall(() => client.api.edit.list({}));
  const open = (assetId: string) => {
    location.hash = `editor/${assetId}`;
  };
  const projects = (recent.data ?? []).slice(0, 8);
  return (
    <section className="screen" aria-labelledby="editor-title">
      <header className="screen-head">
        <div>
          <h1 id="editor-title">{t('editor.title')}</h1>
          <p className="muted">{t('editor.intro')}</p>
        </div>
      </header>
      {projects.length > 0 && (
        <>
          <h2>{t('editor.pick.recent')}</h2>
          <ul className="pick-list recent" data-testid="recent-edits">
            {projects.map((p) => (
              <li key={p.id}>
                <button type="button" className="pick-item" onClick={() => open(p.assetId)}>
                  <span className="pick-title">{p.title}</span>
                  <span className="muted small">
                    {formatDuration(toSeconds(p.durationSamples))} ·{' '}
                    {t('editor.pick.edited', {
                      date: formatDate(p.updatedAt, settings.uiLanguage),
                      count: p.historyLength,
                    })}
                  </span>
                  <span className="pick-action">{t('editor.pick.open')}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('editor.pick.title')}</h2>
      <AssetChooser onChoose={(a) => open(a.id)} actionLabel={t('editor.pick.open')} />
    </section>
  );
}
