import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveSource, LiveTarget } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { fieldTakesKey } from '../../ui/typing';
import { useCall } from '../../ui/useCall';
import { AddSourceDialog, type SourceRequest } from './AddSourceDialog';
import { EmergencyDialog } from './EmergencyDialog';
import { LiveMeter } from './LiveMeter';
import { LiveSettingsCard } from './LiveSettingsCard';
import {
  type DeskStation,
  emergencyRolesWords,
  mayEmergency,
  type PlannedSource,
  stationNames,
  stationsOf,
  targetWords,
} from './live-words';
import { OnAirSign } from './OnAirSign';
import { Prelisten, type PrelistenHandle } from './Prelisten';
import { SourcesPanel } from './SourcesPanel';
import { TargetPanel } from './TargetPanel';
import { useLive } from './useLive';

type Dialog = 'add' | 'stop' | 'emergency' | 'endEmergency' | { remove: LiveSource };

/** The keys of the desk, shown on their buttons (function keys no browser takes for itself). */
export const LIVE_KEYS = { start: 'F9', stop: 'F4', emergency: 'F8', add: 'N', prelisten: 'P' } as const;

/**
 * "Phát trực tiếp" (issue 15): one operator, hundreds of loudspeakers. The sign on top says what
 * is on air in words and colour; under it the sources and the meters on the left, the stations
 * the air goes to (each with its link) and pre-listen on the right. Everything that changes the
 * air goes through main and comes back as `live.state`: the screen never shows what it hoped.
 */
