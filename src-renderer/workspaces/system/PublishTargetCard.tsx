import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishCheckResult, PublishSettings } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';

/**
 * "Gửi lên tỉnh": where the studio publishes to (admin only: `publish.configure`). The token is a
 * password field that is never filled: main answers only whether one is stored ("đã lưu"), and an
 * empty field keeps it. "Kiểm tra kết nối" tests what is saved.
 */
export function PublishTargetCard() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const stored = useCall(() => client.api.publish.settings());
  const [endpoint, setEndpoint] = useState('');
  const [station, setStation] = useState('');
  const [token, setToken] = useState('');
  const [current, setCurrent] = useState<PublishSettings | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [saved, setSaved] = useState(false);
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<PublishCheckResult | null>(null);

  useEffect(() => {
    if (!stored.data) return;
    setCurrent(stored.data);
    setEndpoint(stored.data.endpoint ?? '');
    setStation(stored.data.stationCode ?? '');
  }, [stored.data]);

  const dirty =
    token !== '' ||
    endpoint.trim() !== (current?.endpoint ?? '') ||
    station.trim() !== (current?.stationCode ?? '');
  const complete = endpoint.trim() !== '' && station.trim() !== '' && (token !== '' || !!current?.tokenSet);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setCheck(null);
    try {
      const next = await client.api.publish.configure({
        endpoint: endpoint.trim(),
        stationCode: station.trim(),
        ...(token ? { token } : {}),
      });
      setCurrent(next);
      setEndpoint(next.endpoint ?? '');
      setToken('');
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  const onCheck = async () => {
    setChecking(true);
    setSaved(false);
    setCheck(null);
    try {
      setCheck(await client.api.publish.check());
      setError(null);
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setChecking(false);
    }
  };

  return (
    <form
      className="card settings publish-target"
      onSubmit={(e) => void onSubmit(e)}
      aria-labelledby="publish-target-title"
      data-testid="publish-target"
    >
      <h2 id="publish-target-title">{t('publishTarget.title')}</h2>
      <p className="muted small">{t('publishTarget.intro')}</p>
      <ErrorMessage error={stored.error} />
      <label htmlFor="publish-endpoint">{t('publishTarget.endpoint')}</label>
      <input
        id="publish-endpoint"
        className="input"
        type="url"
        inputMode="url"
        spellCheck={false}
        value={endpoint}
        placeholder="https://"
        onChange={(e) => {
          setEndpoint(e.target.value);
          setSaved(false);
        }}
      />
      <p className="muted small">{t('publishTarget.endpointHint')}</p>
      <label htmlFor="publish-station">{t('publishTarget.station')}</label>
      <input
        id="publish-station"
        className="input"
        spellCheck={false}
        value={station}
        onChange={(e) => {
          setStation(e.target.value);
          setSaved(false);
        }}
      />
      <label htmlFor="publish-token">
        {t('publishTarget.token')}
        {current?.tokenSet && (
          <span className="ok-text" data-testid="publish-token-saved">
            {' · '}
            {t('publishTarget.tokenSaved')}
          </span>
        )}
      </label>
      <input
        id="publish-token"
        className="input"
        type="password"
        autoComplete="new-password"
        value={token}
        placeholder={
          current?.tokenSet ? t('publishTarget.tokenPlaceholderSaved') : t('publishTarget.tokenPlaceholder')
        }
        onChange={(e) => {
          setToken(e.target.value);
          setSaved(false);
        }}
      />
      <p className="muted small">{t('publishTarget.tokenHint')}</p>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={!dirty || !complete}>
          {t('publishTarget.save')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void onCheck()}
          disabled={checking || dirty || !current?.endpoint || !current.tokenSet}
          title={dirty ? t('publishTarget.saveFirst') : undefined}
        >
          {checking ? t('publishTarget.checking') : t('publishTarget.check')}
        </button>
      </div>
      {dirty && !complete && <p className="muted small">{t('publishTarget.needAll')}</p>}
      <ErrorMessage error={error} />
      {saved && (
        <p className="ok-text" role="status">
          {t('publishTarget.saved')}
        </p>
      )}
      {check && (
        <p
          className={check.outcome === 'ok' ? 'ok-text' : 'bad-text'}
          role="status"
          data-testid="publish-check"
          data-outcome={check.outcome}
        >
          {t(`publishTarget.outcome.${check.outcome}`)}
          {check.technical && <span className="muted small"> ({check.technical})</span>}
        </p>
      )}
    </form>
  );
}
