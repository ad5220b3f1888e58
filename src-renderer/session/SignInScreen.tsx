import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInResult } from '../../src-main/contract';
import type { StudioClient } from '../studio/client';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from '../ui/ErrorMessage';
import { AuthPage } from './AuthPage';
import { PasswordField } from './PasswordField';
import { explainNameRefusal } from './password-rules';
import { retryAfter, useCountdown } from './useCountdown';

/** Name and password; Enter signs in. After too many wrong tries main says how long to wait. */
export function SignInScreen({
  client,
  onSignedIn,
}: {
  client: StudioClient;
  onSignedIn(result: SignInResult): void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [wait, startWait] = useCountdown();
  const form = useRef<HTMLFormElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || wait > 0 || !name.trim() || !password) return;
    setBusy(true);
    try {
      const result = await client.api.auth.signIn({ name: name.trim().toLowerCase(), password });
      onSignedIn(result);
    } catch (err) {
      const refusal = toStudioCallError(err);
      setError(explainNameRefusal(t, refusal));
      startWait(retryAfter(refusal.details));
      setPassword('');
      setBusy(false);
      form.current?.querySelector<HTMLInputElement>('input[type="password"]')?.focus();
    }
  };

  return (
    <AuthPage title={t('auth.signInTitle')} intro={t('auth.signInIntro')} testId="sign-in">
      <form ref={form} className="auth-form" onSubmit={(e) => void submit(e)}>
        <label className="auth-field">
          {t('auth.name')}
          <input
            className="input"
            value={name}
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            data-testid="sign-in-name"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <PasswordField
          label={t('auth.password')}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          testId="sign-in-password"
        />
        <ErrorMessage error={error} />
        {wait > 0 && (
          <p className="auth-wait" role="timer" data-testid="sign-in-wait">
            {t('auth.retryIn', { seconds: wait })}
          </p>
        )}
        <button
          type="submit"
          className="btn btn-primary auth-submit"
          disabled={busy || wait > 0 || !name.trim() || !password}
        >
          {busy ? t('auth.signingIn') : t('auth.signInSubmit')}
        </button>
      </form>
    </AuthPage>
  );
}
