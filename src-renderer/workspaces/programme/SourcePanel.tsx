import { type DragEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditProjectState, ProgrammeSource, UiLanguage } from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../ui/format';
import { useCall } from '../../ui/useCall';
import { languageColor } from '../editor/labels';
import { formatTimecode } from '../editor/samples';
import { samplesOf } from './model';

/** What a source of the panel carries when it is dragged onto a track (or added with Enter). */
export interface DraggedSource {
  /** Voice items take the asset's or segment's language (main reads it from the source). */
  source: ProgrammeSource;
  /**
   * Length in samples at 48 kHz, so that a drop snaps its end as well as its start (an asset's is
   * from its duration, within a sample of what main decodes).
   */
  length: number;
}

/** The drag-and-drop type of a source from the panel. */
export const SOURCE_MIME = 'application/x-studio-programme-source';

export function readDraggedSource(e: DragEvent): DraggedSource | null {
  const raw = e.dataTransfer.getData(SOURCE_MIME);
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as DraggedSource;
    return { source: d.source, length: Number.isFinite(d.length) ? Math.max(0, d.length) : 0 };
  } catch {
    return null;
  }
}

function SourceRow({
  dragged,
  title,
  detail,
  color,
  onAdd,
}: {
  dragged: DraggedSource;
  title: string;
  detail: string;
  color?: string;
  onAdd(d: DraggedSource): void;
}) {
  const { t } = useTranslation();
  return (
    <li
      className="source-item"
      draggable
      tabIndex={0}
      title={t('programme.sources.dragHint')}
      data-source-kind={dragged.source.kind}
      onDragStart={(e) => {
        e.dataTransfer.setData(SOURCE_MIME, JSON.stringify(dragged));
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        e.stopPropagation();
        onAdd(dragged);
      }}
    >
      <span className="source-title">
        {color && <span className="swatch-dot" style={{ background: color }} />}
        {title}
      </span>
      <span className="muted small">{detail}</span>
    </li>
  );
}

/**
 * The programme's sources, beside the timeline: library assets (searched by main, which folds
 * Vietnamese marks) and the segments of editor projects. Drag one onto a track, or focus it and
 * press Enter to add it at the playhead on the selected track.
 */
export function SourcePanel({ lang, onAdd }: { lang: UiLanguage; onAdd(d: DraggedSource): void }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [open, setOpen] = useState(true);
  const [text, setText] = useState('');
  const assets = useCall(() =>
    client.api.library.list({ text: text.trim() === '' ? undefined : text.trim(), limit: 200 }),
  );
  const { reload } = assets;
  useEffect(() => {
    const timer = setTimeout(reload, 150);
    return () => clearTimeout(timer);
  }, [text, reload]);
  const projects = useCall(() => client.api.edit.list({}));
  const [edits, setEdits] = useState<EditProjectState[]>([]);
  const [error, setError] = useState<StudioCallError | null>(null);
  const projectIds = (projects.data ?? []).map((p) => p.id).join(',');

  // Each project's segments (edit.open), once the list is known.
  useEffect(() => {
    if (!projectIds) return;
    let live = true;
    Promise.all(projectIds.split(',').map((projectId) => client.api.edit.open({ projectId })))
      .then((list) => live && setEdits(list))
      .catch((err: unknown) => live && setError(toStudioCallError(err)));
    return () => {
      live = false;
    };
  }, [client, projectIds]);

  if (!open) {
    return (
      <aside className="source-panel collapsed" aria-label={t('programme.sources.title')}>
        <button
          type="button"
          className="btn small-btn source-toggle"
          aria-expanded={false}
          onClick={() => setOpen(true)}
          title={t('programme.sources.show')}
        >
          ▸ {t('programme.sources.title')}
        </button>
      </aside>
    );
  }

  const items = (assets.data?.items ?? []).filter((a) => a.deletedAt === null);
  const segments = edits.flatMap((p) => p.document.segments.map((s) => ({ project: p, segment: s })));
  return (
    <aside className="source-panel card" aria-labelledby="sources-title" data-testid="source-panel">
      <div className="row spread">
        <h2 id="sources-title">{t('programme.sources.title')}</h2>
        <button
          type="button"
          className="btn small-btn"
          aria-expanded={true}
          onClick={() => setOpen(false)}
          aria-label={t('programme.sources.hide')}
          title={t('programme.sources.hide')}
        >
          <span aria-hidden="true">◂</span>
        </button>
      </div>
      <p className="muted small">{t('programme.sources.hint')}</p>
      <ErrorMessage error={error ?? assets.error ?? projects.error} />
      <h3>{t('programme.sources.library')}</h3>
      <input
        className="input"
        type="search"
        value={text}
        placeholder={t('editor.pick.search')}
        aria-label={t('editor.pick.search')}
        onChange={(e) => setText(e.target.value)}
      />
      {items.length === 0 && !assets.loading ? (
        <p className="muted small">{text.trim() ? t('editor.pick.noMatch') : t('editor.pick.empty')}</p>
      ) : (
        <ul className="source-list" data-testid="source-assets">
          {items.map((a) => (
            <SourceRow
              key={a.id}
              dragged={{
                source: { kind: 'asset', assetId: a.id },
                length: samplesOf(a.durationSec),
              }}
              title={a.title}
              detail={`${languageName(a.language, lang)} · ${formatDuration(a.durationSec)}`}
              onAdd={onAdd}
            />
          ))}
        </ul>
      )}
      <h3>{t('programme.sources.segments')}</h3>
      {segments.length === 0 ? (
        <p className="muted small">{t('programme.sources.noSegments')}</p>
      ) : (
        <ul className="source-list" data-testid="source-segments">
          {segments.map(({ project, segment: s }) => (
            <SourceRow
              key={`${project.id}/${s.id}`}
              dragged={{
                source: { kind: 'edit', projectId: project.id, segmentId: s.id },
                length: s.end - s.start,
              }}
              title={s.title || t(`editor.segments.types.${s.type}`)}
              detail={`${t(`editor.segments.types.${s.type}`)} · ${languageName(s.language, lang)} · ${formatTimecode(s.end - s.start)} · ${project.title}`}
              color={languageColor(s.language)}
              onAdd={onAdd}
            />
          ))}
        </ul>
      )}
    </aside>
  );
}
