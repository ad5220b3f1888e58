import { z } from 'zod';
import {
  AUDIT_ACTION_GROUPS,
  type AuditCsvExport,
  type AuditListPage,
  type AuditMonthReport,
  type AuditVerifyReport,
} from '../audit-models';
import { call, emptyRequest } from './define';

/** A day on this machine's calendar, `YYYY-MM-DD`. */
const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

/** What the viewer filters on; every filter left out matches everything. */
export const auditFilterSchema = z
  .object({
    /** Days on this machine's calendar, both included. */
    from: day.optional(),
    to: day.optional(),
    /** A user's id; null: the local admin (a data folder without users). */
    userId: z.string().min(1).max(200).nullable().optional(),
    /** A call name (`programme.update`). */
    action: z
      .string()
      .regex(/^[a-zA-Z]+(\.[a-zA-Z]+)+$/)
      .max(100)
      .optional(),
    group: z.enum(AUDIT_ACTION_GROUPS).optional(),
    objectId: z.string().min(1).max(200).optional(),
    /** Words found in the action, the object's kind or its id (any case). */
    text: z.string().trim().max(200).optional(),
  })
  .strict();
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditListSchema = auditFilterSchema
  .extend({
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const auditExportCsvSchema = z
  .object({
    /** Absolute path of the `.csv` to write (where the caller may write: a chosen folder for a window). */
    file: z.string().trim().min(1).max(4096),
    filter: auditFilterSchema.default({}),
    /** Write over a file that is there (the save-as window asked). */
    overwrite: z.boolean().default(false),
  })
  .strict();

export const auditMonthSchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) }).strict();

export const auditCalls = {
  /**
   * Checks the whole audit log: every line parses, `seq` goes up by one, each `prev` is the SHA-256
   * of the line before, and the database's index agrees line for line. Appends wait meanwhile.
   */
  'audit.verify': call<AuditVerifyReport>()({ request: emptyRequest, permission: 'audit.read' }),
  /** Entries matching the filter, newest first, a page at a time, with the total (from the index). */
  'audit.list': call<AuditListPage>()({ request: auditListSchema, permission: 'audit.read' }),
  /**
   * Every entry matching the filter as CSV (UTF-8 with a BOM, for Excel), oldest first: seq, time,
   * user, host, action, object, details, prev hash. Refuses a file that is there unless `overwrite`.
   */
  'audit.exportCsv': call<AuditCsvExport>()({ request: auditExportCsvSchema, permission: 'audit.read' }),
  /** A month's entries by action group and by user, the chain checked, and its head at the month's end. */
  'audit.monthReport': call<AuditMonthReport>()({ request: auditMonthSchema, permission: 'audit.read' }),
} as const;
