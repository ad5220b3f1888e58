import { z } from 'zod';
import {
  PASSWORD_MIN_LENGTH,
  USER_NAME_PATTERN,
  type SessionState,
  type SignInResult,
  type UserSummary,
} from '../account-models';
import { ROLES, type Role } from '../permissions';
import { call, emptyRequest } from './define';

const userName = z.string().trim().toLowerCase().regex(USER_NAME_PATTERN);
const displayName = z.string().trim().min(1).max(120);
/** Passwords are taken as typed (no trimming): a space may be part of one. */
const password = z.string().max(200);
const newPassword = z.string().min(PASSWORD_MIN_LENGTH).max(200);
const roles = z
  .array(z.enum(ROLES as unknown as [Role, ...Role[]]))
  .min(1)
  .max(ROLES.length)
  .refine((r) => new Set(r).size === r.length, 'Mỗi vai trò chỉ ghi một lần.');
const userId = z.string().regex(/^[0-9a-f]{32}$/);

export const accountCalls = {
  /** Who is at this window, whether the studio waits for its first admin, whether it is locked. */
  'auth.state': call<SessionState>()({ request: emptyRequest, permission: 'session' }),
  /**
   * The first start: creates the admin with the name and password chosen on screen and signs them
   * in. Refused (CONFLICT) once any user exists.
   */
  'auth.setup': call<SignInResult>()({
    request: z.object({ name: userName, displayName, password: newPassword }).strict(),
    permission: 'session',
  }),
  /** SIGN_IN_FAILED for a wrong name or password alike; SIGN_IN_THROTTLED after too many. */
  'auth.signIn': call<SignInResult>()({
    request: z.object({ name: userName, password }).strict(),
    permission: 'session',
  }),
  /** A reloaded window takes its session back; UNAUTHORIZED when the token is no longer valid. */
  'auth.resume': call<SessionState>()({
    request: z.object({ resumeToken: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    permission: 'session',
  }),
  'auth.signOut': call<SessionState>()({ request: emptyRequest, permission: 'session' }),
  /** Locks the window (the idle time passed, or the user stepped away: Ctrl+L). */
  'auth.lock': call<SessionState>()({ request: emptyRequest, permission: 'session' }),
  'auth.unlock': call<SessionState>()({
    request: z.object({ password }).strict(),
    permission: 'session',
  }),
  /** The signed-in user's own password; the current one is asked again. */
  'auth.changePassword': call<SessionState>()({
    request: z.object({ current: password, next: newPassword }).strict(),
    permission: 'session',
  }),

  'users.list': call<UserSummary[]>()({ request: emptyRequest, permission: 'users.manage' }),
  'users.add': call<UserSummary>()({
    request: z.object({ name: userName, displayName, roles, password: newPassword }).strict(),
    permission: 'users.manage',
  }),
  /** Display name and roles; the last enabled admin keeps the admin role. */
  'users.update': call<UserSummary>()({
    request: z.object({ id: userId, displayName: displayName.optional(), roles: roles.optional() }).strict(),
    permission: 'users.manage',
  }),
  /** Sets a new password the user must change at their next sign-in. */
  'users.resetPassword': call<UserSummary>()({
    request: z.object({ id: userId, password: newPassword }).strict(),
    permission: 'users.manage',
  }),
  /** Disables (or enables again) a user; their sessions end. The last enabled admin cannot be disabled. */
  'users.setDisabled': call<UserSummary>()({
    request: z.object({ id: userId, disabled: z.boolean() }).strict(),
    permission: 'users.manage',
  }),
} as const;
