import { z } from 'zod';
import type {
  DiagnosticsBundle,
  DoctorReport,
  OpenFileChoice,
  SaveFileChoice,
  Settings,
  SystemInfo,
} from '../models';
import type { RecoveryNotice } from '../recovery-models';
import { call, emptyRequest } from './define';

/**
 * One language of the station's list as the System screen sends it. Only its shape is checked
 * here; the settings service checks the list itself (codes, names, duplicates) and says what is
 * wrong in Vietnamese.
 */
export const stationLanguageSchema = z
  .object({
    code: z.string().max(20),
    vi: z.string().max(200),
    en: z.string().max(200),
    /** Left out or empty: the Vietnamese name stands for it. */
    short: z.string().max(200).optional(),
  })
  .strict();

export const settingsPatchSchema = z
  .object({
    uiLanguage: z.enum(['vi', 'en']),
    ffmpegPath: z.string().trim().min(1).max(4096).nullable(),
    languages: z.array(stationLanguageSchema).max(200),
    idleLockMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  })
  .partial()
  .strict();

export const chooseSaveFileSchema = z
  .object({
    /** Absolute path the window opens with (its folder and file name). */
    defaultPath: z.string().trim().min(1).max(4096),
    /** The window's title, in the UI's language. */
    title: z.string().max(200).optional(),
    /** File types offered, e.g. `{ name: 'WAV', extensions: ['wav'] }`. */
    filters: z
      .array(
        z
          .object({
            name: z.string().min(1).max(100),
            extensions: z
              .array(z.string().regex(/^[a-z0-9]{1,10}$/))
              .min(1)
              .max(10),
          })
          .strict(),
      )
      .max(10)
      .default([]),
  })
  .strict();

export const systemCalls = {
  'system.info': call<SystemInfo>()({ request: emptyRequest, permission: 'system.read' }),
  'system.doctor': call<DoctorReport>()({ request: emptyRequest, permission: 'system.read' }),
  /** What the studio repaired by itself (restored files, interrupted imports), newest first. */
  'system.recoveries': call<RecoveryNotice[]>()({ request: emptyRequest, permission: 'system.read' }),
  /** A text file for IT support (see DiagnosticsBundle); the UI offers it as a download. */
  'system.diagnostics': call<DiagnosticsBundle>()({ request: emptyRequest, permission: 'system.read' }),
  'settings.get': call<Settings>()({ request: emptyRequest, permission: 'settings.read' }),
  'settings.update': call<Settings>()({ request: settingsPatchSchema, permission: 'settings.write' }),
  /**
   * Opens the OS's "save as" window on this computer (Electron host only: `system.info`'s
   * `capabilities.saveDialog`); elsewhere UNAVAILABLE. Only chooses a path: nothing is written.
   */
  'system.chooseSaveFile': call<SaveFileChoice>()({
    request: chooseSaveFileSchema,
    permission: 'system.read',
  }),
  /**
   * Opens the OS's "open" window on this computer to pick an existing file (Electron host only, as
   * `system.chooseSaveFile`); elsewhere UNAVAILABLE. Only chooses a path: nothing is read.
   */
  'system.chooseOpenFile': call<OpenFileChoice>()({
    request: chooseSaveFileSchema,
    permission: 'system.read',
  }),
} as const;
