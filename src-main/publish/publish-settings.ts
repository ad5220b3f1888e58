import { z } from 'zod';
import { PUBLISH_AUTH_KINDS, type PublishSettings, type publishConfigureSchema } from '../contract';
import type { SealedSecret, SecretBox } from '../platform/secret-box';
import type { Collection, CollectionOptions, Store } from '../store';

/** The file as stored: the token only sealed (platform/secret-box.ts). */
interface StoredPublishSettings {
  endpoint: string | null;
  stationCode: string | null;
  authKind: (typeof PUBLISH_AUTH_KINDS)[number];
  token: SealedSecret | null;
}

const storedSchema = z.object({
  endpoint: z.string().nullable(),
  stationCode: z.string().nullable(),
  authKind: z.enum(PUBLISH_AUTH_KINDS),
  token: z.object({ scheme: z.enum(['safe-storage', 'key-file']), data: z.string() }).nullable(),
}) satisfies z.ZodType<StoredPublishSettings>;

const PUBLISH_COLLECTION: CollectionOptions<StoredPublishSettings> = {
  name: 'publish',
  label: 'cài đặt gửi lên tỉnh',
  version: 1,
  schema: storedSchema,
  defaults: () => ({ endpoint: null, stationCode: null, authKind: 'bearer', token: null }),
};

export type PublishConfigure = z.output<typeof publishConfigureSchema>;

/**
 * Where the studio publishes to: a small configuration document (lowdb, `db/publish.json`) an
 * administrator may back up by hand. The token is sealed before it is written and opened only
 * when a request to the province needs it.
 */
export class PublishSettingsService {
  private constructor(
    private readonly collection: Collection<StoredPublishSettings>,
    private readonly secrets: SecretBox,
  ) {}

  static async open(store: Store, secrets: SecretBox): Promise<PublishSettingsService> {
    return new PublishSettingsService(await store.collection(PUBLISH_COLLECTION), secrets);
  }

  get(): PublishSettings {
    const { endpoint, stationCode, authKind, token } = this.collection.read();
    return { endpoint, stationCode, authKind, tokenSet: token !== null };
  }

  async configure(change: PublishConfigure): Promise<PublishSettings> {
    // Sealed before the write: a token that cannot be kept safely is not kept at all.
    const sealed = typeof change.token === 'string' ? await this.secrets.seal(change.token) : undefined;
    await this.collection.update((s) => ({
      endpoint: change.endpoint.replace(/\/+$/, ''),
      stationCode: change.stationCode,
      authKind: change.authKind,
      token: change.token === null ? null : (sealed ?? s.token),
    }));
    return this.get();
  }

  /** The stored token, opened; null when none is stored. */
  async token(): Promise<string | null> {
    const { token } = this.collection.read();
    return token ? this.secrets.open(token) : null;
  }
}
