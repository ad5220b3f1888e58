import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState, UserSummary } from '../../src-main/contract';
import type { StudioClient } from '../studio/client';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from '../ui/ErrorMessage';
import { AuthPage } from './AuthPage';
import { PasswordField } from './PasswordField';
import { retryAfter, useCountdown } from './useCountdown';

/**
 * Over the studio while the session is locked: the studio stays mounted beneath (what was typed
 * and not saved is still there after unlocking). The password unlocks; or the user signs out.
 */
export function LockScreen({
  client,
  user,
  onUnlocked,
  onSignOut,
}: {
  client: StudioClient;
  user: UserSummary;
  onUnlocked(next: SessionState): void;
  onSignOut(): void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const [wait, startWait] = useCountdown();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || wait > 0 || !password) return;
    setBusy(true);
    try {
      onUnlocked(await client.api.auth.unlock({ password }));
    } catch (err) {
      const refusal = toStudioCallError(err);
      setError(refusal);
      startWait(retryAfter(refusal.details));
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <AuthPage overlay title={t('auth.lockedTitle')} intro={t('auth.lockedIntro')} testId="lock-screen">
      <p className="auth-user" data-testid="locked-user">
        {t('auth.lockedUser', { name: user.displayName })} <span className="muted">({user.name})</span>
      </p>
      <form className="auth-form" onSubmit={(e) => void submit(e)}>
        <PasswordField
          label={t('auth.password')}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
          autoFocus
          testId="unlock-password"
        />
        <ErrorMessage error={error} />
        {wait > 0 && (
          <p className="auth-wait" role="timer">
            {t('auth.retryIn', { seconds: wait })}
          </p>
        )}
        <div className="row wrap">
          <button type="submit" className="btn btn-primary" disabled={busy || wait > 0 || !password}>
            {t('auth.unlock')}
          </button>
          <button type="button" className="btn" onClick={onSignOut}>
            {t('auth.signOutInstead')}
          </button>
        </div>
      </form>
    </AuthPage>
  );
}
