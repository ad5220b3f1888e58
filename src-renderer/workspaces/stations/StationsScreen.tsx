import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Station, StationStreams } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';
import { foldSearch, reachLabel } from './station-words';
import { StationDialog } from './StationDialog';
import { useStationsCsvExport, useStationsCsvImport } from './StationsCsv';
import { StreamBaseCard } from './StreamBaseCard';
import { StreamsDialog } from './StreamsDialog';

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; station: Station }
  /** `made`: a station just added, its URLs already in hand (asking again would be audited as a look). */
  | { kind: 'streams'; code: string; made?: StationStreams }
  | { kind: 'enable'; station: Station };

/**
 * "Cụm thu" (issue 15): the commune receiving clusters the studio feeds live. Everyone with
 * `stations.read` sees the list; `stations.write` (operator, admin) adds, changes, disables,
 * imports and sees a station's stream URLs with its token.
 */
export function StationsScreen() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const may = useMay();
  const canWrite = may('stations.write');
  const list = useCall(() => client.api.stations.list());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [query, setQuery] = useState('');

  const stations = list.data?.stations ?? [];
  const shown = useMemo(() => {
    const words = foldSearch(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) return stations;
    return stations.filter((s) => {
      const text = foldSearch([s.code, s.name, s.unitCode, s.unitName, s.group].filter(Boolean).join(' '));
      return words.every((w) => text.includes(w));
    });
  }, [stations, query]);
  const groups = useMemo(
    () =>
      [...new Set(stations.map((s) => s.group).filter((g): g is string => !!g))].sort((a, b) =>
        a.localeCompare(b, 'vi'),
      ),
    [stations],
  );
  const done = (message: string) => {
    setNote(message);
    list.reload();
  };
  const enabledCount = stations.filter((s) => s.enabled).length;
  // What an import or export answered shows under the head, in place of the last note.
  const csvImport = useStationsCsvImport(done, () => setNote(null));
  const csvExport = useStationsCsvExport(() => setNote(null));

  return (
    <section
      className="screen stations-screen"
      aria-labelledby="stations-title"
      data-testid="stations-screen"
    >
      <header className="screen-head">
        <div>
          <h1 id="stations-title">{t('stations.title')}</h1>
          <p className="muted">{t('stations.intro')}</p>
        </div>
        <div className="row wrap">
          {canWrite && (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="station-add"
              onClick={() => setDialog({ kind: 'add' })}
            >
              {t('stations.add')}
            </button>
          )}
          {canWrite && csvImport.button}
          {csvExport.button}
        </div>
      </header>
      <ErrorMessage error={list.error} />
      {csvImport.result}
      {csvExport.result}
      {note && (
        <p className="ok-text" role="status" data-testid="stations-note">
          {note}
        </p>
      )}
      {list.data && (
        <StreamBaseCard list={list.data} canWrite={canWrite} onSaved={() => done(t('stations.baseSaved'))} />
      )}
      {list.data && (
        <div className="card stations-card">
          <div className="row spread wrap">
            <h2>
              {t('stations.count', { count: stations.length })}
              {stations.length > 0 && (
                <span className="muted small"> · {t('stations.enabledCount', { count: enabledCount })}</span>
              )}
            </h2>
            {stations.length > 0 && (
              <input
                className="input stations-search"
                type="search"
                value={query}
                placeholder={t('stations.search')}
                aria-label={t('stations.search')}
                onChange={(e) => setQuery(e.target.value)}
              />
            )}
          </div>
          {stations.length === 0 ? (
            <p className="muted" data-testid="stations-empty">
              {canWrite ? t('stations.emptyWrite') : t('stations.empty')}
            </p>
          ) : (
            <table className="table stations-table" data-testid="stations-table">
              <thead>
                <tr>
                  <th>{t('stations.column.code')}</th>
                  <th>{t('stations.column.name')}</th>
                  <th>{t('stations.column.unit')}</th>
                  <th>{t('stations.column.group')}</th>
                  <th>{t('stations.column.reach')}</th>
                  <th>{t('stations.column.state')}</th>
                  {canWrite && <th>{t('stations.column.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {shown.map((s) => (
                  <tr
                    key={s.code}
                    data-station={s.code}
                    className={s.enabled ? undefined : 'station-disabled'}
                  >
                    <td>
                      <code>{s.code}</code>
                    </td>
                    <td>{s.name}</td>
                    <td>
                      {s.unitName ?? ''}
                      {s.unitCode && <span className="muted small"> {s.unitCode}</span>}
                      {!s.unitName && !s.unitCode && <span className="muted">—</span>}
                    </td>
                    <td>{s.group ?? <span className="muted">—</span>}</td>
                    <td>{reachLabel(t, s.reach)}</td>
                    <td>
                      {s.enabled ? (
                        <span className="status status-ok">{t('stations.enabled')}</span>
                      ) : (
                        <span className="status status-missing">{t('stations.disabled')}</span>
                      )}
                    </td>
                    {canWrite && (
                      <td>
                        <div className="row wrap">
                          <button
                            type="button"
                            className="btn small-btn"
                            onClick={() => setDialog({ kind: 'streams', code: s.code })}
                          >
                            {t('stations.showStreams')}
                          </button>
                          <button
                            type="button"
                            className="btn small-btn"
                            onClick={() => setDialog({ kind: 'edit', station: s })}
                          >
                            {t('stations.edit')}
                          </button>
                          <button
                            type="button"
                            className="btn small-btn"
                            onClick={() => setDialog({ kind: 'enable', station: s })}
                          >
                            {s.enabled ? t('stations.disable') : t('stations.enable')}
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {stations.length > 0 && shown.length === 0 && <p className="muted">{t('stations.noMatch')}</p>}
        </div>
      )}
      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <StationDialog
          {...(dialog.kind === 'edit' ? { station: dialog.station } : {})}
          groups={groups}
          onClose={() => setDialog(null)}
          onAdded={(made) => {
            done(t('stations.added', { name: made.station.name }));
            setDialog({ kind: 'streams', code: made.station.code, made });
          }}
          onSaved={(s) => {
            done(t('stations.saved', { name: s.name }));
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'streams' && (
        <StreamsDialog
          code={dialog.code}
          {...(dialog.made ? { made: dialog.made } : {})}
          onClose={() => setDialog(null)}
          onRotated={() => list.reload()}
        />
      )}
      {dialog?.kind === 'enable' && (
        <ConfirmDialog
          testId="station-enable-dialog"
          title={
            dialog.station.enabled
              ? t('stations.disableTitle', { name: dialog.station.name })
              : t('stations.enableTitle', { name: dialog.station.name })
          }
          confirmLabel={dialog.station.enabled ? t('stations.disableConfirm') : t('stations.enableConfirm')}
          onConfirm={async () => {
            const s = await client.api.stations.setEnabled({
              code: dialog.station.code,
              enabled: !dialog.station.enabled,
            });
            done(t('stations.saved', { name: s.name }));
          }}
          onClose={() => setDialog(null)}
        >
          <p>{dialog.station.enabled ? t('stations.disableBody') : t('stations.enableBody')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
