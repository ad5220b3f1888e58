import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset, EditOpRequestIn, EditProjectState, SegmentType } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';
import { HelpOverlay, InsertDialog } from './Dialogs';
import { DocumentPanel } from './DocumentPanel';
import { ExportPanel } from './ExportPanel';
import { HistoryPanel } from './HistoryPanel';
import { languageColor, segmentLabel } from './labels';
import {
  clampRange,
  formatTimecode,
  rangeFromSeconds,
  type SampleRange,
  toSamples,
  toSeconds,
} from './samples';
import { SegmentsPanel } from './SegmentsPanel';
import { stepText } from './step-labels';
import { type EditActions, ToolsPanel } from './ToolsPanel';
import { Transport } from './Transport';
import { useEditor } from './useEditor';
import type { OverlayMarker, OverlaySegment } from './overlays';
import type { WaveController } from './wave-controller';
import { type PendingTime, WaveArea } from './WaveArea';

/**
 * Keys are the editor's only while no field has the focus: typing a title must not cut audio, and
 * the arrows of a focused slider move the slider.
 */
function typing(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  if (type === 'range') return /^(Arrow|Home$|End$|Page)/.test(e.key);
  return !['checkbox', 'radio', 'button', 'submit'].includes(type);
}

export function EditorSession({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const ed = useEditor(assetId);
  const asset = useCall(() => client.api.library.get({ id: assetId }));
  const controller = useRef<WaveController | null>(null);
  const pendingTime = useRef<PendingTime | null>(null);
  const [selection, setSelection] = useState<SampleRange | null>(null);
  const [playing, setPlaying] = useState(false);
  const [loop, setLoopState] = useState(false);
  const [help, setHelp] = useState(false);
  const [inserting, setInserting] = useState(false);
  const [activeSegment, setActiveSegment] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [waveError, setWaveError] = useState<string | null>(null);

  const project = ed.project;
  const length = project?.durationSamples ?? 0;
  const canEdit = !!project && project.problems.length === 0 && !ed.busy;
  const canPlay = !!ed.shown && length > 0;

  // The selection stays inside the edit when it gets shorter (undo of an insert, a trim…).
  useEffect(() => setSelection((s) => clampRange(s, length)), [length]);
  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => setHint(null), 4000);
    return () => clearTimeout(timer);
  }, [hint]);

  const playhead = useCallback(() => toSamples(controller.current?.getTime() ?? 0, length), [length]);

  const seek = useCallback((seconds: number) => {
    const c = controller.current;
    if (!c) return;
    c.setTime(seconds);
    const v = c.view();
    if (seconds < v.visibleStart || seconds > v.visibleEnd) c.scrollToTime(seconds);
  }, []);

  const needSelection = useCallback((): SampleRange | null => {
    if (!selection) setHint(t('editor.tools.needSelection'));
    return selection;
  }, [selection, t]);

  /**
   * Applies an operation; `after` places the selection, and with `place` the playhead, in the new
   * edit. The playhead goes there once the new preview has loaded, unless the person has moved it
   * since asking (previews can take a while, and lag several changes behind on a busy machine).
   */
  const run = useCallback(
    async (
      op: EditOpRequestIn,
      after?: (next: EditProjectState, before: number, place: (seconds: number) => void) => void,
    ) => {
      if (!project) return;
      const c = controller.current;
      c?.pause();
      const from = c?.getTime() ?? 0;
      const before = project.durationSamples;
      const next = await ed.apply(op);
      if (next && after)
        after(next, before, (at) => {
          pendingTime.current = { at, from };
        });
    },
    [ed, project],
  );

  const removeRange = useCallback(
    (type: 'cut' | 'delete') => {
      const s = needSelection();
      if (!s) return;
      void run({ type, start: s.start, end: s.end }, (_next, _before, place) => {
        place(toSeconds(s.start));
        setSelection(null);
      });
    },
    [needSelection, run],
  );

  /** After an insert, the inserted audio is selected. */
  const selectInserted =
    (at: number, replaced: number) =>
    (next: EditProjectState, before: number, place: (seconds: number) => void) => {
      const inserted = next.durationSamples - before + replaced;
      setSelection(inserted > 0 ? { start: at, end: at + inserted } : null);
      place(toSeconds(at));
    };

  const rangeOrWhole = () => selection ?? (length > 0 ? { start: 0, end: length } : null);

  const actions: EditActions = {
    cut: () => removeRange('cut'),
    remove: () => removeRange('delete'),
    copy: () => {
      const s = needSelection();
      if (!s) return;
      void ed.copy(s.start, s.end).then((info) => {
        if (info?.ok) setHint(t('editor.tools.copied', { length: formatTimecode(info.lengthSamples) }));
      });
    },
    paste: () => {
      const at = selection ? selection.start : playhead();
      const replaced = selection ? selection.end - selection.start : 0;
      void run(
        { type: 'paste', at, ...(selection ? { replaceEnd: selection.end } : {}) },
        selectInserted(at, replaced),
      );
    },
    trim: () => {
      const s = needSelection();
      if (!s) return;
      void run({ type: 'trim', start: s.start, end: s.end }, (_next, _before, place) => {
        place(0);
        setSelection(null);
      });
    },
    split: () => {
      const at = playhead();
      if (at <= 0 || at >= length) {
        setHint(t('editor.tools.splitInside'));
        return;
      }
      void run({ type: 'split', at });
    },
    silence: () => {
      const s = needSelection();
      if (s) void run({ type: 'silence', start: s.start, end: s.end });
    },
    marker: () => {
      if (length > 0) void run({ type: 'addMarker', at: Math.min(playhead(), length - 1) });
    },
    insert: () => setInserting(true),
    gain: (gainDb) => {
      const s = needSelection();
      if (s) void run({ type: 'gain', start: s.start, end: s.end, gainDb });
    },
    fade: (direction, curve) => {
      const s = needSelection();
      if (s) void run({ type: 'fade', direction, start: s.start, end: s.end, curve });
    },
    normalize: (targetLufs, onlySelection) => {
      const s = onlySelection ? selection : null;
      void run({ type: 'normalize', targetLufs, ...(s ? { start: s.start, end: s.end } : {}) });
    },
    shorten: (thresholdDb, minSilenceMs, keepMs) => {
      const s = selection;
      void run(
        {
          type: 'shortenSilences',
          thresholdDb,
          minSilenceMs,
          keepMs,
          ...(s ? { start: s.start, end: s.end } : {}),
        },
        (next, before) => {
          if (next.durationSamples !== before) setSelection(null);
        },
      );
    },
    declick: () => {
      const r = rangeOrWhole();
      if (r) void run({ type: 'declick', start: r.start, end: r.end });
    },
  };

  const insertAsset = (a: Asset) => {
    setInserting(false);
    const at = selection ? selection.start : playhead();
    const replaced = selection ? selection.end - selection.start : 0;
    void run(
      { type: 'insertAsset', at, assetId: a.id, ...(selection ? { replaceEnd: selection.end } : {}) },
      selectInserted(at, replaced),
    );
  };

  const markIn = () => {
    const at = playhead();
    if (at >= length) return;
    setSelection((s) => (s && at < s.end ? { start: at, end: s.end } : { start: at, end: length }));
  };
  const markOut = () => {
    const at = playhead();
    if (at <= 0) return;
    setSelection((s) => (s && at > s.start ? { start: s.start, end: at } : { start: 0, end: at }));
  };

  const setLoop = (on: boolean) => {
    setLoopState(on);
    controller.current?.setLoop(on);
  };
  const playSelection = () => {
    const c = controller.current;
    if (!c || !selection) return;
    c.playRange(toSeconds(selection.start), toSeconds(selection.end));
  };
  const undo = () => {
    controller.current?.pause();
    void ed.undo();
  };
  const redo = () => {
    controller.current?.pause();
    void ed.redo();
  };

  // ---- Keyboard ----------------------------------------------------------------------------------
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (help || inserting) return; // The dialog has the keyboard.
    if (typing(e)) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    const c = controller.current;
    let handled = true;
    if (ctrl && !e.altKey) {
      const k = key.toLowerCase();
      if (k === 'x') actions.cut();
      else if (k === 'c') actions.copy();
      else if (k === 'v') actions.paste();
      else if (k === 'z' && e.shiftKey) redo();
      else if (k === 'z') undo();
      else if (k === 'y') redo();
      else if (k === 'a') setSelection(length > 0 ? { start: 0, end: length } : null);
      else handled = false;
    } else if (e.altKey) {
      handled = false;
    } else if (key === ' ') {
      if (e.shiftKey) playSelection();
      else c?.playPause();
    } else if (key === 'i' || key === 'I') markIn();
    else if (key === 'o' || key === 'O') markOut();
    else if (key === 'Delete') actions.remove();
    else if (key === 'm' || key === 'M') actions.marker();
    else if (key === 'l' || key === 'L') setLoop(!loop);
    else if (key === 'g' || key === 'G') c?.toggleEnvelope();
    else if (key === '+' || key === '=' || e.code === 'NumpadAdd') c?.zoomBy(1.6);
    else if (key === '-' || key === '_' || e.code === 'NumpadSubtract') c?.zoomBy(1 / 1.6);
    else if (key === 'Home') seek(0);
    else if (key === 'End') seek(toSeconds(length));
    else if (key === 'ArrowLeft') seek(Math.max(0, (c?.getTime() ?? 0) - (e.shiftKey ? 0.1 : 1)));
    else if (key === 'ArrowRight')
      seek(Math.min(toSeconds(length), (c?.getTime() ?? 0) + (e.shiftKey ? 0.1 : 1)));
    else if (key === '?' || key === 'F1') setHelp(true);
    else if (key === 'Escape') setSelection(null);
    else handled = false;
    if (handled) e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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

  /** Takes a trashed asset out of the trash, then opens the edit again. */
  const restore = (id: string) => {
    client.api.library
      .restore({ id })
      .then(() => ed.reload())
      .catch((err: unknown) => ed.showError(toStudioCallError(err)));
  };

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
              <HistoryPanel
                history={ed.history}
                disabled={ed.busy}
                lang={lang}
                onJump={(position) => {
                  controller.current?.pause();
                  void ed.jumpTo(position);
                }}
              />
            </div>
          </div>
        </>
      )}

      {help && <HelpOverlay onClose={() => setHelp(false)} />}
      {inserting && <InsertDialog exclude="" onInsert={insertAsset} onClose={() => setInserting(false)} />}
    </section>
  );
}
