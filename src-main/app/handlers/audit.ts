import path from 'node:path';
import type { AuditLog } from '../../audit/audit-log';
import { auditMonthReport } from '../../audit/audit-month-report';
import { AuditViewer, type AuditNames } from '../../audit/audit-viewer';
import type { Handlers } from '../router';
import type { PlacesFor } from '../writable-places';

type AuditCallName = 'audit.verify' | 'audit.list' | 'audit.exportCsv' | 'audit.monthReport';

/** `places`: where a caller may have the CSV written (a window: the folders its user chose). */
export function auditHandlers(
  audit: AuditLog,
  names: AuditNames,
  places: PlacesFor,
): Pick<Handlers, AuditCallName> {
  const viewer = new AuditViewer(audit, names);
  return {
    'audit.verify': () => audit.verify(),
    'audit.list': ({ offset, limit, ...filter }) => viewer.list(filter, offset, limit),
    'audit.exportCsv': async ({ file, filter, overwrite }, caller) => {
      const target = path.resolve(file);
      await places(caller).assertMayWrite(target);
      return viewer.exportCsv(target, filter, overwrite);
    },
    'audit.monthReport': ({ month }) => auditMonthReport(audit, names, month),
  };
}
