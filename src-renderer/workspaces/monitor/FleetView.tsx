import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockStatus, MonitorAlarm, Station, StationHealth } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { useCall } from '../../ui/useCall';
import { useMay } from '../../studio/permissions';
import { formatDateTime, formatRecent, formatTime, localDay, today } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatSize } from '../../ui/format';
import { soundAlarm } from './alarm-tone';
import { MonitorSettingsForm } from './MonitorSettingsForm';
import { useMonitorState } from './useMonitorState';

/** While an alarm goes on, its beeps come back this often (until it ends or the sound is muted). */
const REPEAT_MS = 15_000;
const MUTE_KEY = 'studio.monitor.muted';

/**
 * "Cụm thu" tab: every station's health (đang phát / im lặng / mất kết nối, since when, bytes,
 * reconnects, last error), the alarms (active first; sounded while they go on unless muted), and
 * whether the PC's clock is synchronised, in plain words.
 */
export function FleetView() {
  const may = useMay();
  const { client } = useStudio();
  const monitor = useMonitorState();
  const state = monitor.data;
  // The monitor knows the stations the air has told it of; the registry names them all, so that
  // every station shows before the first air too (not on air: "Không phát").
  const registry = useCall(() => (may('stations.read') ? client.api.stations.list() : Promise.resolve(null)));
  const stations = everyStation(state?.stations ?? [], registry.data?.stations ?? []);
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTE_KEY) === '1');
  useAlarmSound(state?.alarms ?? [], muted);

  const toggleMute = () => {
    setMuted((m) => {
      localStorage.setItem(MUTE_KEY, m ? '0' : '1');
      return !m;
    });
  };

  return (
    <div className="monitor-fleet">
      <ErrorMessage error={monitor.error} />
      {state && (
        <>
          <div className="monitor-top">
            <ClockCard clock={state.clock} />
            <AlarmsCard alarms={state.alarms} muted={muted} onToggleMute={toggleMute} />
          </div>
          <StationsTable stations={stations} />
          {may('monitor.configure') && (
            <MonitorSettingsForm settings={state.settings} onSaved={monitor.reload} />
          )}
        </>
      )}
    </div>
  );
}

/** The monitor's stations, then the registry's enabled ones it has not seen yet, as not on air. */
function everyStation(health: StationHealth[], registry: Station[]): StationHealth[] {
  const known = new Set(health.map((h) => h.code));
  const idle = registry
    .filter((s) => s.enabled && !known.has(s.code))
    .map<StationHealth>((s) => ({
      code: s.code,
      name: s.name,
      status: 'idle',
      since: null,
      bytes: 0,
      reconnects: 0,
      lastError: null,
    }));
  return [...health, ...idle];
}

/** Beeps for every new active alarm, and again every REPEAT_MS while any goes on. */
function useAlarmSound(alarms: MonitorAlarm[], muted: boolean): void {
  const heard = useRef(new Set<string>());
  const last = useRef(0);
  const active = alarms.filter((a) => a.active);
  const key = active.map((a) => a.id).join(',');
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    const fresh = ids.some((id) => !heard.current.has(id));
    ids.forEach((id) => heard.current.add(id));
    if (muted || ids.length === 0) return;
    const ring = () => {
      last.current = Date.now();
      soundAlarm();
    };
    if (fresh || Date.now() - last.current >= REPEAT_MS) ring();
    const timer = setInterval(ring, REPEAT_MS);
    return () => clearInterval(timer);
  }, [key, muted]);
}

function ClockCard({ clock }: { clock: ClockStatus }) {
  const { t } = useTranslation();
  const word = clock.synchronised === null ? 'unknown' : clock.synchronised ? 'yes' : 'no';
  const tone =
    clock.synchronised === null ? 'status-warning' : clock.synchronised ? 'status-ok' : 'status-missing';
  return (
    <section className="card monitor-clock" data-testid="monitor-clock" data-synchronised={word}>
      <h2>
        {t('monitor.clock.title')}{' '}
        <span className={`status ${tone}`} data-testid="monitor-clock-word">
          {t(`monitor.clock.${word}`)}
        </span>
      </h2>
      <p>{clock.message}</p>
      {clock.source && (
        <p className="muted small">
          {t('monitor.clock.source', { source: clock.source })}
          {clock.offsetMs !== null &&
            `, ${t('monitor.clock.offset', { offset: `${clock.offsetMs > 0 ? '+' : ''}${clock.offsetMs}` })}`}
        </p>
      )}
    </section>
  );
}

