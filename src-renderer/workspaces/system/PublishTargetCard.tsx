import { type Dispatch, type FormEvent, type SetStateAction, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  PublishAuthKind,
  PublishCheckResult,
  PublishFieldMapping,
  PublishProtocol,
  PublishSettings,
} from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';

/** The field mapping as the administrator edits it: JSON, empty when there is none. */
function mappingText(mapping: PublishFieldMapping | undefined): string {
  if (!mapping) return '';
  const empty =
    Object.keys(mapping.rename).length === 0 &&
    Object.keys(mapping.subjectAreas).length === 0 &&
    Object.keys(mapping.priorities).length === 0;
  return empty ? '' : JSON.stringify(mapping, null, 2);
}

/**
 * "Gửi lên tỉnh": where the studio publishes to (admin only: `publish.configure`): the address,
 * the station's code, how the studio proves who it is (a bearer token, or OAuth2 client
 * credentials) and, under "Nâng cao", the protocol and the field mapping. The token and the client
 * secret are password fields that are never filled: main answers only whether one is stored
 * ("đã lưu"), and an empty field keeps it. "Kiểm tra kết nối" tests what is saved.
 */
export function PublishTargetCard() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const stored = useCall(() => client.api.publish.settings());
  const [endpoint, setEndpoint] = useState('');
  const [station, setStation] = useState('');
  const [token, setToken] = useState('');
  const [authKind, setAuthKind] = useState<PublishAuthKind>('bearer');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [tokenUrl, setTokenUrl] = useState('');
  const [protocol, setProtocol] = useState<PublishProtocol>('reference');
  const [mapping, setMapping] = useState('');
  const [current, setCurrent] = useState<PublishSettings | null>(null);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [saved, setSaved] = useState(false);
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<PublishCheckResult | null>(null);

  /**
   * Shows stored settings. `keepTyped`: a field the user has changed from what was shown keeps what
   * they typed (settings that arrive late, on a busy machine, must not wipe it).
   */
  const show = (s: PublishSettings, keepTyped = false) => {
    const field = <T,>(set: Dispatch<SetStateAction<T>>, shown: T, next: T) =>
      set((typed) => (keepTyped && typed !== shown ? typed : next));
    setCurrent(s);
    field(setEndpoint, current?.endpoint ?? '', s.endpoint ?? '');
    field(setStation, current?.stationCode ?? '', s.stationCode ?? '');
    field(setAuthKind, current?.authKind ?? 'bearer', s.authKind);
    field(setClientId, current?.clientId ?? '', s.clientId ?? '');
    field(setTokenUrl, current?.tokenUrl ?? '', s.tokenUrl ?? '');
    field(setProtocol, current?.protocol ?? 'reference', s.protocol);
    field(setMapping, mappingText(current?.fieldMapping), mappingText(s.fieldMapping));
  };

  useEffect(() => {
    if (stored.data) show(stored.data, true);
    // Only when the stored settings arrive; `show` reads the state of that render.
  }, [stored.data]);

  const oauth = authKind === 'oauth2';
  const dirty =
    token !== '' ||
    clientSecret !== '' ||
    endpoint.trim() !== (current?.endpoint ?? '') ||
    station.trim() !== (current?.stationCode ?? '') ||
    authKind !== (current?.authKind ?? 'bearer') ||
    clientId.trim() !== (current?.clientId ?? '') ||
    tokenUrl.trim() !== (current?.tokenUrl ?? '') ||
    protocol !== (current?.protocol ?? 'reference') ||
    mapping.trim() !== mappingText(current?.fieldMapping);
  const credentials = oauth
    ? clientId.trim() !== '' && (clientSecret !== '' || !!current?.clientSecretSet)
    : token !== '' || !!current?.tokenSet;
  const complete = endpoint.trim() !== '' && station.trim() !== '' && credentials;
  const savedCredentials =
    current?.authKind === 'oauth2' ? !!current.clientId && current.clientSecretSet : !!current?.tokenSet;
  const touch = () => setSaved(false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setCheck(null);
    let fieldMapping: PublishFieldMapping;
    try {
      fieldMapping = mapping.trim()
        ? (JSON.parse(mapping) as PublishFieldMapping)
        : { rename: {}, subjectAreas: {}, priorities: {} };
    } catch {
      setError(toStudioCallError(new Error(t('publishTarget.mappingNotJson'))));
      return;
    }
    try {
      const next = await client.api.publish.configure({
        endpoint: endpoint.trim(),
        stationCode: station.trim(),
        authKind,
        ...(token && !oauth ? { token } : {}),
        ...(oauth ? { clientId: clientId.trim(), tokenUrl: tokenUrl.trim() || null } : {}),
        ...(clientSecret && oauth ? { clientSecret } : {}),
        protocol,
        fieldMapping,
      });
      show(next);
      setToken('');
      setClientSecret('');
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
      <label htmlFor="publish-auth">{t('publishTarget.authKind')}</label>
      <select
        id="publish-auth"
        className="input"
        value={authKind}
        onChange={(e) => {
          setAuthKind(e.target.value as PublishAuthKind);
          touch();
        }}
      >
        <option value="bearer">{t('publishTarget.auth.bearer')}</option>
        <option value="oauth2">{t('publishTarget.auth.oauth2')}</option>
      </select>
      {!oauth && (
        <>
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
              current?.tokenSet
                ? t('publishTarget.tokenPlaceholderSaved')
                : t('publishTarget.tokenPlaceholder')
            }
            onChange={(e) => {
              setToken(e.target.value);
              touch();
            }}
          />
        </>
      )}
      {oauth && (
        <>
          <label htmlFor="publish-client-id">{t('publishTarget.clientId')}</label>
          <input
            id="publish-client-id"
            className="input"
            spellCheck={false}
            value={clientId}
            onChange={(e) => {
              setClientId(e.target.value);
              touch();
            }}
          />
          <label htmlFor="publish-client-secret">
            {t('publishTarget.clientSecret')}
            {current?.clientSecretSet && (
              <span className="ok-text" data-testid="publish-secret-saved">
                {' · '}
                {t('publishTarget.tokenSaved')}
              </span>
            )}
          </label>
          <input
            id="publish-client-secret"
            className="input"
            type="password"
            autoComplete="new-password"
            value={clientSecret}
            placeholder={
              current?.clientSecretSet
                ? t('publishTarget.tokenPlaceholderSaved')
                : t('publishTarget.clientSecretPlaceholder')
            }
            onChange={(e) => {
              setClientSecret(e.target.value);
              touch();
            }}
          />
          <label htmlFor="publish-token-url">{t('publishTarget.tokenUrl')}</label>
          <input
            id="publish-token-url"
            className="input"
            type="url"
            inputMode="url"
            spellCheck={false}
            value={tokenUrl}
            placeholder={`${endpoint.trim().replace(/\/+$/, '') || 'https://…'}/api/v1/oauth/token`}
            onChange={(e) => {
              setTokenUrl(e.target.value);
              touch();
            }}
          />
          <p className="muted small">{t('publishTarget.tokenUrlHint')}</p>
        </>
      )}
      <p className="muted small">{t(oauth ? 'publishTarget.secretHint' : 'publishTarget.tokenHint')}</p>
      <details className="publish-advanced" open={protocol !== 'reference' || mapping.trim() !== ''}>
        <summary>{t('publishTarget.advanced')}</summary>
        <label htmlFor="publish-protocol">{t('publishTarget.protocol')}</label>
        <select
          id="publish-protocol"
          className="input"
          value={protocol}
          onChange={(e) => {
            setProtocol(e.target.value as PublishProtocol);
            touch();
          }}
        >
          <option value="reference">{t('publishTarget.protocols.reference')}</option>
          <option value="flat">{t('publishTarget.protocols.flat')}</option>
        </select>
        <label htmlFor="publish-mapping">{t('publishTarget.mapping')}</label>
        <textarea
          id="publish-mapping"
          className="input publish-mapping"
          rows={7}
          spellCheck={false}
          value={mapping}
          placeholder={'{ "subjectAreas": { "Phòng chống thiên tai": "PCTT" } }'}
          onChange={(e) => {
            setMapping(e.target.value);
            touch();
          }}
        />
        <p className="muted small">{t('publishTarget.mappingHint')}</p>
      </details>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={!dirty || !complete}>
          {t('publishTarget.save')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void onCheck()}
          disabled={checking || dirty || !current?.endpoint || !savedCredentials}
          title={dirty ? t('publishTarget.saveFirst') : undefined}
        >
          {checking ? t('publishTarget.checking') : t('publishTarget.check')}
        </button>
      </div>
      {dirty && !complete && (
        <p className="muted small">{t(oauth ? 'publishTarget.needAllOauth' : 'publishTarget.needAll')}</p>
      )}
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
          {check.outcome === 'tokenRefused' && current?.authKind === 'oauth2'
            ? t('publishTarget.credentialsRefused')
            : t(`publishTarget.outcome.${check.outcome}`)}
          {check.technical && <span className="muted small"> ({check.technical})</span>}
        </p>
      )}
    </form>
  );
}
