import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveSort } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { TextField } from '../../ui/TextField';
import { type ArchiveFilters, isFiltered, type ListFacet, NO_FILTERS, SORTS } from './archive-filters';
import { FacetPanel } from './FacetPanel';
import { HitDetail, type HitDetailHandle } from './HitDetail';
import { HitList } from './HitList';
import { useArchiveSearch } from './useArchiveSearch';

/** Typing in these is typing, not a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/**
 * "Tìm kiếm": the archive searched as the words are typed, narrowed by the facets beside the hits,
 * and the chosen hit previewed at its matching segment. Keyboard: / or Ctrl+F to the words, ↓ from
 * them to the hits, arrows through the hits, Enter plays the chosen one.
 */
export function ArchiveSearch({ active }: { active: boolean }) {
  const { t } = useTranslation();
  const { settings } = useStudio();
  const lang = settings.uiLanguage;
  const [filters, setFilters] = useState<ArchiveFilters>(NO_FILTERS);
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<ListFacet>>(new Set());
  const result = useArchiveSearch(filters);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const detail = useRef<HitDetailHandle>(null);

  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      const slash = e.key === '/' && !e.ctrlKey && !e.altKey && !e.metaKey && !typingIn(e.target);
      const ctrlF = e.ctrlKey && !e.altKey && e.key === 'f';
      if (slash || ctrlF) {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  // The search box has the keyboard on arrival: staff come here to type.
  useEffect(() => {
    if (active) search.current?.focus();
  }, [active]);

  const hits = result.data?.hits ?? [];
  const hit = hits.find((h) => h.id === selected) ?? null;
  const total = result.data?.total ?? 0;

  const [playOn, setPlayOn] = useState<string | null>(null);
  const preview = (id: string) => {
    if (id === hit?.id) detail.current?.preview();
    else {
      // Another hit: its panel plays once its player is there.
      setSelected(id);
      setPlayOn(id);
    }
  };

  return (
    <div className="archive-search">
      <div className="filters archive-bar" role="search">
        <TextField
          ref={search}
          hideLabel
          type="search"
          className="grow"
          label={t('archive.search')}
          placeholder={t('archive.searchHint')}
          title="/ · Ctrl+F"
          data-testid="archive-search"
          aria-keyshortcuts="/ Control+F"
          value={filters.text}
          onChange={(text) => setFilters((f) => ({ ...f, text }))}
          onKeyDown={(e) => {
            const first = hits[0];
            if (e.key === 'ArrowDown' && first) {
              e.preventDefault();
              if (!hit) setSelected(first.id);
              list.current?.focus();
            } else if (e.key === 'Enter' && first) {
              e.preventDefault();
              const chosen = hit ?? first;
              setSelected(chosen.id);
              list.current?.focus();
            }
          }}
        />
        <label className="inline">
          {t('archive.sort.label')}
          <select
            className="input"
            value={filters.sort}
            data-testid="archive-sort"
            onChange={(e) => setFilters((f) => ({ ...f, sort: e.target.value as ArchiveSort }))}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`archive.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={result.error} />
      <div className={hit ? 'archive-body with-detail' : 'archive-body'}>
        <FacetPanel
          filters={filters}
          facets={result.data?.facets ?? null}
          lang={lang}
          onChange={setFilters}
          expanded={expanded}
          onExpand={(facet) => setExpanded((s) => new Set([...s, facet]))}
        />
        <section className="archive-results" aria-labelledby="archive-count">
          <p id="archive-count" className="muted small" role="status" data-testid="archive-count">
            {result.data
              ? t('archive.count', {
                  count: total,
                  shown: formatNumber(total, 0, lang),
                  ms: formatNumber(result.data.tookMs, 0, lang),
                })
              : t('app.loading')}
          </p>
          {hits.length > 0 ? (
            <HitList
              hits={hits}
              query={filters.text}
              selected={hit?.id ?? null}
              lang={lang}
              onSelect={setSelected}
              onPreview={preview}
              listRef={list}
            />
          ) : (
            result.data &&
            !result.loading && (
              <div className="empty" data-testid="archive-empty">
                {filters.text.trim() !== '' || isFiltered(filters)
                  ? t('archive.noMatch')
                  : t('archive.empty')}
              </div>
            )
          )}
          {hits.length < total && <p className="muted small">{t('archive.more', { count: hits.length })}</p>}
        </section>
        {hit && (
          <HitDetail
            ref={detail}
            key={hit.id}
            hit={hit}
            lang={lang}
            playAtOnce={playOn === hit.id}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </div>
  );
}
