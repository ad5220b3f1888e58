import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A password input with its label, a show/hide button and the Caps Lock hint (a wrong password
 * typed in capitals is the commonest sign-in failure after the Vietnamese input method).
 */
export function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  autoFocus,
  testId,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  autoComplete: 'current-password' | 'new-password';
  autoFocus?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const watchCaps = (e: KeyboardEvent) => setCapsLock(e.getModifierState('CapsLock'));
  return (
    <div className="auth-field">
      <label>
        {label}
        <span className="password-row">
          <input
            className="input"
            type={shown ? 'text' : 'password'}
            value={value}
            autoComplete={autoComplete}
            autoFocus={autoFocus}
            spellCheck={false}
            autoCapitalize="off"
            data-testid={testId}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={watchCaps}
            onKeyUp={watchCaps}
            onBlur={() => setCapsLock(false)}
          />
          <button
            type="button"
            className="btn small-btn"
            aria-pressed={shown}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? t('auth.hidePassword') : t('auth.showPassword')}
          </button>
        </span>
      </label>
      {capsLock && (
        <p className="caps-hint" role="status" data-testid="caps-lock">
          {t('auth.capsLock')}
        </p>
      )}
    </div>
  );
}
