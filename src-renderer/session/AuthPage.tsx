import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The page around the screens shown before the studio itself: first start, sign-in, lock. */
export function AuthPage({
  title,
  intro,
  children,
  testId,
  overlay,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  testId: string;
  /** Over the studio (the lock), which stays mounted beneath with its unsaved work. */
  overlay?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className={overlay ? 'auth-page auth-overlay' : 'auth-page'}>
      <section
        className="auth-card card"
        aria-labelledby="auth-title"
        data-testid={testId}
        role="dialog"
        aria-modal={overlay}
      >
        <div className="brand auth-brand">
          <div className="brand-mark" aria-hidden="true">
            ◉
          </div>
          <div>
            <div className="brand-name">{t('app.title')}</div>
            <div className="brand-sub">{t('app.subtitle')}</div>
          </div>
        </div>
        <h1 id="auth-title">{title}</h1>
        {intro && <p className="muted auth-intro">{intro}</p>}
        {children}
      </section>
    </div>
  );
}
