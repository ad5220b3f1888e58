import {
  rolesGrant,
  type CallName,
  type EventName,
  type HostKind,
  type Permission,
  type Role,
} from '../contract';

/** Who is calling. Every host builds one per connection; the router never trusts the renderer's word. */
export interface Caller {
  host: HostKind;
  /** The signed-in user, or null (nobody signed in; the local admin of a studio with no users). */
  userId: string | null;
  /** The user's sign-in name, for the audit log. */
  userName?: string | null;
  /** The name people know the user by, for what others read (a programme's history, notifications). */
  displayName?: string | null;
  roles: readonly Role[];
  /** Signed in but locked: only `session` calls until the password is given again. */
  locked?: boolean;
  /**
   * Signed in with a password an admin reset: only `session` calls until the user chooses their
   * own (`auth.changePassword`), so the admin who knows the reset one cannot act as them.
   */
  mustChangePassword?: boolean;
  /**
   * The connection this caller speaks through (its seat in the session table): what `auth.*`
   * calls sign in, lock or out. Absent for a call made on the router directly.
   */
  seat?: string;
}

/**
 * Decides whether a caller may make a call, receive an event or fetch a media file (`subject`
 * names which). Checked in main for every request and every event.
 */
export type Policy = (
  caller: Caller,
  permission: Permission,
  subject: CallName | EventName | 'media' | 'upload',
) => boolean;

/**
 * The station's policy: a caller may do what one of its roles grants in the contract's
 * `ROLE_PERMISSIONS`, whatever it asks for (a call, an event, a media file). `session` calls (sign
 * in, who am I) are everyone's: a window makes them before it has a user. A locked caller, or one
 * who must change a reset password, may make only those (the router says which) and hears no event.
 */
export const rolePolicy: Policy = (caller, permission) =>
  permission === 'session' ||
  (!caller.locked && !caller.mustChangePassword && rolesGrant(caller.roles, permission));

/**
 * Whoever sits at this PC, as the local admin: what a connection opened with it may do only while
 * the data folder has no users (the first start, a studio used by one person). Once a user exists
 * it is anonymous until someone signs in on it (app/seats.ts).
 */
export const localCaller = (host: HostKind): Caller => ({ host, userId: null, roles: ['admin'] });

/** Nobody yet: a window before its sign-in (or first-start setup) screen has done its work. */
export const anonymousCaller = (host: HostKind): Caller => ({ host, userId: null, roles: [] });

/**
 * The station's own rules over a policy: who may start and end an emergency is what the station
 * set in its live settings (`db/live.json`, `emergencyRoles`), read at each check so a change counts
 * at once; the admin always may. Everything else is the policy's.
 */
export function withStationRules(policy: Policy, emergencyRoles: () => readonly string[]): Policy {
  return (caller, permission, subject) => {
    if (permission !== 'live.emergency') return policy(caller, permission, subject);
    if (caller.locked || caller.mustChangePassword) return false;
    const allowed = emergencyRoles();
    return caller.roles.some((role) => role === 'admin' || allowed.includes(role));
  };
}
