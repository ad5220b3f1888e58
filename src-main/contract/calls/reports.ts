import { z } from 'zod';
import {
  REPORT_FORMATS,
  REPORT_GROUPINGS,
  type AirtimeReport,
  type AirtimeReportFile,
} from '../report-models';
import { call } from './define';

/** A month of this machine's calendar, `YYYY-MM`. */
export const reportMonthSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM, ví dụ 2026-11.');

export const reportAirtimeSchema = z
  .object({
    month: reportMonthSchema,
    by: z
      .enum(REPORT_GROUPINGS, { message: 'Nhóm theo: language, station hoặc subject.' })
      .default('language'),
  })
  .strict();

export const reportExportSchema = reportAirtimeSchema
  .extend({
    format: z.enum(REPORT_FORMATS, { message: 'Định dạng tệp: xlsx hoặc pdf.' }),
    /** Absolute path of the file to write (where the caller may write: a chosen folder for a window). */
    file: z.string().trim().min(1, 'Hãy chọn nơi lưu tệp báo cáo.').max(4096),
    /** Write over a file that is there (the save-as window asked). */
    overwrite: z.boolean().default(false),
  })
  .strict();

export const reportCalls = {
  /**
   * The month's airtime from the broadcast log grouped by language, station or subject, with the
   * ethnic-language share and its trend over twelve months, programmes approved per reporter and the
   * audit chain's head.
   */
  'report.airtime': call<AirtimeReport>()({ request: reportAirtimeSchema, permission: 'report.read' }),
  /** The same report as an Excel workbook or a PDF (printed by Chromium, the Vietnamese font embedded). */
  'report.export': call<AirtimeReportFile>()({ request: reportExportSchema, permission: 'report.read' }),
} as const;
