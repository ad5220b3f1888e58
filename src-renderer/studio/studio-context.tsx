import { createContext, useContext, useEffect, useState } from 'react';
import type { Permission, Settings, UserSummary } from '../../src-main/contract';
import type { StudioClient } from './client';
import type { ConnectionState } from './ws-client';

export interface StudioContextValue {
  client: StudioClient;
  settings: Settings;
  /** What the window's user may do (`SessionState.permissions`); absent: the local admin, everything. */
  permissions?: readonly Permission[];
  /** Who is signed in at this window; absent or null: the local admin of a studio without users. */
  user?: UserSummary | null;
}

export const StudioContext = createContext<StudioContextValue | null>(null);

export function useStudio(): StudioContextValue {
  const value = useContext(StudioContext);
  if (!value) throw new Error('useStudio outside StudioContext');
  return value;
}

export function useConnectionState(client: StudioClient): ConnectionState {
  const [state, setState] = useState<ConnectionState>('open');
  useEffect(() => client.onConnectionState(setState), [client]);
  return state;
}
