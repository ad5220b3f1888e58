import { useTranslation } from 'react-i18next';
import { ErrorMessage } from './ErrorMessage';
import type { Autosave } from './useAutosave';

/** Where a self-saving form says how its saving goes: "Đang lưu…", "Đã lưu.", or why it could not. */
export function SaveStatus({ autosave, savedText }: { autosave: Autosave<unknown>; savedText?: string }) {
  const { t } = useTranslation();
  const { state, error } = autosave;
  if (state === 'pending' || state === 'saving') {
    return (
      <span className="muted small" role="status" data-save-state={state}>
        {t('autosave.saving')}
      </span>
    );
  }
  if (state === 'saved') {
    return (
      <span className="ok-text small" role="status" data-save-state={state}>
        {savedText ?? t('autosave.saved')}
      </span>
    );
  }
  if (state !== 'error') return null;
  return (
    <div className="wide" data-save-state={state}>
      <p className="small bad-text">{t('autosave.failed')}</p>
      <ErrorMessage error={error} />
      <button type="button" className="btn small-btn" onClick={() => void autosave.flush()}>
        {t('autosave.retry')}
      </button>
    </div>
  );
}
