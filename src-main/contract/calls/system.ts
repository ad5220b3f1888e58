import { z } from 'zod';
import type { DoctorReport, Settings, SystemInfo } from '../models';
import { call, emptyRequest } from './define';

export const settingsPatchSchema = z
  .object({
    uiLanguage: z.enum(['vi', 'en']),
    ffmpegPath: z.string().trim().min(1).max(4096).nullable(),
  })
  .partial()
  .strict();

export const systemCalls = {
  'system.info': call<SystemInfo>()({ request: emptyRequest, permission: 'system.read' }),
  'system.doctor': call<DoctorReport>()({ request: emptyRequest, permission: 'system.read' }),
  'settings.get': call<Settings>()({ request: emptyRequest, permission: 'settings.read' }),
  'settings.update': call<Settings>()({ request: settingsPatchSchema, permission: 'settings.write' }),
} as const;
