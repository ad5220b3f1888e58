/**
 * The one place an adapter is made from the publish settings: the protocol chosen there (the
 * reference adapter with the field mapping, or the flat adapter), the credentials of the kind
 * chosen there. OAuth2 access tokens live here, in memory, from one connection to the next, and
 * are dropped when the credentials change; "Kiểm tra kết nối" asks for a token of its own, so it
 * tests the credentials as they are stored now.
 */
import { StudioError, type PublishCheckResult, type PublishProtocol } from '../contract';
import { ClientCredentials, fixedToken, type AccessTokens } from './access-token';
import type { ProvincialAdapter } from './adapter';
import { checkPublishConnection, checkResult, REFERENCE_PROBE, type CheckProbe } from './connection-check';
import { FLAT_PROBE, FlatAdapter } from './flat-adapter';
import type { PublishCredentials, PublishSettingsService } from './publish-settings';
import { ReferenceAdapter } from './reference-adapter';

const PROBES: Record<PublishProtocol, CheckProbe> = { reference: REFERENCE_PROBE, flat: FLAT_PROBE };

export interface ProvinceConnection {
  adapter: ProvincialAdapter;
  stationCode: string;
}

export class AdapterFactory {
  /** The OAuth2 token source of the credentials it was made for. */
  private oauth: { credentials: PublishCredentials; tokens: AccessTokens } | null = null;

  constructor(private readonly settings: PublishSettingsService) {}

  /** An adapter for the configured province (the outbox's `connect`); UNAVAILABLE while not configured. */
  async connect(): Promise<ProvinceConnection> {
    const { endpoint, stationCode, protocol, fieldMapping } = this.settings.get();
    const credentials = await this.settings.credentials();
    if (!endpoint || !stationCode || !credentials) {
      throw new StudioError(
        'UNAVAILABLE',
        'Chưa cài đặt nơi gửi lên tỉnh (địa chỉ, mã đài, mã truy cập hoặc mã ứng dụng và khoá bí mật): người quản trị cần cài đặt trước khi gửi.',
      );
    }
    const options = { endpoint, token: this.tokensFor(credentials), fieldMapping };
    const adapter = protocol === 'flat' ? new FlatAdapter(options) : new ReferenceAdapter(options);
    return { adapter, stationCode };
  }

  /** "Kiểm tra kết nối" with what is stored now, by the chosen protocol's probe. */
  async check(signal?: AbortSignal): Promise<PublishCheckResult> {
    const { endpoint, protocol } = this.settings.get();
    // Opened only now, for this one check: a secret that cannot be opened says why (StudioError).
    const credentials = await this.settings.credentials();
    if (!endpoint || !credentials) return checkResult('notConfigured', endpoint);
    return checkPublishConnection({
      endpoint,
      tokens: tokensOf(credentials),
      probe: PROBES[protocol],
      ...(signal ? { signal } : {}),
    });
  }

  private tokensFor(credentials: PublishCredentials): AccessTokens {
    if (credentials.kind === 'bearer') return fixedToken(credentials.token);
    if (!this.oauth || !sameCredentials(this.oauth.credentials, credentials)) {
      this.oauth = { credentials, tokens: tokensOf(credentials) };
    }
    return this.oauth.tokens;
  }
}

function tokensOf(credentials: PublishCredentials): AccessTokens {
  return credentials.kind === 'bearer'
    ? fixedToken(credentials.token)
    : new ClientCredentials({
        tokenUrl: credentials.tokenUrl,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
      });
}

function sameCredentials(a: PublishCredentials, b: PublishCredentials): boolean {
  return (
    a.kind === 'oauth2' &&
    b.kind === 'oauth2' &&
    a.tokenUrl === b.tokenUrl &&
    a.clientId === b.clientId &&
    a.clientSecret === b.clientSecret
  );
}
