import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ProgrammeItemInput,
  ProgrammeItemPatch,
  ProgrammeItemView,
  ProgrammeState,
  ProgrammeTrack,
} from '../../../src-main/contract';
import { languageName } from '../../i18n/languages';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDate } from '../../ui/dates';
import { isTyping } from '../../ui/typing';
import { useUndoBar } from '../../ui/UndoBar';
import { formatTimecode } from '../editor/samples';
import { AddItemDialog, type Chosen } from './AddItemDialog';
import { ItemInspector, TrackInspector } from './ItemInspector';
import { PriorityBadge } from './labels';
import { LengthBar } from './LengthBar';
import { MetadataForm } from './MetadataForm';
import { appendPosition, reorderTarget } from './model';
import { RenderButton, RenderPanel, RenderStatus } from './RenderPanel';
import { Rundown } from './Rundown';
import { DuckingPanel, TemplatePanel } from './SidePanels';
import { SourcePanel } from './SourcePanel';
import { Timeline } from './Timeline';
import { useClipPeaks } from './useClipPeaks';
import { useProgramme } from './useProgramme';
import { useProgrammePlayer } from './useProgrammePlayer';
import { useProgrammeRender } from './useProgrammeRender';

type Tab = 'item' | 'meta' | 'ducking' | 'render' | 'template';
const TABS: Tab[] = ['item', 'meta', 'ducking', 'render', 'template'];

/** What `add` needs to put a removed item back (a new id: the model has no undo). */
function inputOf(item: ProgrammeItemView): ProgrammeItemInput {
  return {
    trackId: item.trackId,
    title: item.title,
    source: item.source,
    start: item.start,
    sourceStart: item.sourceStart,
    sourceEnd: item.sourceEnd,
    gainDb: item.gainDb,
    fadeIn: item.fadeIn,
    fadeOut: item.fadeOut,
    fadeCurve: item.fadeCurve,
    crossfade: item.crossfade,
    language: item.language,
    versionOf: item.versionOf,
    duck: item.duck,
  };
}

