import { z } from 'zod';
import {
  EMPTY_FIELD_MAPPING,
  PUBLISH_AUTH_KINDS,
  PUBLISH_PROTOCOLS,
  publishFieldMappingSchema,
  type PublishFieldMapping,
  type PublishSettings,
  type publishConfigureSchema,
} from '../contract';
import type { SealedSecret, SecretBox } from '../platform/secret-box';
import type { Collection, CollectionOptions, Store } from '../store';

/** The file as stored: the token and the client secret only sealed (platform/secret-box.ts). */
interface StoredPublishSettings {
  endpoint: string | null;
  stationCode: string | null;
  authKind: (typeof PUBLISH_AUTH_KINDS)[number];
  token: SealedSecret | null;
  clientId: string | null;
  clientSecret: SealedSecret | null;
  tokenUrl: string | null;
  protocol: (typeof PUBLISH_PROTOCOLS)[number];
  fieldMapping: PublishFieldMapping;
}

const sealedSchema = z.object({ scheme: z.enum(['safe-storage', 'key-file']), data: z.string() });

const storedSchema = z.object({
  endpoint: z.string().nullable(),
  stationCode: z.string().nullable(),
  authKind: z.enum(PUBLISH_AUTH_KINDS),
  token: sealedSchema.nullable(),
  clientId: z.string().nullable(),
  clientSecret: sealedSchema.nullable(),
  tokenUrl: z.string().nullable(),
  protocol: z.enum(PUBLISH_PROTOCOLS),
  fieldMapping: publishFieldMappingSchema,
}) satisfies z.ZodType<StoredPublishSettings>;

const PUBLISH_COLLECTION: CollectionOptions<StoredPublishSettings> = {
  name: 'publish',
  label: 'cài đặt gửi lên tỉnh',
  version: 2,
  schema: storedSchema,
  defaults: () => ({
    endpoint: null,
    stationCode: null,
    authKind: 'bearer',
    token: null,
    clientId: null,
    clientSecret: null,
    tokenUrl: null,
    protocol: 'reference',
    fieldMapping: EMPTY_FIELD_MAPPING,
  }),
  migrations: {
    // Version 1 knew only bearer tokens and the reference protocol.
    1: (data) => ({
      ...(data as object),
      clientId: null,
      clientSecret: null,
      tokenUrl: null,
      protocol: 'reference',
      fieldMapping: EMPTY_FIELD_MAPPING,
    }),
  },
};

export type PublishConfigure = z.output<typeof publishConfigureSchema>;

/** How the studio proves who it is, opened for one connection: never kept beyond it, never logged. */
export type PublishCredentials =
  | { kind: 'bearer'; token: string }
  | { kind: 'oauth2'; tokenUrl: string; clientId: string; clientSecret: string };

/** The protocol's token endpoint under a system's base URL (docs/provincial-api/openapi.yaml). */
export function defaultTokenUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/api/v1/oauth/token`;
}

/**
 * Where the studio publishes to: a small configuration document (lowdb, `db/publish.json`) an
 * administrator may back up by hand. The token and the client secret are sealed before they are
 * written and opened only when a request to the province needs them.
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
    const s = this.collection.read();
    return {
      endpoint: s.endpoint,
      stationCode: s.stationCode,
      authKind: s.authKind,
      tokenSet: s.token !== null,
      clientId: s.clientId,
      clientSecretSet: s.clientSecret !== null,
      tokenUrl: s.tokenUrl,
      protocol: s.protocol,
      fieldMapping: s.fieldMapping,
    };
  }

  async configure(change: PublishConfigure): Promise<PublishSettings> {
    // Sealed before the write: a secret that cannot be kept safely is not kept at all.
    const token = typeof change.token === 'string' ? await this.secrets.seal(change.token) : undefined;
    const clientSecret =
      typeof change.clientSecret === 'string' ? await this.secrets.seal(change.clientSecret) : undefined;
    await this.collection.update((s) => ({
      endpoint: change.endpoint.replace(/\/+$/, ''),
      stationCode: change.stationCode,
      authKind: change.authKind,
      token: change.token === null ? null : (token ?? s.token),
      clientId: change.clientId === undefined ? s.clientId : change.clientId,
      clientSecret: change.clientSecret === null ? null : (clientSecret ?? s.clientSecret),
      tokenUrl: change.tokenUrl === undefined ? s.tokenUrl : change.tokenUrl,
      protocol: change.protocol ?? s.protocol,
      fieldMapping: change.fieldMapping ?? s.fieldMapping,
    }));
    return this.get();
  }

  /** Whether there is enough to publish: endpoint, station code and the chosen kind's credentials. */
  configured(): boolean {
    const s = this.get();
    const credentials = s.authKind === 'oauth2' ? s.clientId !== null && s.clientSecretSet : s.tokenSet;
    return s.endpoint !== null && s.stationCode !== null && credentials;
  }

  /** The stored token, opened; null when none is stored. */
  async token(): Promise<string | null> {
    const { token } = this.collection.read();
    return token ? this.secrets.open(token) : null;
  }

  /**
   * The credentials of the chosen kind, opened; null while they are incomplete (no token; no
   * endpoint, client id or secret for OAuth2).
   */
  async credentials(): Promise<PublishCredentials | null> {
    const s = this.collection.read();
    if (s.authKind === 'bearer') {
      const token = await this.token();
      return token ? { kind: 'bearer', token } : null;
    }
    if (!s.endpoint || !s.clientId || !s.clientSecret) return null;
    return {
      kind: 'oauth2',
      tokenUrl: s.tokenUrl ?? defaultTokenUrl(s.endpoint),
      clientId: s.clientId,
      clientSecret: await this.secrets.open(s.clientSecret),
    };
  }
}
