import { z } from 'zod';
import type { EventSink, Settings, settingsPatchSchema } from '../contract';
import type { Collection, Store } from '../store';

const settingsSchema = z.object({
  uiLanguage: z.enum(['vi', 'en']),
  ffmpegPath: z.string().nullable(),
}) satisfies z.ZodType<Settings>;

export const DEFAULT_SETTINGS: Settings = { uiLanguage: 'vi', ffmpegPath: null };

export type SettingsPatch = z.output<typeof settingsPatchSchema>;

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
    const collection = await store.collection<Settings>({
      name: 'settings',
      version: 1,
      schema: settingsSchema,
      defaults: () => ({ ...DEFAULT_SETTINGS }),
    });
    return new SettingsService(collection, emit, checkFfmpeg);
  }

  get(): Settings {
    return this.collection.read();
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    if (patch.ffmpegPath) await this.checkFfmpeg(patch.ffmpegPath);
    const next = await this.collection.update((s) => ({ ...s, ...patch }));
    this.emit('settings.changed', next);
    return next;
  }
}
