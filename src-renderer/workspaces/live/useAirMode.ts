import { useEffect, useState } from 'react';
import type { LiveState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';

/**
 * What is on air, for the navigation's badge: from every workspace the operator sees that the
 * air is on, or that an emergency holds it. `enabled` false (no `live.read`): always off, nothing asked.
 */
export function useAirMode(enabled: boolean): LiveState['mode'] {
  const { client } = useStudio();
  const [mode, setMode] = useState<LiveState['mode']>('off');
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    client.api.live
      .state()
      .then((s) => current && setMode(s.mode))
      .catch(() => undefined /* the badge stays off; the desk itself shows why the state is missing */);
    const off = client.api.on('live.state', (s) => setMode(s.mode));
    return () => {
      current = false;
      off();
    };
  }, [client, enabled]);
  return enabled ? mode : 'off';
}
