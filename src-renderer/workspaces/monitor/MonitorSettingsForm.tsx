import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonitorSettings } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { TextField } from '../../ui/TextField';

/** When an alarm is raised and where it is POSTed (`monitor.configure`), folded away until wanted. */
export function MonitorSettingsForm({ settings, onSaved }: { settings: MonitorSettings; onSaved(): void }) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [seconds, setSeconds] = useState(String(settings.silenceSeconds));
  const [webhook, setWebhook] = useState(settings.webhookUrl ?? '');
  const [error, setError] = useState<StudioCallError | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async () => {
    setSaved(false);
    try {
      await client.api.monitor.configure({
        silenceSeconds: Number(seconds),
        webhookUrl: webhook.trim() ? webhook.trim() : null,
      });
      setError(null);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(toStudioCallError(err));
    }
  };

  return (
    <details className="card monitor-settings" data-testid="monitor-settings">
      <summary>{t('monitor.settings.title')}</summary>
      <form
        className="monitor-settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextField
          label={t('monitor.settings.silenceSeconds')}
          inputMode="numeric"
          value={seconds}
          onChange={setSeconds}
          data-testid="monitor-silence-seconds"
        />
        <TextField
          label={t('monitor.settings.webhook')}
          type="url"
          className="grow"
          value={webhook}
          onChange={setWebhook}
          data-testid="monitor-webhook"
        />
        <button type="submit" className="btn btn-primary" data-testid="monitor-settings-save">
          {t('monitor.settings.save')}
        </button>
        {saved && (
          <span className="ok-text" role="status">
            {t('monitor.settings.saved')}
          </span>
        )}
      </form>
      <ErrorMessage error={error} />
    </details>
  );
}
