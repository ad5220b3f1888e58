import { useTranslation } from 'react-i18next';
import type { StudioErrorShape } from '../../src-main/contract';

/**
 * Every error staff see: the message in their words, and what a program said (if anything) shut
 * away under "Chi tiết kỹ thuật" for whoever looks after the PC. `inline`: a line in a list (an
 * import's failed file) rather than a banner.
 */
export function ErrorMessage({
  error,
  inline = false,
}: {
  error: Pick<StudioErrorShape, 'code' | 'message' | 'technical'> | null | undefined;
  inline?: boolean;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div
      className={inline ? 'file-error' : 'banner banner-error'}
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
