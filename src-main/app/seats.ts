import { randomUUID } from 'node:crypto';
import type { Accounts } from '../accounts/accounts-service';
import type { SessionTable } from '../accounts/sessions';
import type { Caller } from './policy';

/**
 * Who is at each connection now. A connection is opened with a caller (its base) and gets a seat in
 * the session table; before each call and each event it asks here who it is:
 * - signed in: the user as the records say now (roles changed or the user disabled count at once;
 *   a disabled user's sessions end), locked or not;
 * - nobody signed in, and the studio has users: anonymous (no role: only `session` calls);
 * - nobody signed in, and no user exists yet: the base caller (the local admin of `localCaller`).
 */
export interface Seats {
  /** A seat for a new connection. */
  open(): string;
  /** The caller at `seat` now, for a connection opened as `base`. */
  caller(seat: string, base: Caller): Caller;
  /** The seat made a call (the idle lock counts from the last one). */
  touch(seat: string): void;
  /** The connection closed (its session stays resumable by its token). */
  leave(seat: string): void;
}

export function createSeats(accounts: Accounts, sessions: SessionTable): Seats {
  return {
    open: () => randomUUID(),
    caller(seat, base) {
      const session = sessions.of(seat);
      if (session) {
        const user = accounts.identity(session.userId);
        if (user && !user.disabled) {
          return {
            host: base.host,
            userId: user.id,
            userName: user.name,
            displayName: user.displayName,
            roles: user.roles,
            locked: session.locked,
            mustChangePassword: user.mustChangePassword,
            seat,
          };
        }
        sessions.endForUser(session.userId);
      }
      if (accounts.hasUsers()) return { host: base.host, userId: null, userName: null, roles: [], seat };
      return { ...base, seat };
    },
    touch: (seat) => sessions.touch(seat),
    leave: (seat) => sessions.leave(seat),
  };
}
