import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudio } from '../studio/studio-context';
import { Modal } from '../ui/Modal';
import { ChangePasswordForm } from './ChangePasswordForm';
import { sortRoles } from './roles';
import { useSession } from './session-context';

/** Who is signed in, and their own account's actions: change password, lock, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { client } = useStudio();
  const { user, adopt, lock, signOut } = useSession();
  const [open, setOpen] = useState(false);
  const [changing, setChanging] = useState(false);
  const [changed, setChanged] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const roles = sortRoles(user.roles)
    .map((r) => t(`roles.${r}.name`))
    .join(', ');
  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };

  return (
    <div className="user-menu" ref={box}>
      <button
        type="button"
        className="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t('auth.menuLabel', { name: user.displayName })}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
      >
        <span className="user-avatar" aria-hidden="true">
          {initials(user.displayName)}
        </span>
        <span className="user-text">
          <span className="user-name" data-testid="user-display-name">
            {user.displayName}
          </span>
          <span className="user-roles" data-testid="user-roles">
            {roles}
          </span>
        </span>
      </button>
      {open && (
        <ul className="user-menu-list" role="menu">
          <li role="none">
            <button type="button" role="menuitem" onClick={choose(() => setChanging(true))}>
              {t('auth.changePassword')}
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={choose(lock)}>
              {t('auth.lock')}
              <kbd>{t('auth.lockHint')}</kbd>
            </button>
          </li>
          <li role="none">
            <button type="button" role="menuitem" onClick={choose(signOut)}>
              {t('auth.signOut')}
            </button>
          </li>
        </ul>
      )}
      {changed && (
        <p className="user-menu-note" role="status">
          {t('auth.changed')}
        </p>
      )}
      {changing && (
        <Modal
          title={t('auth.changeTitle')}
          onClose={() => setChanging(false)}
          testId="change-password-dialog"
        >
          <ChangePasswordForm
            client={client}
            onChanged={(next) => {
              adopt(next);
              setChanging(false);
              setChanged(true);
              setTimeout(() => setChanged(false), 4000);
            }}
          />
        </Modal>
      )}
    </div>
  );
}

/** "Nguyễn Thị Lan" → "NL": the first and last words, as Vietnamese names are shown. */
function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toLocaleUpperCase('vi');
}
