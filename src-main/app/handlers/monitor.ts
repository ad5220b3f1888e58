import type { MonitorService } from '../../monitor/monitor-service';
import type { Handlers } from '../router';

type MonitorCallName = 'monitor.state' | 'monitor.configure';

export function monitorHandlers(monitor: MonitorService): Pick<Handlers, MonitorCallName> {
  return {
    'monitor.state': () => monitor.state(),
    'monitor.configure': (change) => monitor.configure(change),
  };
}
