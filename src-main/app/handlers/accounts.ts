import type { Accounts } from '../../accounts/accounts-service';
import type { SessionTable } from '../../accounts/sessions';
import { PERMISSIONS, StudioError, type SessionState, type SignInResult } from '../../contract';
import type { Caller, Policy } from '../policy';
import type { Handlers } from '../router';
import type { Seats } from '../seats';

type AccountCall =
  | 'auth.state'
  | 'auth.setup'
  | 'auth.signIn'
  | 'auth.resume'
  | 'auth.signOut'
  | 'auth.lock'
  | 'auth.unlock'
  | 'auth.changePassword'
  | 'users.list'
  | 'users.add'
  | 'users.update'
  | 'users.resetPassword'
  | 'users.setDisabled';

export interface AccountHandlerParts {
  accounts: Accounts;
  sessions: SessionTable;
  seats: Seats;
  policy: Policy;
  idleLockMinutes: () => number;
}

/**
 * Accounts and the session of the connection a call comes through (`caller.seat`). What a caller
 * may do is decided by the router for every call, from who the seats say is there.
 */
export function accountHandlers(parts: AccountHandlerParts): Pick<Handlers, AccountCall> {
  const { accounts, sessions, seats } = parts;

  /** The caller at the call's seat now (after the call changed it). */
  const now = (caller: Caller): Caller => (caller.seat ? seats.caller(caller.seat, caller) : caller);

  const stateOf = (caller: Caller): SessionState => {
    const user = caller.userId && caller.userName ? accounts.get(caller.userId) : null;
    return {
      setupNeeded: !accounts.hasUsers(),
      user,
      locked: Boolean(caller.locked),
      permissions: PERMISSIONS.filter((p) => p !== 'session' && parts.policy(caller, p, 'auth.state')),
      idleLockMinutes: parts.idleLockMinutes(),
    };
  };

  const seatOf = (caller: Caller): string => {
    if (!caller.seat)
      throw new StudioError('UNAVAILABLE', 'Chỉ đăng nhập được qua một cửa sổ hoặc một lệnh.');
    return caller.seat;
  };

  const signedIn = (seat: string, userId: string, caller: Caller): SignInResult => {
    const resumeToken = sessions.start(seat, userId);
    return { session: stateOf(now(caller)), resumeToken };
  };

  /** The signed-in, unlocked user of the seat. */
  const userOf = (caller: Caller): string => {
    if (caller.locked) throw new StudioError('SESSION_LOCKED');
    if (!caller.userId || !caller.userName) throw new StudioError('UNAUTHORIZED', 'Hãy đăng nhập trước.');
    return caller.userId;
  };

  return {
    'auth.state': (_req, caller) => stateOf(caller),
    'auth.setup': async (req, caller) => {
      const seat = seatOf(caller);
      const user = await accounts.setup(req);
      return signedIn(seat, user.id, caller);
    },
    'auth.signIn': async (req, caller) => {
      const seat = seatOf(caller);
      const user = await accounts.signIn(req.name, req.password);
      return signedIn(seat, user.id, caller);
    },
    'auth.resume': (req, caller) => {
      const seat = seatOf(caller);
      const resumed = sessions.resume(seat, req.resumeToken) ? now(caller) : null;
      if (!resumed?.userName) throw new StudioError('UNAUTHORIZED');
      return stateOf(resumed);
    },
    'auth.signOut': (_req, caller) => {
      sessions.end(seatOf(caller));
      return stateOf(now(caller));
    },
    'auth.lock': (_req, caller) => {
      sessions.lock(seatOf(caller));
      return stateOf(now(caller));
    },
    'auth.unlock': async (req, caller) => {
      const seat = seatOf(caller);
      if (!caller.userId || !caller.userName) throw new StudioError('UNAUTHORIZED', 'Hãy đăng nhập trước.');
      if (caller.locked) {
        await accounts.confirm(caller.userId, req.password);
        sessions.unlock(seat);
      }
      return stateOf(now(caller));
    },
    'auth.changePassword': async (req, caller) => {
      await accounts.changePassword(userOf(caller), req.current, req.next);
      return stateOf(now(caller));
    },
    'users.list': () => accounts.list(),
    'users.add': (req) => accounts.add(req),
    'users.update': (req) => accounts.update(req),
    'users.resetPassword': async (req) => {
      const user = await accounts.resetPassword(req);
      // Whoever knew the old password is out at once.
      sessions.endForUser(user.id);
      return user;
    },
    'users.setDisabled': (req) => {
      const user = accounts.setDisabled(req);
      if (user.disabled) sessions.endForUser(user.id);
      return user;
    },
  };
}
