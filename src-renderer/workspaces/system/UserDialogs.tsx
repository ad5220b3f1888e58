import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, UserSummary } from '../../../src-main/contract';
import { PasswordField } from '../../session/PasswordField';
import { explainNameRefusal, newPasswordProblem, PASSWORD_MIN } from '../../session/password-rules';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Modal } from '../../ui/Modal';

/** Adds a user (name, display name, roles, a first password) or edits one (display name, roles). */
export function UserDialog({
  user,
  roles: allRoles,
  onClose,
  onSaved,
}: {
  /** Absent: a new user. */
  user?: UserSummary;
  roles: readonly Role[];
  onClose(): void;
  onSaved(user: UserSummary): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [roles, setRoles] = useState<ReadonlySet<Role>>(() => new Set(user?.roles ?? []));
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);

  const problem =
    roles.size === 0 ? t('users.rolesNeeded') : user ? null : newPasswordProblem(t, password, repeated);
  const toggle = (role: Role) =>
    setRoles((now) => {
      const next = new Set(now);
      if (!next.delete(role)) next.add(role);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || problem || !displayName.trim() || (!user && !name.trim())) return;
    setBusy(true);
    setError(null);
    const chosen = allRoles.filter((r) => roles.has(r));
    try {
      const saved = user
        ? await client.api.users.update({ id: user.id, displayName: displayName.trim(), roles: chosen })
        : await client.api.users.add({
            name: name.trim().toLowerCase(),
            displayName: displayName.trim(),
            roles: chosen,
            password,
          });
      onSaved(saved);
      onClose();
    } catch (err) {
      setError(explainNameRefusal(t, toStudioCallError(err)));
      setBusy(false);
    }
  };

  return (
    <Modal
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.addTitle')}
      onClose={onClose}
      testId="user-dialog"
      wide
    >
      <form className="user-form" onSubmit={(e) => void submit(e)} noValidate>
        {user ? (
          <p className="muted">
            {t('auth.name')}: <code>{user.name}</code>
          </p>
        ) : (
          <label className="auth-field">
            {t('auth.name')}
            <input
              className="input"
              value={name}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              data-testid="user-name"
              onChange={(e) => setName(e.target.value)}
            />
            <span className="muted small">{t('auth.nameHint')}</span>
          </label>
        )}
        <label className="auth-field">
          {t('auth.displayName')}
          <input
            className="input"
            value={displayName}
            autoComplete="off"
            data-testid="user-display-name-input"
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </label>
        <fieldset className="role-choices">
          <legend>{t('users.rolesLabel')}</legend>
          {allRoles.map((role) => (
            <label key={role} className="role-choice">
              <input
                type="checkbox"
                checked={roles.has(role)}
                data-role={role}
                onChange={() => toggle(role)}
              />
              <span>
                <strong>{t(`roles.${role}.name`)}</strong>
                <span className="muted small">{t(`roles.${role}.description`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {!user && (
          <>
            <PasswordField
              label={t('auth.password')}
              value={password}
              onChange={setPassword}
              autoComplete="new-password"
              testId="user-password"
            />
            <PasswordField
              label={t('auth.repeatPassword')}
              value={repeated}
              onChange={setRepeated}
              autoComplete="new-password"
              testId="user-repeat"
            />
            <p className="muted small">{t('auth.passwordRule', { min: PASSWORD_MIN })}</p>
          </>
        )}
        {tried && problem && (
          <p className="bad-text" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {user ? t('users.save') : t('users.create')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('users.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A temporary password the user must change at their next sign-in. */
export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserSummary;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { client } = useStudio();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);
  const problem = newPasswordProblem(t, password, repeated);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (busy || problem) return;
    setBusy(true);
    try {
      await client.api.users.resetPassword({ id: user.id, password });
      onDone();
      onClose();
    } catch (err) {
      setError(toStudioCallError(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t('users.resetTitle', { name: user.displayName })} onClose={onClose} testId="reset-dialog">
      <form className="user-form" onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('users.resetIntro', { name: user.displayName })}</p>
        <PasswordField
          label={t('auth.newPassword')}
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          autoFocus
          testId="reset-password"
        />
        <PasswordField
          label={t('auth.repeatPassword')}
          value={repeated}
          onChange={setRepeated}
          autoComplete="new-password"
          testId="reset-repeat"
        />
        {tried && problem && (
          <p className="bad-text" role="alert">
            {problem}
          </p>
        )}
        <ErrorMessage error={error} />
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {t('users.resetPassword')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('users.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
