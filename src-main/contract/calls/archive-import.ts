import { z } from 'zod';
import type { ArchiveImportSummary } from '../archive-models';
import { call } from './define';

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
};
