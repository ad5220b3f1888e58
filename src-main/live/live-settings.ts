/**
 * The station's live settings (`db/live.json`, issue 15): the stream server's port, who may start
 * an emergency, and the Icecast master the studio feeds, its source password sealed
 * (platform/secret-box.ts) and never answered back.
 */
import { z } from 'zod';
import { ROLES, StudioError, type LiveConfigure, type LiveSettings } from '../contract';
import type { SealedSecret, SecretBox } from '../platform/secret-box';
import type { Collection, CollectionOptions, Store } from '../store';
import { DEFAULT_STREAM_PORT } from './stations/stream-urls';

interface StoredLiveSettings {
  port: number;
  emergencyRoles: string[];
  icecast: { url: string; password: SealedSecret } | null;
}

const sealedSchema = z.object({ scheme: z.enum(['safe-storage', 'key-file']), data: z.string() });

const storedSchema = z.object({
  port: z.number().int().min(1).max(65_535),
  emergencyRoles: z.array(z.string()),
  icecast: z.object({ url: z.string(), password: sealedSchema }).nullable(),
}) satisfies z.ZodType<StoredLiveSettings>;

/** Who may start an emergency unless the station says otherwise (the admin always may). */
export const DEFAULT_EMERGENCY_ROLES: readonly string[] = ['operator', 'chiefEditor'];

const LIVE_COLLECTION: CollectionOptions<StoredLiveSettings> = {
  name: 'live',
  label: 'cài đặt phát trực tiếp',
  version: 1,
  schema: storedSchema,
  defaults: () => ({
    port: DEFAULT_STREAM_PORT,
    emergencyRoles: [...DEFAULT_EMERGENCY_ROLES],
    icecast: null,
  }),
};

/** The Icecast master as the outputs need it: where, and the source password opened. */
export interface IcecastMaster {
  url: string;
  password: string;
}

export class LiveSettingsStore {
  private constructor(
    private readonly collection: Collection<StoredLiveSettings>,
    private readonly secrets: SecretBox,
  ) {}

  static async open(store: Store, secrets: SecretBox): Promise<LiveSettingsStore> {
    return new LiveSettingsStore(await store.collection(LIVE_COLLECTION), secrets);
  }

  get(): LiveSettings {
    const { port, emergencyRoles, icecast } = this.collection.read();
    return { port, emergencyRoles, icecast: icecast ? { url: icecast.url, passwordSet: true } : null };
  }

  /** Read at every emergency call's check (the policy): a change counts at once. Unknown roles drop. */
  emergencyRoles(): readonly string[] {
    return this.collection.read().emergencyRoles.filter((r) => (ROLES as readonly string[]).includes(r));
  }

  /** The master with its password opened, or null when none is set. */
  async icecastMaster(): Promise<IcecastMaster | null> {
    const { icecast } = this.collection.read();
    if (!icecast) return null;
    return { url: icecast.url, password: await this.secrets.open(icecast.password) };
  }

  async configure(change: LiveConfigure): Promise<LiveSettings> {
    const before = this.collection.read();
    let icecast = before.icecast;
    if (change.icecast === null) icecast = null;
    else if (change.icecast) {
      const { url, password } = change.icecast;
      if (password === undefined && !before.icecast)
        throw new StudioError('INVALID_REQUEST', 'Cần mật khẩu nguồn của máy chủ Icecast.');
      icecast = {
        url: url.replace(/\/+$/, ''),
        password: password === undefined ? before.icecast!.password : await this.secrets.seal(password),
      };
    }
    await this.collection.update((doc) => ({
      port: change.port ?? doc.port,
      emergencyRoles: change.emergencyRoles ? [...new Set(change.emergencyRoles)] : doc.emergencyRoles,
      icecast,
    }));
    return this.get();
  }
}
