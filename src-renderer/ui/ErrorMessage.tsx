import { useTranslation } from 'react-i18next';

/**
 * Every error staff see: the message in their words, and what a program said (if anything) shut
 * away under "Chi tiết kỹ thuật" for whoever looks after the PC. `inline`: a line in a list (an
 * import's failed file) rather than a banner; `tone="warning"`: something to know now (a
 * recording stopped) rather than a refusal.
 */
export function ErrorMessage({
  error,
  inline = false,
  tone = 'error',
}: {
  error: { code: string; message: string; technical?: string } | null | undefined;
  inline?: boolean;
  tone?: 'error' | 'warning';
}) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div
      className={inline ? 'file-error' : `banner banner-${tone}`}
      role={inline ? undefined : 'alert'}
      data-code={error.code}
    >
      <span data-testid="error-text">{error.message}</span>
      {error.technical && (
        <details className="error-technical">
          <summary>{t('errors.technical')}</summary>
          <pre>{error.technical}</pre>
        </details>
      )}
    </div>
  );
}
