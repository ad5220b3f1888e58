import type { AuditVerifyReport } from '../audit-models';
import { call, emptyRequest } from './define';

export const auditCalls = {
  /**
   * Checks the whole audit log: every line parses, `seq` goes up by one, each `prev` is the SHA-256
   * of the line before, and the database's index agrees line for line. Appends wait meanwhile.
   */
  'audit.verify': call<AuditVerifyReport>()({ request: emptyRequest, permission: 'audit.read' }),
} as const;
