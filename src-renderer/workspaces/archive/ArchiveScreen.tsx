import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArchiveSearch } from './ArchiveSearch';

/** The workspace's tabs; the import and retention screens join as they land. */
const TABS = ['search'] as const;
type Tab = (typeof TABS)[number];

/**
 * Lưu trữ: find any past programme, segment, asset or recording of the air, and hear it at the
 * moment that matched.
 */
export function ArchiveScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('search');
  return (
    <section className="screen archive" aria-labelledby="archive-title">
      <header className="screen-head archive-head">
        <div>
          <h1 id="archive-title">{t('archive.title')}</h1>
          <p className="muted">{t('archive.intro')}</p>
        </div>
        {TABS.length > 1 && (
          <div className="tabs" role="tablist" aria-label={t('archive.tabs.label')}>
            {TABS.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                id={`archive-tab-${x}`}
                aria-selected={tab === x}
                aria-controls={`archive-panel-${x}`}
                className={tab === x ? 'tab active' : 'tab'}
                onClick={() => setTab(x)}
              >
                {t(`archive.tabs.${x}`)}
              </button>
            ))}
          </div>
        )}
      </header>
      <div
        role="tabpanel"
        id="archive-panel-search"
        aria-labelledby="archive-tab-search"
        hidden={tab !== 'search'}
      >
        <ArchiveSearch active={tab === 'search'} />
      </div>
    </section>
  );
}
