import { z } from 'zod';
import type { EventSink, Settings, StationLanguage, settingsPatchSchema } from '../contract';
import type { Collection, CollectionOptions, Store } from '../store';
import { checkStationLanguages, DEFAULT_STATION_LANGUAGES, defaultShortName } from './languages';

const languageSchema = z.object({
  code: z.string().regex(/^[a-z]{3}$/),
  vi: z.string().min(1),
  en: z.string().min(1),
  short: z.string().min(1),
}) satisfies z.ZodType<StationLanguage>;

const settingsSchema = z.object({
  uiLanguage: z.enum(['vi', 'en']),
  ffmpegPath: z.string().nullable(),
  languages: z.array(languageSchema).min(1),
  idleLockMinutes: z.number().int().min(0),
}) satisfies z.ZodType<Settings>;

export const DEFAULT_SETTINGS: Settings = {
  uiLanguage: 'vi',
  ffmpegPath: null,
  languages: DEFAULT_STATION_LANGUAGES.map((l) => ({ ...l })),
  idleLockMinutes: 15,
};

export type SettingsPatch = z.output<typeof settingsPatchSchema>;

const SETTINGS_COLLECTION: CollectionOptions<Settings> = {
  name: 'settings',
  label: 'cài đặt của studio',
  version: 4,
  schema: settingsSchema,
  defaults: () => structuredClone(DEFAULT_SETTINGS),
  migrations: {
    // Version 1 had no language list: the station starts from the default one.
    1: (data) => ({ ...(data as object), languages: structuredClone(DEFAULT_SETTINGS.languages) }),
    // Version 2 had no short names: each language gets the default list's, or its Vietnamese name.
    2: (data) => {
      const d = data as { languages?: Omit<StationLanguage, 'short'>[] };
      return { ...d, languages: d.languages?.map((l) => ({ ...l, short: defaultShortName(l) })) };
    },
    // Version 3 had no accounts: windows lock after the default idle time.
    3: (data) => ({ ...(data as object), idleLockMinutes: DEFAULT_SETTINGS.idleLockMinutes }),
  },
};

/**
 * The settings as the studio would open them, without writing anything (no backup, no repair): for
 * `studio doctor`, which runs beside a studio that owns the folder.
 */
export function readSettings(store: Store): Promise<Settings> {
  return store.peek(SETTINGS_COLLECTION);
}

/** The station's preferences for this studio PC. */
export class SettingsService {
  private constructor(
    private readonly collection: Collection<Settings>,
    private readonly emit: EventSink,
    private readonly checkFfmpeg: (path: string) => Promise<void>,
  ) {}

  /** `checkFfmpeg` rejects with a StudioError when a chosen ffmpeg path does not run. */
  static async open(
    store: Store,
    emit: EventSink,
    checkFfmpeg: (path: string) => Promise<void>,
  ): Promise<SettingsService> {
    const collection = await store.collection(SETTINGS_COLLECTION);
    return new SettingsService(collection, emit, checkFfmpeg);
  }

  get(): Settings {
    return this.collection.read();
  }

  /** Throws INVALID_REQUEST (in Vietnamese, naming the row) for a language list that cannot be kept. */
  async update(patch: SettingsPatch): Promise<Settings> {
    if (patch.ffmpegPath) await this.checkFfmpeg(patch.ffmpegPath);
    const { languages, ...rest } = patch;
    const clean: Partial<Settings> = { ...rest };
    if (languages) clean.languages = checkStationLanguages(languages);
    const next = await this.collection.update((s) => ({ ...s, ...clean }));
    this.emit('settings.changed', next);
    return next;
  }
}
