import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SegmentType } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';
import { HelpOverlay, InsertDialog } from './Dialogs';
import { DocumentPanel } from './DocumentPanel';
import { ExportPanel } from './ExportPanel';
import { HistoryPanel } from './HistoryPanel';
import { languageColor, segmentLabel } from './labels';
import { clampRange, rangeFromSeconds, type SampleRange, toSeconds } from './samples';
import { SegmentsPanel } from './SegmentsPanel';
import { stepText } from './step-labels';
import { ToolsPanel } from './ToolsPanel';
import { Transport } from './Transport';
import { useEditor } from './useEditor';
import { useEditorActions } from './useEditorActions';
import { useEditorKeys } from './useEditorKeys';
import { useEditorPlayback } from './useEditorPlayback';
import type { OverlayMarker, OverlaySegment } from './overlays';
import type { WaveController } from './wave-controller';
import { type PendingTime, WaveArea } from './WaveArea';

/**
 * The editor's screen: the selection and dialogs it shows, composed with the open edit
 * (`useEditor`), playback (`useEditorPlayback`), what the tools do (`useEditorActions`) and the
 * keyboard (`useEditorKeys`).
 */
export function EditorSession({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const ed = useEditor(assetId);
  const asset = useCall(() => client.api.library.get({ id: assetId }));
  const controller = useRef<WaveController | null>(null);
  const pendingTime = useRef<PendingTime | null>(null);
  const [selection, setSelection] = useState<SampleRange | null>(null);
  const [help, setHelp] = useState(false);
  const [inserting, setInserting] = useState(false);
  const [activeSegment, setActiveSegment] = useState<string | null>(null);
  const [waveError, setWaveError] = useState<string | null>(null);

  const project = ed.project;
  const length = project?.durationSamples ?? 0;
  const canEdit = !!project && project.problems.length === 0 && !ed.busy;
  const canPlay = !!ed.shown && length > 0;

  // The selection stays inside the edit when it gets shorter (undo of an insert, a trim…).
  useEffect(() => setSelection((s) => clampRange(s, length)), [length]);

  const playback = useEditorPlayback(controller, length, selection);
  const { playing, setPlaying, loop, setLoop, seek, playSelection } = playback;
  const edits = useEditorActions({
    ed,
    controller,
    pendingTime,
    selection,
    setSelection,
    playhead: playback.playhead,
    openInsert: () => setInserting(true),
  });
  const { actions, run, undo, redo, restore, hint } = edits;
  useEditorKeys({
    dialogOpen: help || inserting,
    controller,
    length,
    setSelection,
    edits,
    playback,
    openHelp: () => setHelp(true),
  });

  // ---- What the waveform draws --------------------------------------------------------------------
  const shownDoc = ed.shown?.document;
  const typeName = useCallback((x: SegmentType) => t(`editor.segments.types.${x}`), [t]);
  const overlaySegments = useMemo<OverlaySegment[]>(
    () =>
      (shownDoc?.segments ?? []).map((s) => ({
        id: s.id,
        startSec: toSeconds(s.start),
        endSec: toSeconds(s.end),
        label: segmentLabel(s, lang, typeName),
        color: languageColor(s.language),
        active: s.id === activeSegment,
      })),
    [shownDoc, lang, typeName, activeSegment],
  );
  const overlayMarkers = useMemo<OverlayMarker[]>(
    () => (shownDoc?.markers ?? []).map((m) => ({ id: m.id, atSec: toSeconds(m.at), label: m.label })),
    [shownDoc],
  );
  const onSelect = useCallback(
    (a: number, b: number) => setSelection(rangeFromSeconds(a, b, ed.shown?.durationSamples ?? 0)),
    [ed.shown],
  );

  /** A click on a segment in the lane selects its range and opens it in the panel. */
  const onSegment = useCallback(
    (id: string) => {
      const s = ed.shown?.document.segments.find((x) => x.id === id);
      if (!s) return;
      setActiveSegment(id);
      setSelection({ start: s.start, end: s.end });
    },
    [ed.shown],
  );

  const overlay = ed.rendering
    ? ed.rendering.purpose === 'analysis'
      ? t('editor.analysing')
      : ed.rendering.fraction !== null && ed.rendering.fraction > 0
        ? t('editor.renderingPercent', { percent: Math.round(ed.rendering.fraction * 100) })
        : t('editor.rendering')
    : null;

  // ---- Layout ------------------------------------------------------------------------------------
  const title = project?.title ?? asset.data?.title ?? '';
  const undoWhat = project?.undoStep && t('editor.undoWhat', { label: stepText(project.undoStep, t, lang) });
  const redoWhat = project?.redoStep && t('editor.redoWhat', { label: stepText(project.redoStep, t, lang) });
  return (
    <section className="screen editor-screen" aria-labelledby="editor-title" data-testid="editor">
      <header className="screen-head editor-head">
        <div className="editor-title">
          <h1 id="editor-title">
            {t('editor.title')}
            {title && <span className="editor-asset">: {title}</span>}
          </h1>
          <p className="muted small">{t('editor.safe')}</p>
          {/* Always there (empty before the first change), so that nothing moves when it fills. */}
          <p className="muted small undo-line" data-testid="undo-line">
            {[undoWhat, redoWhat].filter(Boolean).join(' · ')}
          </p>
        </div>
        <div className="row">
          <button
            type="button"
            className="btn"
            disabled={!project?.canUndo || ed.busy}
            onClick={undo}
            title={undoWhat ? `${undoWhat} (Ctrl+Z)` : 'Ctrl+Z'}
          >
            ↶ {t('editor.undo')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!project?.canRedo || ed.busy}
            onClick={redo}
            title={redoWhat ? `${redoWhat} (Ctrl+Y)` : 'Ctrl+Y'}
          >
            ↷ {t('editor.redo')}
          </button>
          <button type="button" className="btn" onClick={() => (location.hash = 'editor')}>
            {t('editor.openOther')}
          </button>
        </div>
      </header>

      {ed.preparing !== null && (
        <div className="banner banner-warning" role="status">
          {t('editor.preparing', { percent: Math.round(ed.preparing * 100) })}
        </div>
      )}
      {project && project.problems.length > 0 && (
        <div className="banner banner-error problems" role="alert" data-testid="editor-problems">
          <strong>{t('editor.problemsTitle')}</strong>
          <ul>
            {project.problems.map((p) => (
              <li key={`${p.code}-${p.assetId}`} data-code={p.code}>
                {p.message}
                {p.code === 'EDIT_ASSET_DELETED' && (
                  <button
                    type="button"
                    className="btn small-btn restore-btn"
                    onClick={() => restore(p.assetId)}
                  >
                    {t('editor.restore')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={ed.error} />
      {/* What the browser said about the audio is for a technician. */}
      <ErrorMessage
        error={
          waveError ? { code: 'UNAVAILABLE', message: t('editor.playbackError'), technical: waveError } : null
        }
      />
      {ed.notice && (
        <div className="banner banner-warning" role="status" data-testid="editor-notice">
          {ed.notice}
        </div>
      )}
      {hint && (
        <div className="banner banner-info" role="status">
          {hint}
        </div>
      )}

      {!project && !ed.error && (
        <div className="empty">
          {ed.preparing !== null ? t('editor.preparingShort') : t('editor.opening')}
        </div>
      )}
      {!project && ed.error && (
        <div className="row">
          {ed.error.code === 'EDIT_ASSET_DELETED' && (
            <button type="button" className="btn btn-primary" onClick={() => restore(assetId)}>
              {t('editor.restore')}
            </button>
          )}
          <button type="button" className="btn" onClick={ed.reload}>
            {t('editor.retry')}
          </button>
          <a className="btn" href="#library">
            {t('editor.toLibrary')}
          </a>
        </div>
      )}

      {project && (
        <>
          <div className="editor-body">
            <div className="editor-main">
              <Transport
                controller={controller}
                length={length}
                selection={selection}
                playing={playing}
                loop={loop}
                disabled={!canPlay}
                onPlayPause={() => controller.current?.playPause()}
                onPlaySelection={playSelection}
                onLoop={setLoop}
                onSeek={seek}
                onClearSelection={() => setSelection(null)}
                onZoom={(pps) => controller.current?.zoomTo(pps)}
                onZoomBy={(f) => controller.current?.zoomBy(f)}
                onHelp={() => setHelp(true)}
              />
              <div className={ed.shown ? 'wave-frame' : 'wave-frame hidden'}>
                <WaveArea
                  shown={ed.shown}
                  selection={selection}
                  segments={overlaySegments}
                  markers={overlayMarkers}
                  pendingTime={pendingTime}
                  controller={controller}
                  onSelect={onSelect}
                  onPlaying={setPlaying}
                  onSegment={onSegment}
                  onError={setWaveError}
                  effects={project.document.effects}
                  length={length}
                  onEnvelope={(points, replaces) =>
                    run({ type: 'envelope', points, ...(replaces ? { replaces } : {}) })
                  }
                  onRemoveEffect={(effectId) => run({ type: 'removeEffect', effectId })}
                  overlay={overlay}
                />
              </div>
              {!ed.shown && (
                <div className="empty wave-empty">
                  {length === 0
                    ? t('editor.empty')
                    : project.problems.length > 0
                      ? t('editor.noPreview')
                      : (overlay ?? t('editor.rendering'))}
                </div>
              )}
              <p className="muted small wave-help">{t('editor.waveHelp')}</p>

              <ToolsPanel
                actions={actions}
                hasSelection={!!selection}
                disabled={!canEdit}
                clipboard={ed.clipboard}
                loudness={project.document.loudness}
                normalizeGainDb={ed.shown?.preview.normalizeGainDb ?? null}
                lang={lang}
              />
              <DocumentPanel
                effects={project.document.effects}
                markers={project.document.markers}
                disabled={!canEdit}
                lang={lang}
                onRemoveEffect={(effectId) => void run({ type: 'removeEffect', effectId })}
                onRenameMarker={async (markerId, label) =>
                  !!(await ed.apply({ type: 'renameMarker', markerId, label }))
                }
                onRemoveMarker={(markerId) => void run({ type: 'removeMarker', markerId })}
                onGoTo={(at) => seek(toSeconds(at))}
              />
            </div>
            <div className="editor-panels">
              <SegmentsPanel
                segments={project.document.segments}
                selection={selection}
                disabled={!project || ed.busy}
                lang={lang}
                defaultLanguage={asset.data?.language ?? 'vie'}
                active={activeSegment}
                onActive={setActiveSegment}
                onAdd={async (d) =>
                  !!(await ed.addSegment({
                    start: d.start,
                    end: d.end,
                    language: d.language,
                    type: d.type,
                    title: d.title,
                    script: d.script.trim() === '' ? null : d.script,
                  }))
                }
                onUpdate={async (id, d) =>
                  !!(await ed.updateSegment(id, {
                    ...d,
                    ...(d.script !== undefined ? { script: d.script.trim() === '' ? null : d.script } : {}),
                  }))
                }
                onRemove={async (id) => {
                  if (activeSegment === id) setActiveSegment(null);
                  return !!(await ed.removeSegment(id));
                }}
                onSelectRange={(r) => {
                  setSelection({ start: r.start, end: r.end });
                  seek(toSeconds(r.start));
                }}
              />
              <ExportPanel
                projectId={project.id}
                disabled={project.problems.length > 0 || length === 0}
                lang={lang}
              />
              <HistoryPanel history={ed.history} disabled={ed.busy} lang={lang} onJump={edits.jumpTo} />
            </div>
          </div>
        </>
      )}

      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {inserting && (
        <InsertDialog
          exclude=""
          onInsert={(a) => {
            setInserting(false);
            edits.insertAsset(a);
          }}
          onClose={() => setInserting(false)}
        />
      )}
    </section>
  );
}
