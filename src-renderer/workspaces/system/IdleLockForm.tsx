import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useUnsaved } from '../../ui/unsaved';

const MAX_MINUTES = 24 * 60;

/** The idle time after which a signed-in window locks (the station's setting; 0: never). */
export function IdleLockForm() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const [typed, setTyped] = useState(String(settings.idleLockMinutes));
  const [error, setError] = useState<StudioCallError | null>(null);
  const [saved, setSaved] = useState(false);

  const minutes = /^\d+$/.test(typed.trim()) ? Number(typed.trim()) : NaN;
  const valid = Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_MINUTES;
  const save = async () => {
    setSaved(false);
    try {
      await client.api.settings.update({ idleLockMinutes: minutes });
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(toStudioCallError(err));
      throw err;
    }
  };
  useUnsaved(
    minutes !== settings.idleLockMinutes
      ? { where: t('auth.idleTitle'), problem: valid ? null : t('auth.idleInvalid'), save }
      : null,
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // save() shows its error under the field; it rethrows only for the leave dialog.
    if (valid) save().catch(() => undefined);
  };

  return (
    <form
      className="card settings"
      onSubmit={onSubmit}
      aria-labelledby="idle-title"
      data-testid="idle-lock-form"
    >
      <h2 id="idle-title">{t('auth.idleTitle')}</h2>
      <label htmlFor="idle-minutes">{t('auth.idleLabel')}</label>
      <div className="row">
        <input
          id="idle-minutes"
          className="input idle-minutes"
          inputMode="numeric"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setSaved(false);
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={!valid}>
          {t('auth.idleSave')}
        </button>
      </div>
      <p className="muted small">{t('auth.idleHint')}</p>
      {!valid && (
        <p className="bad-text" role="alert">
          {t('auth.idleInvalid')}
        </p>
      )}
      <ErrorMessage error={error} />
      {saved && (
        <p className="ok-text" role="status">
          {t('auth.idleSaved')}
        </p>
      )}
    </form>
  );
}
