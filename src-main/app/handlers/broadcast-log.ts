import path from 'node:path';
import type { BroadcastLog } from '../../broadcast-log/broadcast-log';
import { exportBroadcastLogCsv } from '../../broadcast-log/broadcast-log-csv';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type BroadcastLogCallName = 'broadcastLog.list' | 'broadcastLog.export';

/** `places`: where a caller may have the CSV written (a window: the folders its user chose). */
export function broadcastLogHandlers(
  log: BroadcastLog,
  places: PlacesFor,
): Pick<Handlers, BroadcastLogCallName> {
  return {
    'broadcastLog.list': (query) => log.list(query),
    'broadcastLog.export': async ({ file, filter, overwrite }, caller) => {
      const target = path.resolve(file);
      await places(caller).assertMayWrite(target);
      return exportBroadcastLogCsv(log.repo, filter, target, overwrite);
    },
  };
}
