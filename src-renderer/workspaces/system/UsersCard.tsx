import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserSummary } from '../../../src-main/contract';
import { ROLE_LIST, sortRoles } from '../../session/roles';
import { useSession } from '../../session/session-context';
import { useStudio } from '../../studio/studio-context';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/dates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { useCall } from '../../ui/useCall';
import { ResetPasswordDialog, UserDialog } from './UserDialogs';

type Dialog =
  | { kind: 'add' }
  | { kind: 'edit'; user: UserSummary }
  | { kind: 'reset'; user: UserSummary }
  | { kind: 'disable'; user: UserSummary };

/** "Người dùng" (users.manage): the station's accounts, their roles, resets and disabling. */
export function UsersCard() {
  const { t } = useTranslation();
  const { client, settings } = useStudio();
  const { user: me } = useSession();
  const list = useCall(() => client.api.users.list());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const lang = settings.uiLanguage;

  const done = (message: string) => {
    setNote(message);
    list.reload();
  };
  const rolesOf = (u: UserSummary) =>
    sortRoles(u.roles)
      .map((r) => t(`roles.${r}.name`))
      .join(', ');

  return (
    <section className="card users-card" aria-labelledby="users-title" data-testid="users-card">
      <div className="row spread">
        <h2 id="users-title">{t('users.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'add' })}>
          {t('users.add')}
        </button>
      </div>
      <p className="muted">{t('users.intro')}</p>
      <ErrorMessage error={list.error} />
      {note && (
        <p className="ok-text" role="status" data-testid="users-note">
          {note}
        </p>
      )}
      {list.data && (
        <table className="table users-table">
          <thead>
            <tr>
              <th>{t('users.column.displayName')}</th>
              <th>{t('users.column.name')}</th>
              <th>{t('users.column.roles')}</th>
              <th>{t('users.column.state')}</th>
              <th>{t('users.column.lastSignIn')}</th>
              <th>{t('users.column.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((u) => (
              <tr key={u.id} data-user={u.name} className={u.disabled ? 'user-disabled' : undefined}>
                <td>
                  {u.displayName} {u.id === me.id && <span className="muted">{t('users.you')}</span>}
                </td>
                <td>
                  <code>{u.name}</code>
                </td>
                <td>{rolesOf(u)}</td>
                <td>
                  {u.disabled ? (
                    <span className="status status-missing">{t('users.disabledState')}</span>
                  ) : (
                    <span className="status status-ok">{t('users.active')}</span>
                  )}
                  {u.mustChangePassword && <span className="tag">{t('users.mustChange')}</span>}
                </td>
                <td>{u.lastSignInAt ? formatDateTime(u.lastSignInAt, lang) : t('users.never')}</td>
                <td>
                  <div className="row wrap">
                    <button
                      type="button"
                      className="btn small-btn"
                      onClick={() => setDialog({ kind: 'edit', user: u })}
                    >
                      {t('users.edit')}
                    </button>
                    <button
                      type="button"
                      className="btn small-btn"
                      onClick={() => setDialog({ kind: 'reset', user: u })}
                    >
                      {t('users.resetPassword')}
                    </button>
                    {u.id !== me.id && (
                      <button
                        type="button"
                        className="btn small-btn"
                        onClick={() => setDialog({ kind: 'disable', user: u })}
                      >
                        {u.disabled ? t('users.enable') : t('users.disable')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog?.kind === 'add' && (
        <UserDialog
          roles={ROLE_LIST}
          onClose={() => setDialog(null)}
          onSaved={(u) => done(t('users.added', { name: u.displayName }))}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserDialog
          user={dialog.user}
          roles={ROLE_LIST}
          onClose={() => setDialog(null)}
          onSaved={() => done(t('users.saved'))}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => done(t('users.resetDone', { name: dialog.user.displayName }))}
        />
      )}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          testId="user-disable-dialog"
          title={
            dialog.user.disabled
              ? t('users.enableTitle', { name: dialog.user.displayName })
              : t('users.disableTitle', { name: dialog.user.displayName })
          }
          confirmLabel={dialog.user.disabled ? t('users.enableConfirm') : t('users.disableConfirm')}
          onConfirm={async () => {
            const u = await client.api.users.setDisabled({
              id: dialog.user.id,
              disabled: !dialog.user.disabled,
            });
            done(t('users.saved'));
            return u;
          }}
          onClose={() => setDialog(null)}
        >
          <p>
            {dialog.user.disabled
              ? t('users.enableBody', { name: dialog.user.displayName })
              : t('users.disableBody', { name: dialog.user.displayName })}
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
