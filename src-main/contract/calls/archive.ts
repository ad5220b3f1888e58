import { z } from 'zod';
import {
  ARCHIVE_KINDS,
  type ArchiveExport,
  type ArchiveRecord,
  type ArchiveSearchResult,
} from '../archive-models';
import { call } from './define';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const day = z.string().trim().regex(DAY, 'Ngày phải có dạng YYYY-MM-DD (ví dụ 2026-03-14).');

/** A short list of values to keep (a filter's ticked boxes). */
const values = (what: string, max = 200) =>
  z
    .array(z.string().trim().min(1, `${what} không được để trống.`).max(max, `${what} quá dài.`))
    .max(50, `Chọn nhiều nhất 50 giá trị cho ${what.toLowerCase()}.`);

/** `archive.search`: ArchiveSearchQuery, checked. */
export const archiveSearchSchema = z
  .object({
    text: z.string().max(500, 'Nội dung tìm kiếm quá dài (tối đa 500 ký tự).').default(''),
    kind: z
      .array(
        z.enum(ARCHIVE_KINDS, { message: 'Loại tư liệu phải là programme, segment, asset hoặc as-aired.' }),
      )
      .max(ARCHIVE_KINDS.length)
      .optional(),
    language: z
      .array(z.string().regex(/^[a-z]{3}$/, 'Mã ngôn ngữ phải gồm 3 chữ cái (ISO 639-3, ví dụ vie, tyz).'))
      .max(50)
      .optional(),
    subject: values('Lĩnh vực').optional(),
    reporter: values('Phóng viên').optional(),
    station: values('Mã cụm thu', 64).optional(),
    priority: z
      .array(z.enum(['normal', 'priority', 'emergency'], { message: 'Mức ưu tiên không hợp lệ.' }))
      .max(3)
      .optional(),
    from: day.optional(),
    to: day.optional(),
    minLengthSec: z.number().min(0, 'Độ dài không được âm.').optional(),
    maxLengthSec: z.number().min(0, 'Độ dài không được âm.').optional(),
    sort: z
      .enum(['relevance', 'newest', 'oldest', 'longest', 'shortest'], {
        message: 'Cách sắp xếp phải là relevance, newest, oldest, longest hoặc shortest.',
      })
      .default('relevance'),
    limit: z
      .number()
      .int()
      .min(1, 'Số kết quả phải từ 1 đến 500.')
      .max(500, 'Số kết quả phải từ 1 đến 500.')
      .default(50),
    offset: z.number().int().min(0, 'Vị trí bắt đầu không được âm.').default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.',
    path: ['to'],
  })
  .refine(
    (q) => q.minLengthSec === undefined || q.maxLengthSec === undefined || q.minLengthSec <= q.maxLengthSec,
    {
      message: 'Độ dài tối thiểu phải nhỏ hơn hoặc bằng độ dài tối đa.',
      path: ['maxLengthSec'],
    },
  );

/** An archive record's id: `<kind>:<sourceId>`. */
export const archiveIdSchema = z
  .string()
  .trim()
  .min(3, 'Mã tư liệu không hợp lệ.')
  .max(400, 'Mã tư liệu không hợp lệ.')
  .regex(
    /^(programme|segment|asset|as-aired):\S+$/,
    'Mã tư liệu không hợp lệ (dạng loại:mã, ví dụ asset:…).',
  );

export const archiveCalls = {
  /**
   * The archive's search (Lưu trữ): words without diacritics or đ, a typo tolerated, exact
   * diacritics ranked first; filters, facet counts per value, sorting, pages.
   */
  'archive.search': call<ArchiveSearchResult>()({
    request: archiveSearchSchema,
    permission: 'archive.read',
  }),
  /** One record whole (what a hit opens). */
  'archive.get': call<ArchiveRecord>()({
    request: z.object({ id: archiveIdSchema }).strict(),
    permission: 'archive.read',
  }),
  /**
   * Writes a hit's audio (a segment cut out of its programme's master, else the whole file) and a
   * JSON of its metadata into `dir` (where the caller may write: a chosen folder for a window).
   */
  'archive.export': call<ArchiveExport>()({
    request: z
      .object({
        id: archiveIdSchema,
        dir: z.string().trim().min(1, 'Hãy chọn thư mục để xuất.').max(4096, 'Đường dẫn thư mục quá dài.'),
      })
      .strict(),
    permission: 'archive.read',
  }),
} as const;
