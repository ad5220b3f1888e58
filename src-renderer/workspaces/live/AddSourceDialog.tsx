import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asset, RequestIn } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatDuration } from '../../ui/format';
import { Modal } from '../../ui/Modal';
import { useCall } from '../../ui/useCall';

export type SourceKind = 'asset' | 'relay' | 'mic';
export type SourceRequest = RequestIn<'live.source.add'>;

const KINDS: readonly SourceKind[] = ['asset', 'relay', 'mic'];

/** A relay's address as the contract takes it: http(s), icecast, srt or rtp. */
const RELAY_URL = /^(https?|icecast|srt|rtp):\/\/\S+$/i;

/**
 * "Thêm nguồn": a file of the library (played out), a relay of another channel by its address
 * (tiếp sóng), or the microphone. Answers the request `live.source.add` takes (or `live.start`
 * with it), with the words the desk shows for it; the desk decides whether it goes on air now.
 */
export function AddSourceDialog({
  onAdd,
  onClose,
}: {
  onAdd(request: SourceRequest, label: string): Promise<void>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const may = useMay();
  const [kind, setKind] = useState<SourceKind>('asset');
  const [query, setQuery] = useState('');
  const [asset, setAsset] = useState<Asset | null>(null);
  const [url, setUrl] = useState('');
  const [label, setLabel] = useState('');
  const [device, setDevice] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [busy, setBusy] = useState(false);
  const library = useCall(() =>
    client.api.library.list({ ...(query.trim() ? { text: query.trim() } : {}), limit: 50 }),
  );
  const reloadLibrary = library.reload;
  useEffect(() => {
    const timer = setTimeout(reloadLibrary, 200);
    return () => clearTimeout(timer);
  }, [query, reloadLibrary]);
  const canListDevices = may('recording.read');
  const devices = useCall(() => (canListDevices ? client.api.recording.devices() : Promise.resolve(null)));

  const add = async () => {
    setProblem(null);
    let request: SourceRequest;
    let words: string;
    if (kind === 'asset') {
      if (!asset) return setProblem(t('live.add.pickAsset'));
      words = asset.title;
      request = { assetId: asset.id, priority: 'playout', label: words };
    } else if (kind === 'relay') {
      const address = url.trim();
      if (!RELAY_URL.test(address)) return setProblem(t('live.add.badUrl'));
      words = label.trim() || address;
      request = { spec: `url:${address}`, priority: 'relay', label: words };
    } else {
      const chosen = devices.data?.devices.find((d) => d.id === device);
      words = chosen ? `${t('live.kind.mic')} · ${chosen.label}` : t('live.kind.mic');
      request = { spec: device ? `mic:${device}` : 'mic', priority: 'mic', label: words };
    }
    setBusy(true);
    setError(null);
    try {
      await onAdd(request, words);
      onClose();
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };

  const assets = library.data?.items ?? [];
  return (
    <Modal title={t('live.add.title')} onClose={onClose} testId="live-add-source" wide>
      <fieldset className="segmented live-kinds">
        <legend className="sr-only">{t('live.add.kind')}</legend>
        {KINDS.map((k) => (
          <label key={k} className={kind === k ? 'active' : undefined}>
            <input
              type="radio"
              name="live-source-kind"
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setProblem(null);
              }}
            />
            {t(`live.add.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <p className="muted small">{t(`live.add.hint.${kind}`)}</p>

      {kind === 'asset' && (
        <div className="live-asset-picker">
          <input
            className="input"
            type="search"
            value={query}
            placeholder={t('live.add.search')}
            aria-label={t('live.add.search')}
            onChange={(e) => setQuery(e.target.value)}
          />
          <ErrorMessage error={library.error} />
          {assets.length === 0 && !library.loading ? (
            <p className="muted">{query ? t('live.add.noMatch') : t('live.add.emptyLibrary')}</p>
          ) : (
            <ul className="live-asset-list" role="listbox" aria-label={t('live.add.kinds.asset')}>
              {assets.map((a) => (
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
        </div>
      )}

      {kind === 'relay' && (
        <div className="live-form">
          <label>
            {t('live.add.url')}
            <input
              className="input"
              value={url}
              placeholder="http://203.0.113.5:8000/vov1.mp3"
              onChange={(e) => setUrl(e.target.value)}
              data-testid="live-relay-url"
            />
          </label>
          <label>
            {t('live.add.label')}
            <input
              className="input"
              value={label}
              placeholder={t('live.add.labelPlaceholder')}
              onChange={(e) => setLabel(e.target.value)}
            />
          </label>
        </div>
      )}

      {kind === 'mic' && (
        <div className="live-form">
          <label>
            {t('live.add.device')}
            <select className="input" value={device} onChange={(e) => setDevice(e.target.value)}>
              <option value="">{t('live.add.defaultDevice')}</option>
              {devices.data?.devices
                .filter((d) => d.kind === 'input')
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label}
                  </option>
                ))}
            </select>
          </label>
          {devices.data?.problem && <p className="muted small">{devices.data.problem}</p>}
        </div>
      )}

      {problem && (
        <p className="bad-text" role="alert" data-testid="live-add-problem">
          {problem}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="row confirm-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void add()}
          data-testid="live-add-confirm"
        >
          {t('live.add.confirm')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('trash.cancel')}
        </button>
      </div>
    </Modal>
  );
}
