import { z } from 'zod';
import {
  SCHEDULE_PRIORITIES,
  WEEKDAYS,
  type ScheduleConflict,
  type ScheduleOccurrence,
  type ScheduleSettings,
  type ScheduleSlot,
} from '../schedule-models';
import { call, emptyRequest } from './define';
import { liveTargetSchema } from './live';

const TIME_MESSAGE = 'Giờ phát là HH:MM hoặc HH:MM:SS (ví dụ 06:00 hoặc 17:45:30).';

/** A wall-clock time, `HH:MM` or `HH:MM:SS`, kept as `HH:MM:SS`. */
export const scheduleTimeSchema = z
  .string({ error: TIME_MESSAGE })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, TIME_MESSAGE)
  .transform((at) => (at.length === 5 ? `${at}:00` : at));

const DATE_MESSAGE = 'Ngày là YYYY-MM-DD (ví dụ 2026-12-24).';

/** A calendar date `YYYY-MM-DD` that exists (no 31 February). */
export const scheduleDateSchema = z
  .string({ error: DATE_MESSAGE })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, DATE_MESSAGE)
  .refine((date) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const day = new Date(Date.UTC(y, m - 1, d));
    return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
  }, DATE_MESSAGE);

export const scheduleRepeatSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('once'), date: scheduleDateSchema }).strict(),
    z.object({ kind: z.literal('daily') }).strict(),
    z
      .object({
        kind: z.literal('weekly'),
        days: z
          .array(z.enum(WEEKDAYS, { error: 'Ngày trong tuần là mon, tue, wed, thu, fri, sat hoặc sun.' }))
          .min(1, 'Hãy chọn ít nhất một ngày trong tuần.')
          .max(7)
          .transform((days) => WEEKDAYS.filter((d) => days.includes(d))),
      })
      .strict(),
  ],
  { error: 'Lặp lại là một ngày (once), hằng ngày (daily) hoặc các ngày trong tuần (weekly).' },
);

const PLAY_MESSAGE = 'Nội dung phát là file:ĐƯỜNG_DẪN, programme:MÃ hoặc url:http(s)|icecast|srt|rtp://…';

/** What a slot plays: a file, an approved programme, or a relay. */
export const schedulePlaySchema = z
  .string({ error: PLAY_MESSAGE })
  .trim()
  .max(4096, 'Nội dung phát dài quá 4096 ký tự.')
  .refine(
    (play) =>
      /^file:.+/.test(play) ||
      /^programme:[^\s]+$/.test(play) ||
      /^url:(https?|icecast|srt|rtp):\/\/.+/i.test(play),
    PLAY_MESSAGE,
  );

const lengthSchema = z
  .number({ error: 'Thời lượng là số giây, lớn hơn 0 và không quá 24 giờ.' })
  .positive('Thời lượng là số giây, lớn hơn 0 và không quá 24 giờ.')
  .max(86_400, 'Thời lượng là số giây, lớn hơn 0 và không quá 24 giờ.');

const titleSchema = z
  .string({ error: 'Tên mục lịch là một dòng chữ.' })
  .trim()
  .min(1, 'Tên mục lịch không được để trống.')
  .max(200, 'Tên mục lịch dài quá 200 ký tự.');

const skipDatesSchema = z
  .array(scheduleDateSchema, { error: 'Ngày nghỉ phát là danh sách ngày YYYY-MM-DD.' })
  .max(1000, 'Nhiều nhất 1000 ngày nghỉ phát.');

const prioritySchema = z.enum(SCHEDULE_PRIORITIES, {
  error: 'Mức ưu tiên là normal (thông thường), priority (ưu tiên) hoặc emergency (khẩn cấp).',
});

const slotIdSchema = z
  .string({ error: 'Cần mã mục lịch.' })
  .trim()
  .min(1, 'Cần mã mục lịch.')
  .max(100, 'Mã mục lịch dài quá 100 ký tự.');

export const scheduleAddSchema = z
  .object({
    at: scheduleTimeSchema,
    repeat: scheduleRepeatSchema.default({ kind: 'daily' }),
    play: schedulePlaySchema,
    /** Seconds; a file's or programme's own length when left out; a relay must be given one. */
    lengthSeconds: lengthSchema.optional(),
    target: liveTargetSchema,
    priority: prioritySchema.default('normal'),
    /** What the schedule shows; the programme's title, the file's name or the relay's address when left out. */
    title: titleSchema.optional(),
    skipDates: skipDatesSchema.default([]),
    enabled: z.boolean({ error: 'enabled là đúng hoặc sai.' }).default(true),
  })
  .strict();
export type ScheduleAdd = z.output<typeof scheduleAddSchema>;

/** A slot's change: absent fields are kept; a new `play` is checked again like an added one. */
export const scheduleUpdateSchema = z
  .object({
    id: slotIdSchema,
    at: scheduleTimeSchema.optional(),
    repeat: scheduleRepeatSchema.optional(),
    play: schedulePlaySchema.optional(),
    lengthSeconds: lengthSchema.optional(),
    target: liveTargetSchema.optional(),
    priority: prioritySchema.optional(),
    title: titleSchema.optional(),
    skipDates: skipDatesSchema.optional(),
    enabled: z.boolean({ error: 'enabled là đúng hoặc sai.' }).optional(),
  })
  .strict();
export type ScheduleUpdate = z.output<typeof scheduleUpdateSchema>;

export const scheduleListSchema = z
  .object({
    /** Any date of the week to plan (Monday to Sunday); this week when left out. */
    week: scheduleDateSchema.optional(),
  })
  .strict();

export const scheduleConfigureSchema = z
  .object({
    preempted: z.enum(['resume', 'skip'], {
      error: 'Mục bị ngắt là resume (phát tiếp) hoặc skip (bỏ qua).',
    }),
  })
  .strict();

/** `schedule.list`: the slots, and their week planned with the conflicts the planning shows. */
export interface ScheduleList {
  slots: ScheduleSlot[];
  /** The week planned: Monday 00:00 to the next Monday 00:00 (wall clock), epoch ms. */
  fromMs: number;
  toMs: number;
  occurrences: ScheduleOccurrence[];
  conflicts: ScheduleConflict[];
  settings: ScheduleSettings;
}

/** A slot added or changed, and the conflicts it makes over the coming seven days (warnings). */
export interface ScheduleSlotResult {
  slot: ScheduleSlot;
  conflicts: ScheduleConflict[];
}

export const scheduleCalls = {
  'schedule.list': call<ScheduleList>()({ request: scheduleListSchema, permission: 'schedule.read' }),
  /** Adds a slot after checking its audio (approved master, readable file, a relay's length); audited. */
  'schedule.add': call<ScheduleSlotResult>()({ request: scheduleAddSchema, permission: 'schedule.write' }),
  'schedule.update': call<ScheduleSlotResult>()({
    request: scheduleUpdateSchema,
    permission: 'schedule.write',
  }),
  /** Removes a slot and answers it as it was (a window's undo adds it back). */
  'schedule.remove': call<ScheduleSlot>()({
    request: z.object({ id: slotIdSchema }).strict(),
    permission: 'schedule.write',
  }),
  'schedule.settings': call<ScheduleSettings>()({ request: emptyRequest, permission: 'schedule.read' }),
  'schedule.configure': call<ScheduleSettings>()({
    request: scheduleConfigureSchema,
    permission: 'schedule.write',
  }),
};
