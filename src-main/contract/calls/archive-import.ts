import { z } from 'zod';
import type { ArchiveImportSummary, RetentionDeleteResult, RetentionDueList } from '../archive-models';
import { call, emptyRequest } from './define';

const DIR = 'Hãy cho đường dẫn đầy đủ của thư mục kho cũ cần nhập.';
const PATTERN = 'Mẫu tên tệp không hợp lệ (tối đa 200 ký tự), ví dụ "{date:DD.MM.YYYY} - {title}".';

export const archiveImportSchema = z
  .object({
    /** The folder of the old archive, absolute (the CLI resolves it against its working folder). */
    dir: z
      .string({ error: DIR })
      .trim()
      .min(1, DIR)
      .max(4096, DIR)
      .refine((dir) => dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir), DIR),
    /** How names are read when they are not in a usual shape: `{date:DD.MM.YYYY}`, `{title}`, `{*}`. */
    pattern: z.string({ error: PATTERN }).trim().min(1, PATTERN).max(200, PATTERN).optional(),
  })
  .strict();
export type ArchiveImport = z.output<typeof archiveImportSchema>;

const IDS = 'Hãy chọn từ 1 đến 10.000 mục trong danh sách hết hạn lưu trữ (mã master:… hoặc as-aired:…).';
const CONFIRM =
  'Xoá bản lưu trữ cần lưu trữ viên xác nhận (confirm: true): những gì đã xoá không lấy lại được.';

export const retentionDeleteSchema = z
  .object({
    ids: z
      .array(
        z
          .string({ error: IDS })
          .trim()
          .max(200, IDS)
          .regex(/^(master:[^/\\\s]+|as-aired:[^/\\\s]+\/\d{4}-\d{2}-\d{2})$/, IDS),
        { error: IDS },
      )
      .min(1, IDS)
      .max(10_000, IDS),
    /** The archivist's confirmation: without it nothing is deleted. */
    confirm: z.literal(true, { error: CONFIRM }),
  })
  .strict();
export type RetentionDelete = z.output<typeof retentionDeleteSchema>;

export const archiveImportCalls = {
  /**
   * Imports an old archive's folder (and the folders in it) into the library, the date, title and
   * language read from each file's name; answers when done, with what was and was not taken and
   * why. Progress: the event `archive.import.progress`. One at a time (BUSY otherwise).
   */
  'archive.import': call<ArchiveImportSummary>()({
    request: archiveImportSchema,
    permission: 'archive.import',
  }),
  /** The masters and as-aired days past the retention rule, with their sizes (nothing is deleted). */
  'archive.retention.list': call<RetentionDueList>()({
    request: emptyRequest,
    permission: 'archive.retention',
  }),
  /** Deletes the chosen items that are past the rule now, once an archivist confirmed; audited. */
  'archive.retention.delete': call<RetentionDeleteResult>()({
    request: retentionDeleteSchema,
    permission: 'archive.retention',
  }),
};
