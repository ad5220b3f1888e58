import { z } from 'zod';
import type { MonitorSettings, MonitorState } from '../monitor-models';
import { call, emptyRequest } from './define';

/** Where alarms are POSTed: an http(s) address, no password in it. */
export const monitorWebhookSchema = z
  .string()
  .trim()
  .max(2_000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'Địa chỉ webhook phải là http:// hoặc https://, không kèm mật khẩu (ví dụ https://canh-bao.example.vn/studio).');

export const monitorConfigureSchema = z
  .object({
    silenceSeconds: z
      .number({ error: 'Số giây im lặng phải là một số.' })
      .int('Số giây im lặng phải là số nguyên.')
      .min(1, 'Số giây im lặng ít nhất là 1.')
      .max(3_600, 'Số giây im lặng nhiều nhất là 3600 (một giờ).')
      .optional(),
    /** null: no webhook. */
    webhookUrl: monitorWebhookSchema.nullable().optional(),
    /** `file:PATH` (an absolute path) played when a relay fails or falls silent; null: none. */
    relayFallback: z
      .string()
      .trim()
      .max(4_200)
      .regex(/^file:\//, 'Âm thanh dự phòng là một tệp: file:/đường/dẫn/tuyệt/đối.wav')
      .nullable()
      .optional(),
    retentionMonths: z
      .number({ error: 'Số tháng lưu phải là một số.' })
      .int('Số tháng lưu phải là số nguyên.')
      .min(6, 'Bản ghi phát sóng phải được lưu ít nhất 6 tháng.')
      .max(1_200, 'Số tháng lưu nhiều nhất là 1200.')
      .optional(),
  })
  .strict();
export type MonitorConfigure = z.output<typeof monitorConfigureSchema>;

export const monitorCalls = {
  /** The fleet (each station's health), the alarms (active first), the clock's synchronisation, the settings. */
  'monitor.state': call<MonitorState>()({ request: emptyRequest, permission: 'monitor.read' }),
  /** Changes what is given; answers the settings as they are now. Audited. */
  'monitor.configure': call<MonitorSettings>()({
    request: monitorConfigureSchema,
    permission: 'monitor.configure',
  }),
} as const;