function AlarmsCard({
  alarms,
  muted,
  onToggleMute,
}: {
  alarms: MonitorAlarm[];
  muted: boolean;
  onToggleMute(): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const active = alarms.filter((a) => a.active);
  // Active first, then the newest.
  const sorted = [...alarms].sort(
    (a, b) => Number(b.active) - Number(a.active) || b.since.localeCompare(a.since),
  );
  return (
    <section
      className={active.length ? 'card monitor-alarms alarming' : 'card monitor-alarms'}
      data-testid="monitor-alarms"
      aria-labelledby="monitor-alarms-title"
    >
      <div className="row spread">
        <h2 id="monitor-alarms-title">
          {t('monitor.alarms.title')}
          {active.length > 0 && (
            <span className="status status-missing monitor-alarm-count" role="status">
              {t('monitor.alarms.active', { count: active.length })}
            </span>
          )}
        </h2>
        <button
          type="button"
          className={muted ? 'btn btn-pressed small-btn' : 'btn small-btn'}
          aria-pressed={muted}
          data-testid="monitor-mute"
          onClick={onToggleMute}
        >
          {muted ? t('monitor.alarms.unmute') : t('monitor.alarms.mute')}
        </button>
      </div>
      {muted && <p className="muted small">{t('monitor.alarms.muted')}</p>}
      {sorted.length === 0 ? (
        <p className="muted">{t('monitor.alarms.none')}</p>
      ) : (
        <ul className="monitor-alarm-list" data-testid="monitor-alarm-list">
          {sorted.map((a) => (
            <li
              key={a.id}
              className={a.active ? 'monitor-alarm active' : 'monitor-alarm'}
              data-event={a.event}
              data-active={a.active}
            >
              <span className={a.active ? 'status status-missing' : 'status'}>
                {t(`monitor.alarms.kind.${a.event}`)}
              </span>
              <span className="monitor-alarm-text">{a.message}</span>
              <span className="muted small nowrap">
                {formatRecent(a.since, lang)}
                {!a.active &&
                  ` · ${t('monitor.alarms.ended')}, ${t('monitor.alarms.lasted', { seconds: Math.round(a.seconds) })}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Since when: to the second today (a station lost a minute ago), with its day before today. */
function sinceText(iso: string, lang: 'vi' | 'en'): string {
  return localDay(iso) === today() ? formatTime(iso, true) : formatDateTime(iso, lang);
}

const STATUS_TONE: Record<StationHealth['status'], string> = {
  playing: 'status-ok',
  silent: 'status-warning',
  disconnected: 'status-missing',
  idle: '',
};

function StationsTable({ stations }: { stations: StationHealth[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const count = (s: StationHealth['status']) => stations.filter((x) => x.status === s).length;
  return (
    <section className="card monitor-stations" aria-labelledby="monitor-stations-title">
      <div className="row spread">
        <h2 id="monitor-stations-title">{t('monitor.fleet.title')}</h2>
        <p className="muted small" data-testid="monitor-summary">
          {t('monitor.fleet.summary', {
            playing: count('playing'),
            silent: count('silent'),
            lost: count('disconnected'),
            idle: count('idle'),
          })}
        </p>
      </div>
      {stations.length === 0 ? (
        <p className="muted">{t('monitor.fleet.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table monitor-table" data-testid="monitor-stations">
            <thead>
              <tr>
                <th>{t('monitor.fleet.column.station')}</th>
                <th>{t('monitor.fleet.column.status')}</th>
                <th>{t('monitor.fleet.column.since')}</th>
                <th className="num">{t('monitor.fleet.column.bytes')}</th>
                <th className="num">{t('monitor.fleet.column.reconnects')}</th>
                <th>{t('monitor.fleet.column.error')}</th>
              </tr>
            </thead>
            <tbody>
              {stations.map((s) => (
                <tr key={s.code} data-station={s.code} data-status={s.status}>
                  <td>
                    <div className="monitor-station-name">{s.name}</div>
                    <code className="muted small">{s.code}</code>
                  </td>
                  <td>
                    <span className={`status ${STATUS_TONE[s.status]}`} data-testid="monitor-status">
                      {t(`monitor.fleet.status.${s.status}`)}
                    </span>
                  </td>
                  <td className="nowrap">{s.since ? sinceText(s.since, lang) : '—'}</td>
                  <td className="num">{formatSize(s.bytes, lang)}</td>
                  <td className="num">{s.reconnects}</td>
                  <td className="monitor-error">{s.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
