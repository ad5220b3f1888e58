import type { Permission, Role } from './permissions';

/** A station user as the studio shows them (never the password's hash). */
export interface UserSummary {
  id: string;
  /** The sign-in name: lowercase letters, digits, `.`, `_`, `-` ("lan.nguyen"); unique, never changes. */
  name: string;
  /** The name people see ("Nguyễn Thị Lan"). */
  displayName: string;
  /** At least one; a small station's reporter is often an editor too. */
  roles: Role[];
  /** A disabled user cannot sign in; what they made stays, with their name on it. */
  disabled: boolean;
  /** Set by an admin's password reset: the next sign-in asks for a new password first. */
  mustChangePassword: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

/** What a window knows of who is at it: asked with `auth.state`, changed by the other `auth.*` calls. */
export interface SessionState {
  /** No user exists yet: the first start asks for the admin's name and password (`auth.setup`). */
  setupNeeded: boolean;
  /** Null until someone signs in (and after signing out). */
  user: UserSummary | null;
  /** Signed in but locked after the idle time: only `auth.unlock` (with the password) or sign out. */
  locked: boolean;
  /** What the user may do now (none while locked): the UI hides the rest; main checks every call. */
  permissions: Permission[];
  /** Minutes without keyboard or mouse after which the window locks; 0: never. */
  idleLockMinutes: number;
}

/** The answer to signing in: the session, and a token that lets a reloaded window resume it. */
export interface SignInResult {
  session: SessionState;
  /**
   * Secret of this session (`auth.resume`), valid until sign-out, the studio's restart or the idle
   * time passing without a call. Kept in the window's session storage, never on disk.
   */
  resumeToken: string;
}

/** Shortest password the studio accepts. */
export const PASSWORD_MIN_LENGTH = 8;
/** Sign-in names: what `user add NAME` and the users screen accept. */
export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,39}$/;
