import { type DragEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeItemView, ProgrammeState, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { formatTimecode } from '../editor/samples';
import { formatDuration } from '../../ui/format';
import { LanguageChip } from './labels';
import { sec } from './model';

const KIND_ICON = { voice: '🎙', bed: '♫', jingle: '✦' } as const;

/**
 * The rundown: every item in the order it plays (main derives it from the timeline, so the two
 * cannot disagree). Drag a voice or jingle item to reorder: main lays the items out again, each
 * keeping its distance to the one before. Items lacking a version in a language the programme
 * carries are flagged, with a button that adds a placeholder for it.
 */
export function Rundown({
  state,
  lang,
  selectedId,
  disabled,
  onSelect,
  onReorder,
  onAddVersion,
}: {
  state: ProgrammeState;
  lang: UiLanguage;
  selectedId: string | null;
  disabled: boolean;
  onSelect(itemId: string): void;
  onReorder(itemId: string, beforeItemId: string | null): void;
  onAddVersion(itemId: string, language: string): void;
}) {
  const { t } = useTranslation();
  const list = useRef<HTMLOListElement>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropBefore, setDropBefore] = useState<string | null | undefined>(undefined);
  const items = state.items;
  const number = useMemo(() => new Map(items.map((i, k) => [i.id, k + 1])), [items]);
  const missing = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const x of state.analysis.missingVersions) m.set(x.itemId, [...(m.get(x.itemId) ?? []), x.language]);
    return m;
  }, [state.analysis.missingVersions]);
  const problems = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const p of state.analysis.problems) {
      if (p.itemId) m.set(p.itemId, [...(m.get(p.itemId) ?? []), p.message]);
    }
    return m;
  }, [state.analysis.problems]);
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);

  useEffect(() => {
    if (!selectedId) return;
    list.current
      ?.querySelector<HTMLElement>(`[data-rundown-id="${selectedId}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);

  /** The sequence item a drop on `row` lands before (bed rows pass it on to the next item). */
  const beforeOf = (row: ProgrammeItemView | null): string | null => {
    if (!row) return null;
    const k = items.indexOf(row);
    return items.slice(k).find((i) => i.trackKind !== 'bed')?.id ?? null;
  };

  const onDragOver = (e: DragEvent, row: ProgrammeItemView | null) => {
    if (!dragging) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    setDropBefore(beforeOf(row));
  };
  const onDrop = (e: DragEvent, row: ProgrammeItemView | null) => {
    e.preventDefault();
    const id = dragging;
    setDragging(null);
    setDropBefore(undefined);
    if (!id) return;
    const before = beforeOf(row);
    if (before !== id) onReorder(id, before);
  };

  if (items.length === 0) {
    return <div className="empty rundown-empty">{t('programme.rundown.empty')}</div>;
  }

  return (
    <ol className="rundown" ref={list} data-testid="rundown" aria-label={t('programme.rundown.title')}>
      {items.map((i) => {
        const flags = missing.get(i.id) ?? [];
        const errs = problems.get(i.id) ?? [];
        const original = i.versionOf ? byId.get(i.versionOf) : undefined;
        const movable = i.trackKind !== 'bed' && !disabled;
        const classes = [
          'rundown-item',
          `kind-${i.trackKind}`,
          i.id === selectedId && 'selected',
          errs.length > 0 && 'problem',
          i.id === dragging && 'dragging',
          dropBefore === i.id && 'drop-before',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <li
            key={i.id}
            className={classes}
            data-rundown-id={i.id}
            data-kind={i.trackKind}
            aria-current={i.id === selectedId ? 'true' : undefined}
            draggable={movable}
            onDragStart={(e) => {
              e.dataTransfer.setData('text/plain', i.id);
              e.dataTransfer.effectAllowed = 'move';
              setDragging(i.id);
            }}
            onDragEnd={() => {
              setDragging(null);
              setDropBefore(undefined);
            }}
            onDragOver={(e) => onDragOver(e, i)}
            onDrop={(e) => onDrop(e, i)}
            onClick={() => onSelect(i.id)}
          >
            <span className="rundown-grip" aria-hidden="true">
              {movable ? '⋮⋮' : ''}
            </span>
            <span className="rundown-num">{number.get(i.id)}</span>
            <span className="rundown-time timecode">{formatTimecode(i.start).replace(/\.\d+$/, '')}</span>
            <div className="rundown-body">
              <div className="rundown-head">
                <span className="rundown-kind" title={t(`programme.kind.${i.trackKind}`)} aria-hidden="true">
                  {KIND_ICON[i.trackKind]}
                </span>
                {i.trackKind === 'voice' && i.language ? (
                  <LanguageChip code={i.language} ui={lang} />
                ) : (
                  <span className="kind-chip">{t(`programme.kind.${i.trackKind}`)}</span>
                )}
                <button type="button" className="rundown-title link-btn" onClick={() => onSelect(i.id)}>
                  {i.title || '—'}
                </button>
                <span className="rundown-length timecode">{formatDuration(sec(i.length))}</span>
              </div>
              <div className="rundown-notes">
                {i.source === null && (
                  <span className="tag tag-warn">{t('programme.rundown.placeholder')}</span>
                )}
                {original && (
                  <span className="tag" data-testid="version-of">
                    {t('programme.rundown.versionOf', {
                      language: languageName(i.language ?? '', lang),
                      n: number.get(original.id),
                      title: original.title,
                    })}
                  </span>
                )}
                {i.versions.length > 0 && (
                  <span className="tag">
                    {t('programme.rundown.hasVersions', {
                      languages: i.versions
                        .map((v) => languageName(byId.get(v)?.language ?? '', lang))
                        .join(', '),
                    })}
                  </span>
                )}
                {flags.map((l) => (
                  <span key={l} className="missing-version" data-missing={l}>
                    {t('programme.rundown.missing', { language: languageName(l, lang) })}
                    {!disabled && (
                      <button
                        type="button"
                        className="link-btn small"
                        onClick={(e) => {
                          e.stopPropagation();
                          onAddVersion(i.id, l);
                        }}
                      >
                        {t('programme.rundown.addVersion')}
                      </button>
                    )}
                  </span>
                ))}
                {errs.map((m) => (
                  <span key={m} className="rundown-problem" role="note">
                    {m}
                  </span>
                ))}
              </div>
            </div>
          </li>
        );
      })}
      <li
        className={dropBefore === null ? 'rundown-end drop-before' : 'rundown-end'}
        onDragOver={(e) => onDragOver(e, null)}
        onDrop={(e) => onDrop(e, null)}
        aria-hidden="true"
      />
    </ol>
  );
}
