import { useEffect } from 'react';
import type { MonitorState } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type CallState, useCall } from '../../ui/useCall';

/** How often the fleet view asks again while open: bytes and "since" move without any event. */
const POLL_MS = 2_000;

/** `monitor.state`, asked again every two seconds and at once on every alarm and air change. */
export function useMonitorState(): CallState<MonitorState> {
  const { client } = useStudio();
  const state = useCall(() => client.api.monitor.state());
  const { reload } = state;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    const offAlarm = client.api.on('monitor.alarm', () => reload());
    return () => {
      clearInterval(timer);
      offAlarm();
    };
  }, [client, reload]);
  return state;
}
