import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../src-main/contract';
import type { StudioClient } from '../studio/client';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from '../ui/ErrorMessage';
import { PasswordField } from './PasswordField';
import { newPasswordProblem, PASSWORD_MIN } from './password-rules';

/** The signed-in user's own password: the current one again, the new one twice. */
export function ChangePasswordForm({
  client,
  onChanged,
  children,
}: {
  client: StudioClient;
  onChanged(next: SessionState): void;
  /** Buttons beside "Đổi mật khẩu" (cancel, or sign out when the change is forced). */
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeated, setRepeated] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const problem = newPasswordProblem(t, next, repeated);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || problem || !current) return;
    setBusy(true);
    try {
      onChanged(await client.api.auth.changePassword({ current, next }));
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };

  return (
    <form className="auth-form" onSubmit={(e) => void submit(e)} data-testid="change-password">
      <PasswordField
        label={t('auth.currentPassword')}
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
        autoFocus
        testId="current-password"
      />
      <PasswordField
        label={t('auth.newPassword')}
        value={next}
        onChange={setNext}
        autoComplete="new-password"
        testId="new-password"
      />
      <PasswordField
        label={t('auth.repeatPassword')}
        value={repeated}
        onChange={setRepeated}
        autoComplete="new-password"
        testId="repeat-password"
      />
      <p className="muted small">{t('auth.passwordRule', { min: PASSWORD_MIN })}</p>
      {tried && problem && (
        <p className="bad-text" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="row wrap">
        <button type="submit" className="btn btn-primary" disabled={busy || !current}>
          {t('auth.changeSubmit')}
        </button>
        {children}
      </div>
    </form>
  );
}
