import { z } from 'zod';
import type { AsAiredSegment } from '../as-aired-models';
import { call } from './define';

const WHEN = 'Thời điểm là một ngày YYYY-MM-DD hoặc một thời điểm ISO (ví dụ 2026-12-07T06:00:00+07:00).';

/** A local date (the whole day) or an ISO instant. */
const whenSchema = z
  .string({ error: WHEN })
  .trim()
  .max(40, WHEN)
  .refine(
    (text) =>
      /^\d{4}-\d{2}-\d{2}$/.test(text) ||
      (/^\d{4}-\d{2}-\d{2}T/.test(text) && Number.isFinite(Date.parse(text))),
    WHEN,
  );

export const asAiredListSchema = z
  .object({
    /** From this instant, or the start of this local date (default: today's). */
    from: whenSchema.optional(),
    /** Until this instant, or the end of this local date (default: now). */
    to: whenSchema.optional(),
    /** Instead of a range: the audio of this broadcast log entry (from its actual start to its end, or now). */
    entry: z
      .string({ error: 'Mã mục nhật ký phát sóng không hợp lệ.' })
      .trim()
      .min(1, 'Mã mục nhật ký phát sóng không hợp lệ.')
      .max(100, 'Mã mục nhật ký phát sóng không hợp lệ.')
      .optional(),
  })
  .strict()
  .refine(
    (r) => r.entry === undefined || (r.from === undefined && r.to === undefined),
    'Hãy cho một mục nhật ký (entry) hoặc một khoảng thời gian (from, to), không cả hai.',
  );
export type AsAiredList = z.output<typeof asAiredListSchema>;

export const asAiredCalls = {
  /**
   * The as-aired segments that hold air in a time range, every channel, oldest first (a segment
   * still being recorded too). Read with the broadcast log, which it is the audio of.
   */
  'asAired.list': call<{ segments: AsAiredSegment[] }>()({
    request: asAiredListSchema,
    permission: 'broadcastLog.read',
  }),
};
