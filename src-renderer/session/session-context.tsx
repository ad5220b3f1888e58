import { createContext, useContext } from 'react';
import type { SessionState, UserSummary } from '../../src-main/contract';

export interface SessionValue {
  /** As main last said (locked or not). */
  session: SessionState;
  /** The signed-in user (the gate shows the studio only to one). */
  user: UserSummary;
  /** Takes an answer of an `auth.*` call as the window's session. */
  adopt(next: SessionState): void;
  /** Locks the window now (Ctrl+L, the user menu, the idle time). */
  lock(): void;
  /** Signs out, after asking about unsaved work. */
  signOut(): void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionContext');
  return value;
}
