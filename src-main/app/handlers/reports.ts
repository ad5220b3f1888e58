import path from 'node:path';
import type { ReportsService } from '../../reports/reports-service';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type ReportCallName = 'report.airtime' | 'report.export';

/** `places`: where a caller may have the XLSX or PDF written (a window: the folders its user chose). */
export function reportHandlers(reports: ReportsService, places: PlacesFor): Pick<Handlers, ReportCallName> {
  return {
    'report.airtime': ({ month, by }) => reports.airtime(month, by),
    'report.export': async ({ month, by, format, file, overwrite }, caller) => {
      const target = path.resolve(file);
      await places(caller).assertMayWrite(target);
      return reports.export({ month, by, format, file: target }, overwrite);
    },
  };
}
