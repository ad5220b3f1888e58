import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BroadcastLogEntry, BroadcastLogList } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { DateField } from '../../ui/DateField';
import { formatDateTime, formatTime, localDay, today } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { baseName } from '../../ui/SaveAsDialog';
import { useCall } from '../../ui/useCall';
import { useFileExport } from '../../ui/useFileExport';

/** Entries shown at once; the CSV has them all. */
const LIMIT = 500;

interface Filter {
  from?: string;
  to?: string;
  station?: string;
}

/**
 * "Nhật ký phát sóng" tab: what aired, when, to which stations, who started it and how it ended,
 * newest first, filtered by days and station; the same filter exported as CSV (`broadcastLog.export`).
 */
export function BroadcastLogView() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { client } = useStudio();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [station, setStation] = useState('');
  const filter: Filter = {
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(station ? { station } : {}),
  };
  const key = JSON.stringify(filter);
  const stations = useCall(() => client.api.stations.list());
  const [list, setList] = useState<BroadcastLogList | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const seq = useRef(0);
  const [changed, setChanged] = useState(0);

  useEffect(() => client.api.on('broadcastLog.changed', () => setChanged((n) => n + 1)), [client]);
  useEffect(() => {
    const mine = ++seq.current;
    client.api.broadcastLog
      .list({ ...(JSON.parse(key) as Filter), limit: LIMIT })
      .then((l) => {
        if (mine !== seq.current) return;
        setList(l);
        setError(null);
      })
      .catch((err: unknown) => mine === seq.current && setError(toStudioCallError(err)));
  }, [client, key, changed]);

  // The list answers oldest first; the desk reads the newest first.
  const entries = [...(list?.entries ?? [])].reverse();
  const filtered = key !== '{}';
  return (
    <div className="monitor-log">
      <div className="filters" role="search">
        <DateField
          label={t('monitor.log.from')}
          labelClassName="inline"
          value={from}
          onChange={setFrom}
          testId="log-from"
        />
        <DateField
          label={t('monitor.log.to')}
          labelClassName="inline"
          value={to}
          onChange={setTo}
          testId="log-to"
        />
        <select
          className="input"
          aria-label={t('monitor.log.station')}
          data-testid="log-station"
          value={station}
          onChange={(e) => setStation(e.target.value)}
        >
          <option value="">{t('monitor.log.allStations')}</option>
          {(stations.data?.stations ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {s.name} ({s.code})
            </option>
          ))}
        </select>
        <LogCsvExport filter={filter} />
      </div>
      <ErrorMessage error={error ?? stations.error} />
      <p className="muted small" data-testid="log-count" aria-live="polite">
        {list && list.total > entries.length
          ? t('monitor.log.shown', { shown: entries.length, count: list.total })
          : t('monitor.log.count', { count: list?.total ?? 0 })}
      </p>
      {entries.length > 0 ? (
        <div className="table-wrap">
          <table className="table monitor-log-table" data-testid="log-table">
            <thead>
              <tr>
                <th>{t('monitor.log.column.start')}</th>
                <th>{t('monitor.log.column.end')}</th>
                <th>{t('monitor.log.column.what')}</th>
                <th>{t('monitor.log.column.stations')}</th>
                <th>{t('monitor.log.column.by')}</th>
                <th>{t('monitor.log.column.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <LogRow key={e.id} entry={e} lang={lang} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        list && <div className="empty">{filtered ? t('monitor.log.noMatch') : t('monitor.log.empty')}</div>
      )}
    </div>
  );
}

function LogRow({ entry: e, lang }: { entry: BroadcastLogEntry; lang: 'vi' | 'en' }) {
  const { t } = useTranslation();
  // The end on the same day as the start shows as a time only.
  const end =
    e.actualEnd === null
      ? null
      : localDay(e.actualEnd) === localDay(e.actualStart)
        ? formatTime(e.actualEnd, true)
        : formatDateTime(e.actualEnd, lang);
  return (
    <tr data-entry={e.id} data-kind={e.kind} data-outcome={e.outcome ?? 'on-air'}>
      <td className="nowrap">
        {formatDateTime(e.actualStart, lang)}
        {e.scheduledStart && (
          <div className="muted small">
            {t('monitor.log.scheduled', { time: formatTime(e.scheduledStart) })}
          </div>
        )}
      </td>
      <td className="nowrap">{end ?? <span className="status status-ok">{t('monitor.log.onAir')}</span>}</td>
      <td>
        <div className="monitor-log-title">
          {e.kind === 'emergency' ? (
            <span className="tag tag-warn">{t(`monitor.log.kind.${e.kind}`)}</span>
          ) : (
            <span className="tag">{t(`monitor.log.kind.${e.kind}`)}</span>
          )}{' '}
          {e.title}
        </div>
        {e.interruptions.map((i) => (
          <div key={i.at} className="small monitor-interruption">
            {t('monitor.log.interruption', {
              time: formatTime(i.at, true),
              seconds: Math.round(i.seconds),
              reason: i.reason,
            })}
          </div>
        ))}
        {e.note && <div className="small muted">{e.note}</div>}
      </td>
      <td className="small">
        {e.stations.map((s) => (
          <div key={s.code}>
            {t('monitor.log.stationSeconds', { code: s.code, seconds: Math.round(s.seconds) })}
          </div>
        ))}
      </td>
      <td>{e.startedBy}</td>
      <td>{e.outcome ? t(`monitor.log.outcome.${e.outcome}`) : '—'}</td>
    </tr>
  );
}

/** "Xuất CSV…" of what the filter shows, as the audit log exports (the studio's own save window on the web). */
function LogCsvExport({ filter }: { filter: Filter }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const button = useRef<HTMLButtonElement>(null);
  const csv = useFileExport({
    title: t('monitor.log.export.title'),
    initialName: `nhat-ky-phat-song-${today()}.csv`,
    ext: 'csv',
    kind: 'CSV',
    returnFocus: button,
    write: (file, overwrite) => client.api.broadcastLog.export({ file, filter, overwrite }),
  });
  const { saved, conflict, error } = csv;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn"
        data-testid="log-export"
        onClick={() => void csv.start()}
      >
        {csv.busy ? t('monitor.log.export.saving') : t('monitor.log.export.button')}
      </button>
      {csv.dialog}
      {(saved || conflict || error) && (
        <div className="monitor-export-result">
          {saved && (
            <div className="banner banner-ok" role="status" data-testid="log-export-saved">
              <div>{t('monitor.log.export.saved', { count: saved.rows })}</div>
              <code className="path" data-testid="log-export-path">
                {saved.file}
              </code>
            </div>
          )}
          {conflict && (
            <div className="banner banner-warning row spread" role="alert">
              <span>{t('monitor.log.export.exists', { name: baseName(conflict) })}</span>
              <button type="button" className="btn" onClick={csv.replace}>
                {t('monitor.log.export.replace')}
              </button>
            </div>
          )}
          <ErrorMessage error={error} />
        </div>
      )}
    </>
  );
}
