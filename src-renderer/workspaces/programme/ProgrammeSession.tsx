import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDate } from '../../ui/dates';
import { formatTimecode } from '../editor/samples';
import { AddItemDialog } from './AddItemDialog';
import { ApprovalBadge, ApprovalPanel, ReturnedBanner } from './ApprovalPanel';
import { ItemInspector, TrackInspector } from './ItemInspector';
import { PriorityBadge } from './labels';
import { LengthBar } from './LengthBar';
import { MetadataForm } from './MetadataForm';
import { RenderButton, RenderPanel, RenderStatus } from './RenderPanel';
import { Rundown } from './Rundown';
import { DuckingPanel, TemplatePanel } from './SidePanels';
import { SourcePanel } from './SourcePanel';
import { Timeline } from './Timeline';
import { useClipPeaks } from './useClipPeaks';
import { useApprovalRights } from './useApprovalRights';
import { useProgramme } from './useProgramme';
import { type Adding, useProgrammeActions } from './useProgrammeActions';
import { useProgrammeKeys } from './useProgrammeKeys';
import { useProgrammePlayer } from './useProgrammePlayer';
import { useProgrammeRender } from './useProgrammeRender';
import { TABS, useProgrammeSelection } from './useProgrammeSelection';

/**
 * The programme's screen: its dialogs and layout, composed with the open programme
 * (`useProgramme`), its player and render, the selection (`useProgrammeSelection`), what the
 * buttons and panels do (`useProgrammeActions`) and the keyboard (`useProgrammeKeys`).
 */
export function ProgrammeSession({ id }: { id: string }) {
  const { t } = useTranslation();
  const { settings } = useStudio();
  const lang = settings.uiLanguage;
  const p = useProgramme(id);
  const state = p.state;
  const peaks = useClipPeaks(state);
  const player = useProgrammePlayer(id, state?.analysis.lengthSamples ?? 0, state?.revision ?? 0);
  const render = useProgrammeRender(id, state, p.reload);
  const [adding, setAdding] = useState<Adding | null>(null);
  const [askTrash, setAskTrash] = useState(false);
  const rights = useApprovalRights(state);
  // Who may not change it (an approver, a reporter on another's programme) sees it read-only: the
  // edit actions hidden, the fields disabled; main refuses the calls anyway.
  const readOnly = !rights.change;
  const gone = !state || p.removed || state.deletedAt !== null;
  const disabled = gone || readOnly;

  const selection = useProgrammeSelection(state, player);
  const { items, selectedId, selected, selectedTrack, track, tab, setTab, select, selectTrack } = selection;
  const actions = useProgrammeActions({ id, p, selection, adding, setAdding, disabled });
  const { ripple, removed, change, remove, reorder, addItem, trackChange, step } = actions;
  useProgrammeKeys({ state, dialogOpen: !!adding, disabled, selection, actions, player });

  const panelColumn = useRef<HTMLDivElement>(null);
  /** A tab (the render's report, the approval), scrolled into view: on a laptop the tabs are below the fold. */
  const showTab = (x: 'render' | 'approval') => {
    setTab(x);
    // Once the tab is shown (it is `hidden` until React renders again).
    requestAnimationFrame(() => panelColumn.current?.scrollIntoView({ block: 'start' }));
  };

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
            {m.title} <PriorityBadge priority={m.priority} />{' '}
            <button
              type="button"
              className="approval-badge-btn"
              title={t('programme.approval.open')}
              onClick={() => showTab('approval')}
            >
              <ApprovalBadge state={state.approval.state} emergency={state.approval.emergency} />
            </button>
          </h1>
          {meta.length > 0 && <p className="muted small">{meta.join(' · ')}</p>}
        </div>
        <div className="programme-head-actions">
          <RenderStatus state={state} lang={lang} render={render} onShowReport={() => showTab('render')} />
          {!readOnly && (
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
          )}
        </div>
      </header>

      {emergency && (
        <div className="banner emergency-banner" role="status" data-testid="emergency-banner">
          ⚠ {t('programme.emergencyBanner')}
        </div>
      )}
      <ReturnedBanner state={state} lang={lang} />
      {p.removed && <div className="banner banner-warning">{t('programme.removedElsewhere')}</div>}
      {state.deletedAt !== null && !p.removed && (
        <div className="banner banner-warning row spread" data-testid="programme-in-trash">
          <span>{t('trash.programmeInTrash')}</span>
          <button type="button" className="btn small-btn" onClick={actions.restoreProgramme}>
            {t('trash.restore')}
          </button>
        </div>
      )}
      <ErrorMessage error={p.error ?? actions.error ?? player.error} />
      {removed && (
        <div className="banner banner-info row spread" role="status">
          <span>{t('programme.removedItem', { title: removed.title })}</span>
          <span className="row">
            <button type="button" className="btn small-btn" onClick={() => void actions.restore()}>
              {t('programme.restoreItem')}
            </button>
            <button type="button" className="btn small-btn" onClick={actions.dismissRemoved}>
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
        {!readOnly && (
          <label className="toggle" title={t('programme.rippleHint')}>
            <input type="checkbox" checked={ripple} onChange={(e) => actions.setRipple(e.target.checked)} />
            {t('programme.ripple')}
          </label>
        )}
        {p.busy && <span className="spinner" aria-label={t('app.loading')} />}
      </div>

      <div className={readOnly ? 'programme-stage read-only' : 'programme-stage'}>
        {!readOnly && (
          <SourcePanel
            lang={lang}
            onAdd={(d) =>
              void addItem(
                { trackId: selectedTrack ?? selected?.trackId ?? voiceTrack.id, source: d.source },
                { start: player.position, ripple: false },
              )
            }
          />
        )}
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

      {!readOnly && <p className="muted small keys-hint">{t('programme.keys')}</p>}
      <div className="programme-panels">
        <section className="card panel rundown-panel" aria-labelledby="rundown-title">
          <div className="row spread">
            <h2 id="rundown-title">{t('programme.rundown.title')}</h2>
            <span className="muted small">{t('programme.rundown.count', { count: items.length })}</span>
          </div>
          {!readOnly && <p className="muted small">{t('programme.rundown.hint')}</p>}
          <Rundown
            state={state}
            lang={lang}
            selectedId={selectedId}
            disabled={disabled}
            onSelect={select}
            onReorder={(itemId, beforeItemId) => void p.apply({ type: 'reorder', itemId, beforeItemId })}
            onAddVersion={(itemId, l) => void actions.addVersion(itemId, l)}
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
                  selection.setSelectedTrack(null);
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
            <RenderPanel state={state} lang={lang} render={render} readOnly={readOnly} />
          </div>
          <div hidden={tab !== 'approval'}>
            <ApprovalPanel state={state} lang={lang} rights={rights} disabled={gone} onChanged={p.show} />
          </div>
          <div hidden={tab !== 'template'}>
            <TemplatePanel state={state} />
            <section className="card panel programme-file">
              <h2>{t('programme.file.title')}</h2>
              <p className="muted small">{t('programme.file.intro')}</p>
              <div className="row wrap">
                <button type="button" className="btn" onClick={() => void actions.exportFile()}>
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
              {actions.exported && (
                <p className="ok-text small" role="status">
                  {t('programme.file.exported')} <code className="path">{actions.exported}</code>
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
          onConfirm={actions.trashProgramme}
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
          onChoose={(c) => void actions.choose(c)}
          onClose={() => setAdding(null)}
        />
      )}
    </section>
  );
}
