import type { AuditLog } from '../../audit/audit-log';
import type { Handlers } from '../router';

export function auditHandlers(audit: AuditLog): Pick<Handlers, 'audit.verify'> {
  return {
    'audit.verify': () => audit.verify(),
  };
}