export function LiveScreen() {
  const { t } = useTranslation();
  const { client, user } = useStudio();
  const may = useMay();
  const canOperate = may('live.operate');
  const desk = useLive();
  const { state, meters, act } = desk;
  const registry = useCall(() => (may('stations.read') ? client.api.stations.list() : Promise.resolve(null)));
  const settings = useCall(() => client.api.live.settings());
  const [target, setTarget] = useState<LiveTarget>({ kind: 'all' });
  const [planned, setPlanned] = useState<PlannedSource[]>([]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const prelisten = useRef<PrelistenHandle>(null);
  const plannedSeq = useRef(0);

  const mode = state?.mode ?? 'off';
  const onAir = mode !== 'off';
  // Who may not read the registry (an announcer) still sees the stations the air reaches.
  const stations: DeskStation[] = useMemo(
    () =>
      registry.data?.stations ??
      (state?.stations ?? []).map((s) => ({ code: s.code, name: s.name, group: s.group, enabled: true })),
    [registry.data, state?.stations],
  );
  const reached = stationsOf(onAir && state?.target ? state.target : target, stations);
  const emergencyAllowed = mayEmergency(user, settings.data, may('live.emergency'));
  const liveTarget = onAir ? (state?.target ?? null) : null;

  // Stations come and go in the registry: a chosen set keeps only those still there.
  useEffect(() => {
    if (target.kind === 'group' && !stations.some((s) => s.enabled && s.group === target.group))
      setTarget({ kind: 'all' });
  }, [stations, target]);

  const goLive = () => {
    if (!canOperate || onAir || desk.busy || reached.length === 0) return;
    void act(async () => {
      const answer = await client.api.live.start({ target, sources: planned.map((p) => p.request) });
      setPlanned([]);
      return answer;
    });
  };
  const addSource = async (request: SourceRequest, label: string) => {
    if (!onAir) {
      setPlanned((list) => [...list, { key: `p${++plannedSeq.current}`, request, label }]);
      return;
    }
    // Thrown, so the dialog stays open with main's reason.
    await desk.confirm(() => client.api.live['source.add'](request));
  };

  // The desk's keys: not while typing, not while a dialog has the keyboard.
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (dialog || e.ctrlKey || e.altKey || e.metaKey || fieldTakesKey(e)) return;
    const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
    if (key === LIVE_KEYS.start && !onAir) goLive();
    else if (key === LIVE_KEYS.stop && onAir && canOperate) setDialog('stop');
    else if (key === LIVE_KEYS.emergency && emergencyAllowed)
      setDialog(mode === 'emergency' ? 'endEmergency' : 'emergency');
    else if (key === LIVE_KEYS.add && canOperate) setDialog('add');
    else if (key === LIVE_KEYS.prelisten) prelisten.current?.toggle();
    else return;
    e.preventDefault();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** A level as people read it: "−12.3 dBFS", "im lặng" below −90, "—" off the air. */
  const dbfs = (db: number | null) =>
    db === null ? '—' : db <= -90 ? t('live.meters.silent') : `${db.toFixed(1)} dBFS`;
  const emergencyWhy = emergencyAllowed
    ? null
    : t('live.emergency.notAllowed', { roles: emergencyRolesWords(t, settings.data) });
  return (
    <section
      className={`screen live-screen live-screen-${mode}`}
      aria-labelledby="live-title"
      data-testid="live-screen"
    >
      <header className="screen-head">
        <div>
          <h1 id="live-title">{t('live.title')}</h1>
          <p className="muted">{t('live.intro')}</p>
        </div>
      </header>

      <div className={`live-deck live-deck-${mode}`}>
        <OnAirSign state={state} />
        <div className="live-actions">
          {canOperate &&
            (onAir ? (
              <button
                type="button"
                className="btn live-btn live-btn-stop"
                disabled={desk.busy}
                onClick={() => setDialog('stop')}
                aria-keyshortcuts={LIVE_KEYS.stop}
                data-testid="live-stop"
              >
                ■ {t('live.stop')} <kbd>{LIVE_KEYS.stop}</kbd>
              </button>
            ) : (
              <button
                type="button"
                className="btn live-btn live-btn-start"
                disabled={desk.busy || reached.length === 0 || !state}
                onClick={goLive}
                aria-keyshortcuts={LIVE_KEYS.start}
                data-testid="live-start"
                title={reached.length === 0 ? t('live.noTargetStations') : undefined}
              >
                ● {t('live.start', { count: reached.length })} <kbd>{LIVE_KEYS.start}</kbd>
              </button>
            ))}
          {mode === 'emergency' ? (
            <button
              type="button"
              className="btn live-btn live-btn-end-emergency"
              disabled={desk.busy || !emergencyAllowed}
              onClick={() => setDialog('endEmergency')}
              aria-keyshortcuts={LIVE_KEYS.emergency}
              aria-describedby={emergencyWhy ? 'live-emergency-why' : undefined}
              data-testid="live-emergency-end"
            >
              {t('live.emergency.end')} <kbd>{LIVE_KEYS.emergency}</kbd>
            </button>
          ) : (
            <button
              type="button"
              className="btn live-btn live-btn-emergency"
              disabled={desk.busy || !emergencyAllowed || !state}
              onClick={() => setDialog('emergency')}
              aria-keyshortcuts={LIVE_KEYS.emergency}
              aria-describedby={emergencyWhy ? 'live-emergency-why' : undefined}
              data-testid="live-emergency"
            >
              ⚠ {t('live.emergency.button')} <kbd>{LIVE_KEYS.emergency}</kbd>
            </button>
          )}
          {emergencyWhy && (
            <p className="muted small live-why" id="live-emergency-why" data-testid="live-emergency-why">
              {emergencyWhy}
            </p>
          )}
          {!canOperate && <p className="muted small live-why">{t('live.watchOnly')}</p>}
        </div>
      </div>
      <ErrorMessage error={desk.error ?? settings.error} />
      {!onAir && canOperate && reached.length === 0 && state && (
        <p className="muted" data-testid="live-no-target">
          {t('live.noTargetStations')}
        </p>
      )}

      <div className="live-columns">
        <div className="live-column">
          <section className="card live-programme" aria-labelledby="live-programme-title">
            <div className="row spread wrap">
              <h2 id="live-programme-title">{t('live.meters.title')}</h2>
              {meters && meters.duckDb < -0.5 && (
                <span className="status status-warning" data-testid="live-ducking">
                  {t('live.meters.ducking', { db: Math.round(-meters.duckDb) })}
                </span>
              )}
            </div>
            <LiveMeter
              big
              peakDb={onAir && meters ? meters.programme.peakDb : null}
              rmsDb={onAir && meters ? meters.programme.rmsDb : null}
              label={t('live.meters.programme')}
              testId="live-programme-meter"
            />
            <div className="live-meter-values">
              <span>
                {t('live.meters.peak')}:{' '}
                <strong data-testid="live-peak">
                  {dbfs(onAir && meters ? meters.programme.peakDb : null)}
                </strong>
              </span>
              <span>
                {t('live.meters.rms')}:{' '}
                <strong>{dbfs(onAir && meters ? meters.programme.rmsDb : null)}</strong>
              </span>
              {onAir && meters && meters.programme.clipped > 0 && (
                <span className="bad-text">
                  {t('live.meters.clipped', { count: meters.programme.clipped })}
                </span>
              )}
            </div>
          </section>
          <SourcesPanel
            live={onAir}
            sources={state?.sources ?? []}
            planned={planned}
            meters={meters}
            canOperate={canOperate}
            busy={desk.busy}
            onAdd={() => setDialog('add')}
            onRemovePlanned={(key) => setPlanned((list) => list.filter((p) => p.key !== key))}
            onLevel={(id, levelDb) => void act(() => client.api.live['source.level']({ id, levelDb }))}
            onPlay={(id) => void act(() => client.api.live['source.play']({ id }))}
            onPause={(id) => void act(() => client.api.live['source.pause']({ id }))}
            onRemove={(source) => setDialog({ remove: source })}
          />
        </div>
        <div className="live-column">
          <TargetPanel
            stations={stations}
            linkStates={state?.stations ?? []}
            target={target}
            onTarget={setTarget}
            locked={onAir}
            liveTarget={liveTarget}
            canChoose={canOperate}
            canAddStations={may('stations.write')}
          />
          <Prelisten ref={prelisten} onAir={onAir} />
          {may('settings.write') && settings.data && (
            <LiveSettingsCard settings={settings.data} onAir={onAir} onSaved={() => settings.reload()} />
          )}
        </div>
      </div>

      {dialog === 'add' && <AddSourceDialog onAdd={addSource} onClose={() => setDialog(null)} />}
      {dialog === 'stop' && (
        <ConfirmDialog
          testId="live-stop-dialog"
          title={t('live.stopTitle', { count: state?.stations.filter((s) => s.targeted).length ?? 0 })}
          confirmLabel={`■ ${t('live.stop')}`}
          onConfirm={() => desk.confirm(() => client.api.live.stop())}
          onClose={() => setDialog(null)}
        >
          <p>{t('live.stopBody', { target: targetWords(t, state?.target ?? null) })}</p>
        </ConfirmDialog>
      )}
      {dialog === 'emergency' && (
        <EmergencyDialog
          stations={stations}
          liveTarget={liveTarget}
          deskTarget={target}
          onStart={(request) => desk.confirm(() => client.api.live['emergency.start'](request))}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'endEmergency' && state?.emergency && (
        <ConfirmDialog
          testId="live-end-emergency-dialog"
          title={t('live.emergency.endTitle')}
          confirmLabel={t('live.emergency.end')}
          onConfirm={() => desk.confirm(() => client.api.live['emergency.end']())}
          onClose={() => setDialog(null)}
        >
          <p>
            {t('live.emergency.endBody', {
              stations: stationNames(
                stations.filter((s) => state.emergency?.codes.includes(s.code)),
                t,
              ),
            })}
          </p>
        </ConfirmDialog>
      )}
      {typeof dialog === 'object' && dialog !== null && (
        <ConfirmDialog
          testId="live-remove-dialog"
          title={t('live.sources.removeTitle', { name: dialog.remove.label })}
          confirmLabel={t('live.sources.remove')}
          onConfirm={() => desk.confirm(() => client.api.live['source.remove']({ id: dialog.remove.id }))}
          onClose={() => setDialog(null)}
        >
          <p>{dialog.remove.onAir ? t('live.sources.removeOnAir') : t('live.sources.removeBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
