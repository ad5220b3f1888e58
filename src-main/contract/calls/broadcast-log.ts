import { z } from 'zod';
import type { BroadcastLogCsvExport, BroadcastLogList } from '../broadcast-log-models';
import { call } from './define';
import { stationCodeSchema } from './stations';

/** A day of this machine's calendar (`YYYY-MM-DD`) or an instant (ISO 8601 with its zone). */
const dayOrInstant = z
  .string()
  .trim()
  .refine(
    (v) =>
      /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v) ||
      (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) &&
        !Number.isNaN(Date.parse(v))),
    'Ngày phải có dạng YYYY-MM-DD (hoặc một thời điểm ISO 8601, ví dụ 2026-12-07T06:00:00+07:00).',
  );

/** What the log is filtered on; every filter left out matches everything. `to` as a day is included whole. */
export const broadcastLogFilterSchema = z
  .object({
    from: dayOrInstant.optional(),
    to: dayOrInstant.optional(),
    /** Only entries this station heard. */
    station: stationCodeSchema.optional(),
  })
  .strict();

export const broadcastLogListSchema = broadcastLogFilterSchema
  .extend({ limit: z.number().int().min(1).max(10_000).default(1_000) })
  .strict();

export const broadcastLogExportSchema = z
  .object({
    /** Absolute path of the `.csv` to write (where the caller may write: a chosen folder for a window). */
    file: z.string().trim().min(1).max(4096),
    filter: broadcastLogFilterSchema.default({}),
    /** Write over a file that is there (the save-as window asked). */
    overwrite: z.boolean().default(false),
  })
  .strict();

export const broadcastLogCalls = {
  /** Entries overlapping the range (oldest first), with how many matched in all. */
  'broadcastLog.list': call<BroadcastLogList>()({
    request: broadcastLogListSchema,
    permission: 'broadcastLog.read',
  }),
  /**
   * The matching entries as CSV (UTF-8 with a BOM, for Excel): one row per entry and station, Vietnamese
   * headers. Refuses a file that is there unless `overwrite`.
   */
  'broadcastLog.export': call<BroadcastLogCsvExport>()({
    request: broadcastLogExportSchema,
    permission: 'broadcastLog.read',
  }),
} as const;
