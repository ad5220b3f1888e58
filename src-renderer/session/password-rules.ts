import type { TFunction } from 'i18next';
import type { PASSWORD_MIN_LENGTH } from '../../src-main/contract';
import { StudioCallError } from '../studio/studio-error';

/** The contract's shortest password (the renderer imports its type only; a change fails to compile here). */
export const PASSWORD_MIN: typeof PASSWORD_MIN_LENGTH = 8;

/** What is wrong with a new password typed twice, or null: said before main is asked. */
export function newPasswordProblem(t: TFunction, password: string, repeated: string): string | null {
  if (password.length < PASSWORD_MIN) return t('auth.passwordTooShort', { min: PASSWORD_MIN });
  if (password !== repeated) return t('auth.passwordsDiffer');
  return null;
}

/**
 * A refusal of a request with a sign-in name that main's schema did not take, said as the rule
 * for names (main's message names the field in its own terms).
 */
export function explainNameRefusal(t: TFunction, error: StudioCallError): StudioCallError {
  const issues = Array.isArray(error.details) ? (error.details as { path?: unknown }[]) : [];
  const aboutName = issues.some((i) => Array.isArray(i.path) && i.path[0] === 'name');
  if (error.code !== 'INVALID_REQUEST' || !aboutName) return error;
  return new StudioCallError({ code: error.code, message: t('auth.nameInvalid'), details: error.details });
}