export function ProgrammeSession({ id }: { id: string }) {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const lang = settings.uiLanguage;
  const p = useProgramme(id);
  const state = p.state;
  const peaks = useClipPeaks(state);
  const player = useProgrammePlayer(id, state?.analysis.lengthSamples ?? 0, state?.revision ?? 0);
  const render = useProgrammeRender(id, state, p.reload);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [selectedTrack, setSelectedTrack] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('item');
  const [ripple, setRipple] = useState(true);
  const [adding, setAdding] = useState<{ trackId: string; filling: ProgrammeItemView | null } | null>(null);
  const [removed, setRemoved] = useState<ProgrammeItemView | null>(null);
  const [askTrash, setAskTrash] = useState(false);
  const offerUndo = useUndoBar();
  const [exported, setExported] = useState<string | null>(null);
  const [localError, setLocalError] = useState<StudioCallError | null>(null);

  const items = useMemo(() => state?.items ?? [], [state]);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const selected = items.find((i) => i.id === selectedId) ?? null;
  const track = state?.tracks.find((tr) => tr.id === selectedTrack) ?? null;
  const disabled = !state || p.removed || state.deletedAt !== null;

  // The selection goes when its item does (removed here or in another window).
  useEffect(() => {
    if (selectedId && state && !state.items.some((i) => i.id === selectedId)) setSelectedId(null);
  }, [state, selectedId]);

  const { playing, seek } = player;
  const select = useCallback(
    (itemId: string | null) => {
      setSelectedId(itemId);
      if (!itemId) return;
      setSelectedTrack(null);
      setTab('item');
      // Stopped, the playhead goes to the chosen item: Space then plays it in the mix.
      const item = itemsRef.current.find((i) => i.id === itemId);
      if (item && !playing) seek(item.start);
    },
    [playing, seek],
  );

  const selectTrack = (trackId: string) => {
    setSelectedId(null);
    setSelectedTrack(trackId);
    setTab('item');
  };

  /** Selects what a change added (the item that was not there before). */
  const selectNew = (before: ProgrammeState, after: ProgrammeState | null) => {
    if (!after) return;
    const had = new Set(before.items.map((i) => i.id));
    const added = after.items.find((i) => !had.has(i.id));
    if (added) select(added.id);
  };

  const change = (itemId: string, patch: ProgrammeItemPatch, withRipple = false) =>
    void p.apply({ type: 'update', itemId, patch, ...(withRipple ? { ripple: true } : {}) });

  const remove = async (item: ProgrammeItemView) => {
    const next = await p.apply({ type: 'remove', itemId: item.id, ...(ripple ? { ripple: true } : {}) });
    if (next) setRemoved(item);
  };

  const restore = async () => {
    if (!state || !removed) return;
    const before = state;
    const item = inputOf(removed);
    // The original it was a version of may be gone too.
    if (item.versionOf && !state.items.some((i) => i.id === item.versionOf)) item.versionOf = null;
    const next = await p.apply({ type: 'add', item, ...(ripple ? { ripple: true } : {}) });
    if (next) setRemoved(null);
    selectNew(before, next);
  };

  const reorder = (item: ProgrammeItemView, direction: -1 | 1) => {
    if (!state) return;
    const target = reorderTarget(state, item.id, direction);
    if (target) void p.apply({ type: 'reorder', itemId: item.id, beforeItemId: target.beforeItemId });
  };

  const addVersion = async (itemId: string, language: string) => {
    if (!state) return;
    const original = state.items.find((i) => i.id === itemId);
    if (!original) return;
    const next = await p.apply({
      type: 'add',
      item: {
        trackId: original.trackId,
        source: null,
        title: `${original.title} – ${languageName(language, 'vi')}`,
        start: original.end,
        sourceEnd: original.length,
        language,
        versionOf: original.id,
      },
      ripple: true,
    });
    selectNew(state, next);
  };

  const choose = async (c: Chosen) => {
    if (!state || !adding) return;
    const filling = adding.filling;
    setAdding(null);
    if (filling) {
      const next = await p.apply({
        type: 'update',
        itemId: filling.id,
        patch: { source: c.source },
        ...(ripple ? { ripple: true } : {}),
      });
      if (next) select(filling.id);
      return;
    }
    await addItem(c, appendPosition(state, c.trackId, selected));
  };

  /** Adds a chosen source (picker, or the sources panel) at `at.start`; selects the new item. */
  const addItem = async (c: Chosen, at: { start: number; ripple: boolean }) => {
    if (!state) return;
    const before = state;
    const next = await p.apply({
      type: 'add',
      item: {
        trackId: c.trackId,
        source: c.source,
        start: at.start,
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.language !== undefined ? { language: c.language } : {}),
        ...(c.sourceEnd !== undefined ? { sourceEnd: c.sourceEnd } : {}),
      },
      ...(at.ripple && ripple ? { ripple: true } : {}),
    });
    selectNew(before, next);
  };

  const trackChange = (tr: ProgrammeTrack, patch: { name?: string; gainDb?: number; muted?: boolean }) =>
    void p.apply({ type: 'updateTrack', trackId: tr.id, patch });

  const restoreProgramme = () => client.api.programme.restore({ id });
  /** To the trash and back to the list, with "Hoàn tác" offered there. */
  const trashProgramme = async () => {
    const title = state?.metadata.title ?? '';
    await client.api.programme.trash({ id });
    location.hash = 'programme';
    offerUndo({
      message: t('trash.programmeTrashed', { title }),
      undo: restoreProgramme,
      undone: t('trash.restored', { title }),
    });
  };

  const exportFile = async () => {
    setExported(null);
    try {
      setExported((await client.api.programme.export({ id })).file);
    } catch (err) {
      setLocalError(toStudioCallError(err));
    }
  };

  const panelColumn = useRef<HTMLDivElement>(null);
  /** The render tab with its report, scrolled into view: on a laptop the tabs are below the fold. */
  const showReport = () => {
    setTab('render');
    // Once the tab is shown (it is `hidden` until React renders again).
    requestAnimationFrame(() => panelColumn.current?.scrollIntoView({ block: 'start' }));
  };

  /** Undo (or redo) the latest programme change; the "removed" banner's restore no longer applies. */
  const step = (redo: boolean) => {
    if (!state || disabled || !(redo ? state.canRedo : state.canUndo)) return;
    setRemoved(null);
    void (redo ? p.redo() : p.undo());
  };

  // ---- Keyboard ------------------------------------------------------------------------------
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    // Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo (not while typing: the field keeps its own undo).
    const undoKey = (e.ctrlKey || e.metaKey) && !e.altKey && ['z', 'y'].includes(e.key.toLowerCase());
    if (undoKey && !adding && state && !isTyping(e)) {
      e.preventDefault();
      step(e.key.toLowerCase() === 'y' || e.shiftKey);
      return;
    }
    if (adding || !state || isTyping(e) || e.ctrlKey || e.metaKey) return;
    const k = items.findIndex((i) => i.id === selectedId);
    let handled = true;
    if (e.key === ' ') {
      player.toggle();
    } else if ((e.key === 'Delete' || e.key === 'Backspace') && selected && !disabled) {
      void remove(selected);
    } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown') && selected) {
      reorder(selected, e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      const prev = items[k < 0 ? items.length - 1 : Math.max(0, k - 1)];
      if (prev) select(prev.id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowRight') {
      const next = items[k < 0 ? 0 : Math.min(items.length - 1, k + 1)];
      if (next) select(next.id);
    } else if (e.key === 'Home' && items[0]) {
      select(items[0].id);
    } else if (e.key === 'End' && items.length > 0) {
      select(items[items.length - 1]!.id);
    } else if (e.key === 'Escape') {
      select(null);
      setSelectedTrack(null);
    } else handled = false;
    if (handled) e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!state) {
    return (
      <section className="screen programme-screen">
        <a href="#programme" className="link-btn">
          ← {t('programme.back')}
        </a>
        {p.error ? <ErrorMessage error={p.error} /> : <p className="muted">{t('app.loading')}</p>}
      </section>
    );
  }

  const m = state.metadata;
  const emergency = m.priority === 'emergency';
  const voiceTrack = state.tracks.find((tr) => tr.kind === 'voice')!;
  const meta = [
    m.date ? formatDate(m.date, lang) : null,
    m.subject || null,
    m.slots.length > 0 ? t('programme.head.slots', { slots: m.slots.join(', ') }) : null,
    m.communes.length > 0 ? t('programme.head.communes', { count: m.communes.length }) : null,
  ].filter((x): x is string => x !== null);

  return (
    <section
      className={emergency ? 'screen programme-screen emergency' : 'screen programme-screen'}
      aria-labelledby="programme-name"
      data-priority={m.priority}
    >
      <header className="screen-head programme-head">
        <div className="programme-head-text">
          <a href="#programme" className="link-btn small">
            ← {t('programme.back')}
          </a>
          <h1 id="programme-name">
            {m.title} <PriorityBadge priority={m.priority} />
          </h1>
          {meta.length > 0 && <p className="muted small">{meta.join(' · ')}</p>}
        </div>
        <div className="programme-head-actions">
          <RenderStatus state={state} lang={lang} render={render} onShowReport={showReport} />
          <div className="row">
            <button
              type="button"
              className="btn"
              disabled={disabled || !state.canUndo}
              onClick={() => step(false)}
              title={`${state.undoLabel ? t('programme.undoWhat', { label: state.undoLabel }) : t('programme.undo')} (Ctrl+Z)`}
              data-testid="programme-undo"
            >
              ↶ {t('programme.undo')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={disabled || !state.canRedo}
              onClick={() => step(true)}
              title={`${state.redoLabel ? t('programme.redoWhat', { label: state.redoLabel }) : t('programme.redo')} (Ctrl+Y)`}
              data-testid="programme-redo"
            >
              ↷ {t('programme.redo')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={disabled}
              onClick={() =>
                setAdding({
                  trackId: selected?.trackId ?? selectedTrack ?? voiceTrack.id,
                  filling: null,
                })
              }
            >
              + {t('programme.addItem')}
            </button>
            <RenderButton state={state} render={render} />
          </div>
        </div>
      </header>

      {emergency && (
        <div className="banner emergency-banner" role="status" data-testid="emergency-banner">
          ⚠ {t('programme.emergencyBanner')}
        </div>
      )}
      {p.removed && <div className="banner banner-warning">{t('programme.removedElsewhere')}</div>}
      {state.deletedAt !== null && !p.removed && (
        <div className="banner banner-warning row spread" data-testid="programme-in-trash">
          <span>{t('trash.programmeInTrash')}</span>
          <button
            type="button"
            className="btn small-btn"
            onClick={() =>
              void restoreProgramme().catch((err: unknown) => setLocalError(toStudioCallError(err)))
            }
          >
            {t('trash.restore')}
          </button>
        </div>
      )}
      <ErrorMessage error={p.error ?? localError ?? player.error} />
      {removed && (
        <div className="banner banner-info row spread" role="status">
          <span>{t('programme.removedItem', { title: removed.title })}</span>
          <span className="row">
            <button type="button" className="btn small-btn" onClick={() => void restore()}>
              {t('programme.restoreItem')}
            </button>
            <button type="button" className="btn small-btn" onClick={() => setRemoved(null)}>
              {t('app.close')}
            </button>
          </span>
        </div>
      )}

      <LengthBar state={state} lang={lang} />

      {state.analysis.problems.length > 0 && (
        <div className="banner banner-warning problems" data-testid="programme-problems">
          <strong>{t('programme.problems')}</strong>
          <ul>
            {state.analysis.problems.map((x, k) => (
              <li key={k} data-code={x.code}>
                {x.message}
                {x.itemId && (
                  <button type="button" className="link-btn" onClick={() => select(x.itemId)}>
                    {t('programme.showItem')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="row wrap programme-toolbar">
        <button
          type="button"
          className="btn play-btn"
          onClick={player.toggle}
          disabled={state.analysis.lengthSamples === 0}
          title="Space"
          data-testid="play"
        >
          {player.playing ? `❚❚ ${t('programme.player.pause')}` : `▶ ${t('programme.player.play')}`}
        </button>
        <span className="readout">
          <span className="readout-label">{t('programme.player.position')}</span>
          <span className="timecode" data-testid="play-position">
            {formatTimecode(player.position)} / {formatTimecode(state.analysis.lengthSamples)}
          </span>
        </span>
        {player.loading && <span className="muted small">{t('programme.player.loading')}</span>}
        <label className="toggle" title={t('programme.rippleHint')}>
          <input type="checkbox" checked={ripple} onChange={(e) => setRipple(e.target.checked)} />
          {t('programme.ripple')}
        </label>
        {p.busy && <span className="spinner" aria-label={t('app.loading')} />}
      </div>

      <div className="programme-stage">
        <SourcePanel
          lang={lang}
          onAdd={(d) =>
            void addItem(
              { trackId: selectedTrack ?? selected?.trackId ?? voiceTrack.id, source: d.source },
              { start: player.position, ripple: false },
            )
          }
        />
        <Timeline
          state={state}
          lang={lang}
          selectedId={selectedId}
          selectedTrack={selectedTrack}
          disabled={disabled}
          peaks={peaks}
          playhead={player.position}
          playing={player.playing}
          onSeek={player.seek}
          onSelect={select}
          onSelectTrack={selectTrack}
          onAdd={(trackId) => setAdding({ trackId, filling: null })}
          onChange={(itemId, patch) => change(itemId, patch, ripple && patch.sourceEnd !== undefined)}
          onToggleMute={(tr) => trackChange(tr, { muted: !tr.muted })}
          onDropSource={(trackId, start, d) =>
            void addItem({ trackId, source: d.source }, { start, ripple: false })
          }
        />
      </div>

      <p className="muted small keys-hint">{t('programme.keys')}</p>
      <div className="programme-panels">
        <section className="card panel rundown-panel" aria-labelledby="rundown-title">
          <div className="row spread">
            <h2 id="rundown-title">{t('programme.rundown.title')}</h2>
            <span className="muted small">{t('programme.rundown.count', { count: items.length })}</span>
          </div>
          <p className="muted small">{t('programme.rundown.hint')}</p>
          <Rundown
            state={state}
            lang={lang}
            selectedId={selectedId}
            disabled={disabled}
            onSelect={select}
            onReorder={(itemId, beforeItemId) => void p.apply({ type: 'reorder', itemId, beforeItemId })}
            onAddVersion={(itemId, l) => void addVersion(itemId, l)}
          />
        </section>
        <div className="panel-column" ref={panelColumn}>
          <div className="tabs" role="tablist" aria-label={t('programme.tabs.label')}>
            {TABS.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                aria-selected={tab === x}
                className={tab === x ? 'tab active' : 'tab'}
                onClick={() => setTab(x)}
              >
                {t(`programme.tabs.${x}`)}
              </button>
            ))}
          </div>
          <div hidden={tab !== 'item'}>
            {selected ? (
              <ItemInspector
                state={state}
                item={selected}
                lang={lang}
                disabled={disabled}
                ripple={ripple}
                playing={player.playing}
                actions={{
                  change: (patch, withRipple) => change(selected.id, patch, withRipple),
                  remove: () => void remove(selected),
                  chooseAudio: () => setAdding({ trackId: selected.trackId, filling: selected }),
                  reorder: (d) => reorder(selected, d),
                  audition: () => (player.playing ? player.pause() : player.play(selected.start)),
                }}
              />
            ) : track ? (
              <TrackInspector
                state={state}
                track={track}
                disabled={disabled}
                onChange={(patch) => trackChange(track, patch)}
                onRemove={() => {
                  setSelectedTrack(null);
                  void p.apply({ type: 'removeTrack', trackId: track.id });
                }}
                onAddVoiceTrack={() => void p.apply({ type: 'addTrack', kind: 'voice' })}
              />
            ) : (
              <div className="card panel">
                <p className="muted">{t('programme.inspector.none')}</p>
              </div>
            )}
          </div>
          <div hidden={tab !== 'meta'}>
            <MetadataForm
              metadata={m}
              lang={lang}
              disabled={disabled}
              onSave={async (patch) => (await p.update({ metadata: patch })) !== null}
            />
          </div>
          <div hidden={tab !== 'ducking'}>
            <DuckingPanel
              ducking={state.ducking}
              disabled={disabled}
              onChange={(ducking) => void p.update({ ducking })}
            />
          </div>
          <div hidden={tab !== 'render'}>
            <RenderPanel state={state} lang={lang} render={render} />
          </div>
          <div hidden={tab !== 'template'}>
            <TemplatePanel state={state} />
            <section className="card panel programme-file">
              <h2>{t('programme.file.title')}</h2>
              <p className="muted small">{t('programme.file.intro')}</p>
              <div className="row wrap">
                <button type="button" className="btn" onClick={() => void exportFile()}>
                  {t('programme.file.export')}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  disabled={disabled}
                  onClick={() => setAskTrash(true)}
                >
                  {t('trash.moveProgramme')}
                </button>
              </div>
              {exported && (
                <p className="ok-text small" role="status">
                  {t('programme.file.exported')} <code className="path">{exported}</code>
                </p>
              )}
            </section>
          </div>
        </div>
      </div>

      {askTrash && (
        <ConfirmDialog
          title={t('trash.programmeConfirmTitle', { title: state.metadata.title })}
          confirmLabel={t('trash.confirmTrash')}
          onConfirm={trashProgramme}
          onClose={() => setAskTrash(false)}
          testId="trash-dialog"
        >
          <p>{t('trash.programmeNote')}</p>
        </ConfirmDialog>
      )}
      {adding && (
        <AddItemDialog
          state={state}
          lang={lang}
          trackId={adding.trackId}
          filling={adding.filling}
          onChoose={(c) => void choose(c)}
          onClose={() => setAdding(null)}
        />
      )}
    </section>
  );
}
