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
  userId: string | null;
  roles: readonly Role[];
}

/**
 * Decides whether a caller may make a call, receive an event or fetch a media file (`subject`
 * names which). Checked in main for every request and every event.
 */
export type Policy = (
  caller: Caller,
  permission: Permission,
  subject: CallName | EventName | 'media',
) => boolean;

/**
 * The station's policy: a caller may do what one of its roles grants in the contract's
 * `ROLE_PERMISSIONS`, whatever it asks for (a call, an event, a media file). `session` calls (sign
 * in, who am I) are everyone's: a window makes them before it has a user.
 */
export const rolePolicy: Policy = (caller, permission) =>
  permission === 'session' || rolesGrant(caller.roles, permission);

/** Until accounts land, whoever sits at this PC is the local admin (who may do everything). */
export const localCaller = (host: HostKind): Caller => ({ host, userId: null, roles: ['admin'] });
