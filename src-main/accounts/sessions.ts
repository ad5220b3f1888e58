/**
 * Who is signed in at each seat (a seat is one connection: a window, a WebSocket, a command). Held
 * in memory only: a restart signs everyone out.
 *
 * - A session belongs to a user; a seat holds at most one. Signing in starts one and gives its
 *   resume token (32 random bytes, hex), which a reloaded window's new seat trades for the same
 *   session (`auth.resume`), locked or not.
 * - A session that made no call for the idle time is locked (looked at whenever the seat is asked
 *   about: before each call and each event), and its token no longer resumes it.
 * - Signing out ends the session for every seat holding it; so does disabling its user.
 * - Tokens are kept by their SHA-256, so a lookup's timing says nothing about a token.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Session {
  userId: string;
  locked: boolean;
  /** When the session last made a call (ms since the epoch). */
  lastActiveAt: number;
  /** SHA-256 (hex) of its resume token. */
  readonly tokenHash: string;
}

export interface SessionTableOptions {
  /** The idle time in milliseconds (0: never), read at each use: the setting may change. */
  idleMs: () => number;
  now?: () => number;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionTable {
  private readonly seats = new Map<string, Session>();
  private readonly byToken = new Map<string, Session>();
  private readonly now: () => number;

  constructor(private readonly options: SessionTableOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Signs `userId` in at `seat` (ending the seat's session before, if any); returns the resume token. */
  start(seat: string, userId: string): string {
    this.end(seat);
    this.prune();
    const token = randomBytes(32).toString('hex');
    const session: Session = { userId, locked: false, lastActiveAt: this.now(), tokenHash: hashOf(token) };
    this.byToken.set(session.tokenHash, session);
    this.seats.set(seat, session);
    return token;
  }

  /** The seat's session, locked first if it has been idle too long; null when nobody is signed in there. */
  of(seat: string): Session | null {
    const session = this.seats.get(seat);
    if (!session) return null;
    if (!session.locked && this.idle(session)) session.locked = true;
    return session;
  }

  /** The seat made a call. */
  touch(seat: string): void {
    const session = this.of(seat);
    if (session && !session.locked) session.lastActiveAt = this.now();
  }

  /** The session `token` names, now held by `seat` too; null when it ended or stayed idle too long. */
  resume(seat: string, token: string): Session | null {
    const session = this.byToken.get(hashOf(token));
    if (!session) return null;
    if (this.idle(session)) {
      // Gone for everyone but the seats still holding it (which are locked, and unlock with the password).
      this.byToken.delete(session.tokenHash);
      return null;
    }
    if (this.seats.get(seat) !== session) this.end(seat);
    this.seats.set(seat, session);
    return session;
  }

  lock(seat: string): void {
    const session = this.seats.get(seat);
    if (session) session.locked = true;
  }

  unlock(seat: string): void {
    const session = this.seats.get(seat);
    if (!session) return;
    session.locked = false;
    session.lastActiveAt = this.now();
  }

  /** Signs out the seat's session, at every seat holding it. */
  end(seat: string): void {
    const session = this.seats.get(seat);
    if (session) this.drop((s) => s === session);
  }

  /** Ends every session of a user (disabled by an admin). */
  endForUser(userId: string): void {
    this.drop((s) => s.userId === userId);
  }

  /** The seat's connection closed: the session stays for its token (a reloaded window). */
  leave(seat: string): void {
    this.seats.delete(seat);
  }

  private drop(match: (s: Session) => boolean): void {
    for (const [seat, s] of this.seats) if (match(s)) this.seats.delete(seat);
    for (const [hash, s] of this.byToken) if (match(s)) this.byToken.delete(hash);
  }

  private idle(session: Session): boolean {
    const limit = this.options.idleMs();
    return limit > 0 && this.now() - session.lastActiveAt >= limit;
  }

  /** Sessions no seat holds and no token can resume any more. */
  private prune(): void {
    const held = new Set(this.seats.values());
    for (const [hash, s] of this.byToken) if (!held.has(s) && this.idle(s)) this.byToken.delete(hash);
  }
}
