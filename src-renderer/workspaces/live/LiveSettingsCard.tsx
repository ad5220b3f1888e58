import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveSettings, Role } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';

/** Roles the station may let start an emergency (the admin always may, so it is not offered). */
const CHOOSABLE: readonly Role[] = [
  'operator',
  'chiefEditor',
  'announcer',
  'editor',
  'reporter',
  'archivist',
];

/**
 * "Cài đặt phát trực tiếp" for whoever may change settings: the stream server's port, who may
 * start an emergency, and the province's Icecast master (its password sealed in main, never shown).
 * Folded away: it is set once, not touched while on air.
 */
export function LiveSettingsCard({
  settings,
  onAir,
  onSaved,
}: {
  settings: LiveSettings;
  onAir: boolean;
  onSaved(settings: LiveSettings): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [port, setPort] = useState(String(settings.port));
  const [roles, setRoles] = useState<string[]>(settings.emergencyRoles);
  const [icecastUrl, setIcecastUrl] = useState(settings.icecast?.url ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<StudioCallError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setPort(String(settings.port));
    setRoles(settings.emergencyRoles);
    setIcecastUrl(settings.icecast?.url ?? '');
  }, [settings]);

  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const url = icecastUrl.trim();
      const next = await client.api.live.configure({
        port: Number(port),
        emergencyRoles: roles as Role[],
        icecast: url ? { url, ...(password ? { password } : {}) } : null,
      });
      setPassword('');
      setSaved(true);
      onSaved(next);
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card live-settings" data-testid="live-settings">
      <summary>
        <h2>{t('live.settings.title')}</h2>
      </summary>
      {onAir && <p className="muted small">{t('live.settings.onAir')}</p>}
      <div className="live-form">
        <label>
          {t('live.settings.port')}
          <input
            className="input"
            inputMode="numeric"
            value={port}
            onChange={(e) => setPort(e.target.value.replace(/\D/g, ''))}
            data-testid="live-settings-port"
          />
        </label>
        <label>
          {t('live.settings.icecastUrl')}
          <input
            className="input"
            value={icecastUrl}
            placeholder="http://203.0.113.5:8000/tinh.mp3"
            onChange={(e) => setIcecastUrl(e.target.value)}
          />
        </label>
        <label>
          {t('live.settings.icecastPassword')}
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            placeholder={settings.icecast?.passwordSet ? t('live.settings.passwordKept') : ''}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
      </div>
      <fieldset className="live-roles">
        <legend>{t('live.settings.emergencyRoles')}</legend>
        {CHOOSABLE.map((role) => (
          <label key={role} className="toggle">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) =>
                setRoles((list) => (e.target.checked ? [...list, role] : list.filter((r) => r !== role)))
              }
            />
            {t(`roles.${role}.name`)}
          </label>
        ))}
        <span className="muted small">{t('live.settings.adminAlways')}</span>
      </fieldset>
      <ErrorMessage error={error} />
      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void save()}
          data-testid="live-settings-save"
        >
          {t('live.settings.save')}
        </button>
        {saved && (
          <span className="ok-text" role="status">
            {t('live.settings.saved')}
          </span>
        )}
      </div>
    </details>
  );
}
