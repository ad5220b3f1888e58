import path from 'node:path';
import type { RecordsService } from '../../system/records-service';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type RecordsCallName = 'system.checkRecords' | 'system.backup' | 'system.backups' | 'system.restore';

/** `places`: where a caller may have a backup written, or take one to restore from (besides the daily ones). */
export function recordsHandlers(records: RecordsService, places: PlacesFor): Pick<Handlers, RecordsCallName> {
  return {
    'system.checkRecords': (_request, _caller, signal) => records.check(signal),
    'system.backup': async ({ file }, caller) => {
      await places(caller).assertMayWrite(path.resolve(file));
      return records.backup(file);
    },
    'system.backups': () => records.backups(),
    'system.restore': async ({ file }, caller) => {
      if (file !== null) {
        const daily = (await records.backups()).daily.map((b) => b.file);
        if (!daily.includes(path.resolve(file))) await places(caller).assertMayWrite(path.resolve(file));
      }
      return records.restore(file);
    },
  };
}
