import type { CallName, EventName, HostKind, Permission, Role } from '../contract';

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
 * Until users and roles land (workflow), everyone on this PC may do everything. The hook is
 * here so that the router already asks, and a real policy is a one-line swap.
 */
export const allowAll: Policy = () => true;

export const localCaller = (host: HostKind): Caller => ({ host, userId: null, roles: ['admin'] });
