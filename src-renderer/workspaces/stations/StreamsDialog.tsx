import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StationStreams } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Modal } from '../../ui/Modal';
import { reachLabel } from './station-words';

/**
 * "Xem địa chỉ luồng": what whoever installs the receiver types in: the station's token and its
 * stream URLs (MP3 for every receiver, Opus for a weak 4G link), each with a copy button. Asking
 * for them is recorded in the audit log; a new token ("Đổi mã truy cập") locks the old one out.
 */
export function StreamsDialog({
  code,
  made,
  onClose,
  onRotated,
}: {
  code: string;
  /** A station just added: its URLs are already here. */
  made?: StationStreams;
  onClose(): void;
  onRotated(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [streams, setStreams] = useState<StationStreams | null>(made ?? null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [rotated, setRotated] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (made) return;
    client.api.stations
      .streams({ code })
      .then(setStreams)
      .catch((err: unknown) => setError(toStudioCallError(err)));
  }, [client, code, made]);

  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      setStreams(await client.api.stations.rotateToken({ code }));
      setRotated(true);
      setConfirming(false);
      onRotated();
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  const station = streams?.station;
  return (
    <Modal
      title={station ? t('stations.streams.title', { name: station.name }) : t('stations.streams.loading')}
      onClose={onClose}
      testId="station-streams"
      wide
    >
      <ErrorMessage error={error} />
      {made && (
        <p className="ok-text" role="status">
          {t('stations.streams.added')}
        </p>
      )}
      {rotated && (
        <p className="ok-text" role="status" data-testid="station-rotated">
          {t('stations.streams.rotated')}
        </p>
      )}
      {streams && station && (
        <div className="station-streams">
          <p className="muted">
            <code>{station.code}</code> · {reachLabel(t, station.reach)}
            {!station.enabled && <span className="status status-missing">{t('stations.disabled')}</span>}
          </p>
          {station.reach.kind !== 'pull' && <p className="muted small">{t('stations.streams.notPull')}</p>}
          <CopyField label={t('stations.streams.token')} value={streams.token} testId="station-token" />
          {streams.streams.map((s) => (
            <CopyField
              key={s.codec}
              label={t(`stations.streams.${s.codec}`)}
              value={s.url}
              testId={`station-url-${s.codec}`}
            />
          ))}
          <p className="muted small">{t('stations.streams.hint')}</p>
        </div>
      )}
      {/* Also when the token cannot be opened here (a key left on another PC): a new one is the way out. */}
      {(streams || error) && (
        <div className="station-streams">
          {confirming ? (
            <div className="banner banner-warning" role="alert">
              <p>{t('stations.streams.rotateBody')}</p>
              <div className="row">
                <button
                  type="button"
                  className="btn btn-danger-solid"
                  disabled={busy}
                  data-testid="station-rotate-confirm"
                  onClick={() => void rotate()}
                >
                  {t('stations.streams.rotateConfirm')}
                </button>
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  {t('stations.form.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              className="btn"
              data-testid="station-rotate"
              onClick={() => setConfirming(true)}
            >
              {t('stations.streams.rotate')}
            </button>
          )}
        </div>
      )}
    </Modal>
  );
}

/** A value to hand on (a token, a URL): read-only, selected on focus, with "Sao chép". */
function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard API here (a page not counted as secure): the selection and the old command do it.
      input.current?.select();
      if (!document.execCommand('copy')) return;
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <label className="auth-field copy-field">
      {label}
      <span className="row">
        <input
          ref={input}
          className="input"
          readOnly
          value={value}
          spellCheck={false}
          data-testid={testId}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn" data-testid={`${testId}-copy`} onClick={() => void copy()}>
          {copied ? t('stations.streams.copied') : t('stations.streams.copy')}
        </button>
      </span>
    </label>
  );
}
