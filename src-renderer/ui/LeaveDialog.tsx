import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from './ErrorMessage';
import { Modal } from './Modal';
import { answerLeave, type UnsavedWork, unsavedWork } from './unsaved';

/**
 * The shell's question before leaving unsaved work: "Lưu" (when it can be saved as it is),
 * "Bỏ thay đổi", or "Ở lại". A save that fails keeps the dialog open with main's reason.
 */
export function LeaveDialog() {
  const { t } = useTranslation();
  const [asked, setAsked] = useState<{ go: () => void; work: UnsavedWork[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  /** A form that could not save and said why on its own screen. */
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(
    () =>
      answerLeave((go) => {
        setError(null);
        setFailed(null);
        setAsked({ go, work: unsavedWork() });
      }),
    [],
  );
  if (!asked) return null;
  const { go, work } = asked;
  const stay = () => setAsked(null);
  const saveable = work.every((w) => w.save && !w.problem);
  const saveAll = async () => {
    setBusy(true);
    setError(null);
    setFailed(null);
    try {
      for (const w of work) {
        if ((await w.save!()) === false) {
          setFailed(w.where);
          return;
        }
      }
      setAsked(null);
      go();
    } catch (err) {
      setError(toStudioCallError(err));
    } finally {
      setBusy(false);
    }
  };
  const discard = () => {
    for (const w of work) w.discard?.();
    setAsked(null);
    go();
  };
  return (
    <Modal title={t('unsaved.title')} onClose={stay} testId="leave-dialog">
      <div className="confirm-body">
        <p>{t('unsaved.intro', { where: work.map((w) => `“${w.where}”`).join(', ') })}</p>
        {work.some((w) => w.problem) && (
          <ul>
            {work.map(
              (w) =>
                w.problem && (
                  <li key={w.where}>
                    {work.length === 1
                      ? w.problem
                      : t('unsaved.problem', { where: w.where, problem: w.problem })}
                  </li>
                ),
            )}
          </ul>
        )}
        <p className="muted small">{saveable ? t('unsaved.ask') : t('unsaved.askInvalid')}</p>
      </div>
      {failed && <p className="bad-text">{t('unsaved.failed', { where: failed })}</p>}
      <ErrorMessage error={error} />
      <div className="row confirm-actions">
        {saveable && (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void saveAll()}>
            {t('unsaved.save')}
          </button>
        )}
        <button type="button" className="btn btn-danger" disabled={busy} onClick={discard}>
          {t('unsaved.discard')}
        </button>
        <button type="button" className="btn" onClick={stay}>
          {t('unsaved.stay')}
        </button>
      </div>
    </Modal>
  );
}
