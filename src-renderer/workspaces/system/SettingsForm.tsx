import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useUnsaved } from '../../ui/unsaved';

export function SettingsForm() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const [ffmpegPath, setFfmpegPath] = useState(settings.ffmpegPath ?? '');
  const [error, setError] = useState<StudioCallError | null>(null);
  const [saved, setSaved] = useState(false);

  const typed = ffmpegPath.trim() === '' ? null : ffmpegPath.trim();

  /** Throws main's reason (also shown here) when the path was not taken. */
  const save = async (value: string | null) => {
    setSaved(false);
    try {
      await client.api.settings.update({ ffmpegPath: value });
      setError(null);
      setSaved(true);
    } catch (err) {
      setError(toStudioCallError(err));
      throw err;
    }
  };
  // Main checks the path, so it is not saved as it is typed: leaving with it typed asks first.
  useUnsaved(
    typed !== (settings.ffmpegPath ?? null) ? { where: t('settings.title'), save: () => save(typed) } : null,
  );

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    // save() shows its error under the field; it rethrows only for the leave dialog.
    save(typed).catch(() => undefined);
  };

  return (
    <form className="card settings" onSubmit={onSubmit} aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <label htmlFor="ffmpeg-path">{t('settings.ffmpegPath')}</label>
      <div className="row">
        <input
          id="ffmpeg-path"
          className="input"
          value={ffmpegPath}
          placeholder={t('settings.ffmpegPathPlaceholder')}
          onChange={(e) => setFfmpegPath(e.target.value)}
          spellCheck={false}
        />
        <button type="submit" className="btn btn-primary">
          {t('settings.save')}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setFfmpegPath('');
            // Shown under the field by save().
            save(null).catch(() => undefined);
          }}
        >
          {t('settings.auto')}
        </button>
      </div>
      <p className="muted small">{t('settings.ffmpegPathHint')}</p>
      <ErrorMessage error={error} />
      {saved && (
        <p className="ok-text" role="status">
          {t('settings.saved')}
        </p>
      )}
    </form>
  );
}
