import { type KeyboardEvent, type Ref, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArchiveHit, UiLanguage } from '../../../src-main/contract';
import { languageShortName } from '../../i18n/languages';
import { formatDate } from '../../ui/dates';
import { formatDuration } from '../../ui/format';
import { Highlighted } from './highlight';

/** "1:20–2:05" where the match sits in its audio; nothing for a whole file from its start. */
export function segmentTime(hit: Pick<ArchiveHit, 'startSec' | 'endSec' | 'lengthSec'>): string | null {
  if (hit.startSec <= 0 && (hit.endSec <= 0 || hit.endSec >= hit.lengthSec)) return null;
  return `${formatDuration(hit.startSec)}–${formatDuration(hit.endSec)}`;
}

/**
 * The hits, best first (or as sorted), as one list the keyboard moves through: arrows choose,
 * Enter previews the chosen one, Home/End jump. The chosen hit is shown beside the list.
 */
export function HitList({
  hits,
  query,
  selected,
  lang,
  onSelect,
  onPreview,
  listRef,
}: {
  hits: ArchiveHit[];
  /** The words searched, to mark in the snippets. */
  query: string;
  selected: string | null;
  lang: UiLanguage;
  onSelect(id: string): void;
  onPreview(id: string): void;
  listRef: Ref<HTMLUListElement>;
}) {
  const { t } = useTranslation();
  const at = hits.findIndex((h) => h.id === selected);
  const activeRow = useRef<HTMLLIElement>(null);

  // The chosen hit stays in view as the arrows move through a long list. (A block: Chromium's
  // scrollIntoView now returns a promise, which React would take for the effect's cleanup.)
  useEffect(() => {
    activeRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const onKey = (e: KeyboardEvent) => {
    const move = (to: number) => {
      const hit = hits[Math.max(0, Math.min(hits.length - 1, to))];
      if (hit) onSelect(hit.id);
      e.preventDefault();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(hits.length - 1);
    else if (e.key === 'Enter' && selected) {
      e.preventDefault();
      onPreview(selected);
    }
  };

  return (
    <ul
      ref={listRef}
      className="archive-hits"
      role="listbox"
      tabIndex={0}
      aria-label={t('archive.hits')}
      aria-activedescendant={selected ? `hit-${selected}` : undefined}
      data-testid="archive-hits"
      onKeyDown={onKey}
      onFocus={() => at < 0 && hits[0] && onSelect(hits[0].id)}
    >
      {hits.map((hit) => {
        const time = segmentTime(hit);
        const chosen = hit.id === selected;
        return (
          <li
            key={hit.id}
            id={`hit-${hit.id}`}
            ref={chosen ? activeRow : undefined}
            role="option"
            aria-selected={chosen}
            className={chosen ? 'archive-hit active' : 'archive-hit'}
            data-kind={hit.kind}
            onClick={() => onSelect(hit.id)}
            onDoubleClick={() => onPreview(hit.id)}
          >
            <div className="archive-hit-head">
              <span className={`tag archive-kind archive-kind-${hit.kind}`}>
                {t(`archive.kind.${hit.kind}`)}
              </span>
              <span className="archive-hit-title">
                <Highlighted text={hit.title} query={query} />
              </span>
            </div>
            <div className="archive-hit-facts muted small">
              <span>{formatDate(hit.date, lang)}</span>
              {hit.language && <span>{languageShortName(hit.language, lang)}</span>}
              {time ? (
                <span className="archive-hit-time" data-testid="hit-time">
                  ⏱ {time}
                </span>
              ) : (
                <span>{formatDuration(hit.lengthSec)}</span>
              )}
              {hit.reporters.length > 0 && <span>{hit.reporters.join(', ')}</span>}
            </div>
            {hit.snippet && hit.snippet !== hit.title && (
              <div className="archive-snippet small">
                <Highlighted text={hit.snippet} query={query} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
