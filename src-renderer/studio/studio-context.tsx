import { createContext, useContext, useEffect, useState } from 'react';
import type { Settings } from '../../src-main/contract';
import type { StudioClient } from './client';
import type { ConnectionState } from './ws-client';

export interface StudioContextValue {
  client: StudioClient;
  settings: Settings;
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
