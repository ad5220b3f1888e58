/**
 * The station's monitoring settings (`db/monitor.json`, issue 16): how long a silence may last
 * before the alarm, where alarms are POSTed, what plays when a relay fails, how long the as-aired
 * recordings are kept (never under 6 months: the rules' minimum).
 */
import { z } from 'zod';
import type { MonitorSettings } from '../contract';
import type { Collection, CollectionOptions, Store } from '../store';

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  silenceSeconds: 10,
  webhookUrl: null,
  relayFallback: null,
  retentionMonths: 12,
};

const storedSchema = z.object({
  silenceSeconds: z.number().min(1).max(3_600),
  webhookUrl: z.string().nullable(),
  relayFallback: z.string().nullable(),
  retentionMonths: z.number().int().min(6).max(1_200),
}) satisfies z.ZodType<MonitorSettings>;

const MONITOR_COLLECTION: CollectionOptions<MonitorSettings> = {
  name: 'monitor',
  label: 'cài đặt giám sát',
  version: 1,
  schema: storedSchema,
  defaults: () => ({ ...DEFAULT_MONITOR_SETTINGS }),
};

export class MonitorSettingsStore {
  private constructor(private readonly collection: Collection<MonitorSettings>) {}

  static async open(store: Store): Promise<MonitorSettingsStore> {
    return new MonitorSettingsStore(await store.collection(MONITOR_COLLECTION));
  }

  get(): MonitorSettings {
    return { ...this.collection.read() };
  }

  /** What is given changes; null clears the webhook or the fallback. */
  async configure(change: Partial<MonitorSettings>): Promise<MonitorSettings> {
    await this.collection.update((doc) => ({
      silenceSeconds: change.silenceSeconds ?? doc.silenceSeconds,
      webhookUrl: change.webhookUrl === undefined ? doc.webhookUrl : change.webhookUrl,
      relayFallback: change.relayFallback === undefined ? doc.relayFallback : change.relayFallback,
      retentionMonths: change.retentionMonths ?? doc.retentionMonths,
    }));
    return this.get();
  }
}
