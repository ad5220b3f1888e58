import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInResult } from '../../src-main/contract';
import type { StudioClient } from '../studio/client';
import { type StudioCallError, toStudioCallError } from '../studio/studio-error';
import { ErrorMessage } from '../ui/ErrorMessage';
import { AuthPage } from './AuthPage';
import { PasswordField } from './PasswordField';
import { explainNameRefusal, newPasswordProblem, PASSWORD_MIN } from './password-rules';

/** The first start: the admin's name and password, chosen here (the studio has no default one). */
export function SetupScreen({
  client,
  onSignedIn,
}: {
  client: StudioClient;
  onSignedIn(result: SignInResult): void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const problem = newPasswordProblem(t, password, repeated);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || problem || !name.trim() || !displayName.trim()) return;
    setBusy(true);
    try {
      const result = await client.api.auth.setup({
        name: name.trim().toLowerCase(),
        displayName: displayName.trim(),
        password,
      });
      onSignedIn(result);
    } catch (err) {
      setError(explainNameRefusal(t, toStudioCallError(err)));
      setBusy(false);
    }
  };

  return (
    <AuthPage title={t('auth.setupTitle')} intro={t('auth.setupIntro')} testId="setup">
      <form className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
        <label className="auth-field">
          {t('auth.name')}
          <input
            className="input"
            value={name}
            autoComplete="username"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus
            data-testid="setup-name"
            onChange={(e) => setName(e.target.value)}
          />
          <span className="muted small">{t('auth.nameHint')}</span>
        </label>
        <label className="auth-field">
          {t('auth.displayName')}
          <input
            className="input"
            value={displayName}
            autoComplete="name"
            data-testid="setup-display-name"
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <span className="muted small">{t('auth.displayNameHint')}</span>
        </label>
        <PasswordField
          label={t('auth.password')}
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          testId="setup-password"
        />
        <PasswordField
          label={t('auth.repeatPassword')}
          value={repeated}
          onChange={setRepeated}
          autoComplete="new-password"
          testId="setup-repeat"
        />
        <p className="muted small">{t('auth.passwordRule', { min: PASSWORD_MIN })}</p>
        {tried && problem && (
          <p className="bad-text" role="alert" data-testid="password-problem">
            {problem}
          </p>
        )}
        <ErrorMessage error={error} />
        <button
          type="submit"
          className="btn btn-primary auth-submit"
          disabled={busy || !name.trim() || !displayName.trim()}
        >
          {t('auth.setupSubmit')}
        </button>
      </form>
    </AuthPage>
  );
}
