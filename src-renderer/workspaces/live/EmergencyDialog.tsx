import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset, LiveTarget, RequestIn } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { useCall } from '../../ui/useCall';
import { type DeskStation, stationNames, stationsOf, targetWords } from './live-words';

export type EmergencyRequest = RequestIn<'live.emergency.start'>;

/** Where an emergency may go: everything, a group, or the stations the air goes to now. */
type Reach = { key: string; target: LiveTarget };

/**
 * The guarded action: what the emergency plays (the microphone, or a file of the library), which
 * stations it takes over (named, every one, before anything happens), and one red button that
 * says how many. Nothing is sent until that button is pressed; Esc or "Huỷ" leave the air as it is.
 */
export function EmergencyDialog({
  stations,
  liveTarget,
  deskTarget,
  onStart,
  onClose,
}: {
  stations: DeskStation[];
  /** The air's target when on air (the emergency may take exactly those). */
  liveTarget: LiveTarget | null;
  /** What the desk's target panel has chosen now. */
  deskTarget: LiveTarget;
  onStart(request: EmergencyRequest): Promise<void>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const groups = [
    ...new Set(stations.filter((s) => s.enabled && s.group).map((s) => s.group as string)),
  ].sort((a, b) => a.localeCompare(b, 'vi'));
  const reaches: Reach[] = [
    { key: 'all', target: { kind: 'all' } },
    ...(liveTarget && liveTarget.kind !== 'all' ? [{ key: 'live', target: liveTarget }] : []),
    ...(!liveTarget && deskTarget.kind !== 'all' ? [{ key: 'desk', target: deskTarget }] : []),
    ...groups.map((g) => ({ key: `group:${g}`, target: { kind: 'group', group: g } as LiveTarget })),
  ];
  const [reachKey, setReachKey] = useState('all');
  const reach = reaches.find((r) => r.key === reachKey) ?? reaches[0]!;
  const reached = stationsOf(reach.target, stations);
  const [from, setFrom] = useState<'mic' | 'asset'>('mic');
  const [asset, setAsset] = useState<Asset | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [busy, setBusy] = useState(false);
  const library = useCall(() => client.api.library.list({ limit: 100 }));

  const ready = reached.length > 0 && (from === 'mic' || asset !== null);
  const start = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await onStart(
        from === 'mic'
          ? { target: reach.target, spec: 'mic', label: t('live.kind.mic') }
          : { target: reach.target, assetId: asset!.id, label: asset!.title },
      );
      onClose();
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t('live.emergency.title')} onClose={onClose} testId="live-emergency-dialog" wide>
      <p className="live-emergency-warning">{t('live.emergency.warning')}</p>
      <div className="live-form">
        <label>
          {t('live.emergency.reach')}
          <select
            className="input"
            value={reachKey}
            onChange={(e) => setReachKey(e.target.value)}
            data-testid="live-emergency-reach"
          >
            {reaches.map((r) => (
              <option key={r.key} value={r.key}>
                {r.key === 'live'
                  ? t('live.emergency.reachLive', { target: targetWords(t, r.target) })
                  : targetWords(t, r.target)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="segmented">
          <legend>{t('live.emergency.from')}</legend>
          {(['mic', 'asset'] as const).map((k) => (
            <label key={k} className={from === k ? 'active' : undefined}>
              <input
                type="radio"
                name="live-emergency-from"
                checked={from === k}
                onChange={() => setFrom(k)}
              />
              {t(`live.emergency.fromKinds.${k}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {from === 'asset' && (
        <ul className="live-asset-list" role="listbox" aria-label={t('live.emergency.fromKinds.asset')}>
          {(library.data?.items ?? []).map((a) => (
            <li
              key={a.id}
              role="option"
              aria-selected={asset?.id === a.id}
              tabIndex={0}
              className={asset?.id === a.id ? 'selected' : undefined}
              onClick={() => setAsset(a)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setAsset(a);
                }
              }}
            >
              <span className="live-asset-title">{a.title}</span>
              <span className="muted small">{formatDuration(a.durationSec)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="live-emergency-stations" data-testid="live-emergency-stations">
        <strong>{t('live.emergency.stations', { count: reached.length })}</strong>
        <p>{reached.length > 0 ? stationNames(reached, t) : t('live.emergency.noStations')}</p>
      </div>
      <ErrorMessage error={error} />
      <div className="row confirm-actions">
        <button
          type="button"
          className="btn live-btn-emergency"
          disabled={!ready || busy}
          onClick={() => void start()}
          data-testid="live-emergency-confirm"
        >
          ⚠ {t('live.emergency.confirm', { count: reached.length })}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('trash.cancel')}
        </button>
      </div>
    </Modal>
  );
}
