/**
 * The access token an adapter sends as `Authorization: Bearer …`, from one source: a fixed token
 * the province gave, or OAuth2 client credentials (RFC 6749 §4.4) exchanged at the token endpoint
 * for short-lived access tokens. Those are kept in memory only, renewed shortly before they
 * expire (with the refresh token when the province gave one) and once when the province answers
 * 401 to a request, which is then sent once more (`withAccessToken`).
 */
import { z } from 'zod';
import { PublishError } from './adapter';
import { networkError } from './network-error';

/** Where an access token comes from. */
export interface AccessTokens {
  /** The token to send now (fetched or renewed first when needed). */
  current(signal?: AbortSignal): Promise<string>;
  /**
   * The province refused `token` (401): whether asking `current()` again may give one it accepts.
   * A fixed token cannot change; client credentials drop it and fetch a new one.
   */
  refused(token: string): boolean;
}

/** A token the province gave once: sent as it is, a 401 is the province's answer. */
export function fixedToken(token: string): AccessTokens {
  return { current: () => Promise.resolve(token), refused: () => false };
}

/**
 * Why an access token could not be had, for "Kiểm tra kết nối": `credentials` (the client id or
 * secret refused), `network` (no answer), `server` (it failed, 5xx), `protocol` (it answered, but
 * not as an OAuth2 token endpoint does).
 */
export class AccessTokenError extends PublishError {
  constructor(
    kind: 'retry' | 'refused',
    readonly seen: 'credentials' | 'network' | 'server' | 'protocol',
    message: string,
    technical: string,
  ) {
    // The token endpoint silent or failing: the province cannot be reached (the link is offline).
    super(kind, message, technical, null, seen === 'network' || seen === 'server');
  }
}

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  /** The clock, in ms (tests move it). */
  now?: () => number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

const oauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

/** The client's own credentials refused: retrying with them changes nothing (RFC 6749 §5.2). */
const CREDENTIALS_REFUSED = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant']);

const WHAT = 'POST token endpoint';

interface Held {
  token: string;
  refreshToken: string | null;
  /** When to renew it: a little before it expires, so no request goes out with a dying token. */
  renewAt: number;
}

export class ClientCredentials implements AccessTokens {
  private held: Held | null = null;
  private fetching: Promise<Held> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: ClientCredentialsOptions) {
    this.now = options.now ?? Date.now;
  }

  async current(signal?: AbortSignal): Promise<string> {
    const held = this.held;
    if (held && this.now() < held.renewAt) return held.token;
    // One request at a time: callers who need a token meanwhile wait for the same one.
    this.fetching ??= this.renew(held?.refreshToken ?? null, signal).finally(() => {
      this.fetching = null;
    });
    return (await this.fetching).token;
  }

  refused(token: string): boolean {
    if (this.held?.token === token) this.held = null;
    return true;
  }

  private async renew(refreshToken: string | null, signal?: AbortSignal): Promise<Held> {
    if (refreshToken !== null) {
      try {
        return (this.held = await this.grant(
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          signal,
        ));
      } catch (err) {
        // A refresh token spent or forgotten by the province: the client's own credentials still work.
        if (!(err instanceof AccessTokenError && err.seen === 'credentials')) throw err;
      }
    }
    return (this.held = await this.grant({ grant_type: 'client_credentials' }, signal));
  }

  /** One token request; the client authenticates by HTTP Basic (RFC 6749 §2.3.1). */
  private async grant(fields: Record<string, string>, signal?: AbortSignal): Promise<Held> {
    const { tokenUrl, clientId, clientSecret } = this.options;
    const basic = Buffer.from(
      `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`,
      'utf8',
    ).toString('base64');
    const started = this.now();
    let res: Response;
    try {
      res = await fetch(tokenUrl, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams(fields).toString(),
        // Never followed: the client secret goes to the token endpoint and nowhere else.
        redirect: 'manual',
        signal: AbortSignal.any([
          AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
          ...(signal ? [signal] : []),
        ]),
      });
    } catch (err) {
      signal?.throwIfAborted();
      throw new AccessTokenError(
        'retry',
        'network',
        'Không kết nối được tới nơi cấp mã truy cập của tỉnh; studio sẽ thử lại.',
        `${WHAT}: ${networkError(err)}`,
      );
    }
    const text = await res.text().catch(() => '');
    const technical = `${WHAT}: HTTP ${res.status}`;
    if (res.status === 200) {
      const parsed = tokenResponseSchema.safeParse(parseJson(text));
      if (!parsed.success) {
        throw new AccessTokenError(
          'retry',
          'protocol',
          'Nơi cấp mã truy cập của tỉnh trả lời không đúng chuẩn OAuth2; studio sẽ thử lại.',
          `${technical}, not a token response`,
        );
      }
      const { access_token, expires_in, refresh_token } = parsed.data;
      const lifetimeMs = (expires_in ?? Infinity) * 1000;
      return {
        token: access_token,
        refreshToken: refresh_token ?? null,
        renewAt: started + lifetimeMs - Math.min(60_000, lifetimeMs / 10),
      };
    }
    const problem = oauthErrorSchema.safeParse(parseJson(text));
    if (
      (res.status === 400 || res.status === 401) &&
      problem.success &&
      CREDENTIALS_REFUSED.has(problem.data.error)
    ) {
      throw new AccessTokenError(
        'refused',
        'credentials',
        'Hệ thống của tỉnh từ chối mã ứng dụng (client ID) hoặc khoá bí mật (client secret) của đài. Hãy kiểm tra lại trong cài đặt gửi lên tỉnh.',
        `${technical} ${problem.data.error}${problem.data.error_description ? ` (${problem.data.error_description})` : ''}`,
      );
    }
    if (res.status >= 300 && res.status < 400) {
      throw new AccessTokenError(
        'refused',
        'protocol',
        'Nơi cấp mã truy cập của tỉnh chuyển hướng sang địa chỉ khác; studio không gửi khoá bí mật theo. Hãy kiểm tra lại địa chỉ cấp mã.',
        `${technical} → ${res.headers.get('location') ?? ''}`,
      );
    }
    if (res.status >= 500) {
      throw new AccessTokenError(
        'retry',
        'server',
        'Nơi cấp mã truy cập của tỉnh đang tạm thời không phục vụ; studio sẽ thử lại sau.',
        technical,
      );
    }
    throw new AccessTokenError(
      'retry',
      'protocol',
      'Nơi cấp mã truy cập của tỉnh không cấp mã cho đài; studio sẽ thử lại. Nếu lỗi kéo dài, hãy kiểm tra địa chỉ cấp mã trong cài đặt gửi lên tỉnh.',
      `${technical}${problem.success ? ` ${problem.data.error}` : ''}`,
    );
  }
}

/**
 * Sends a request with the current access token; when the province answers 401 and the source can
 * renew it, sends it once more with the new one (`send` must be callable twice: a body it can send again).
 */
export async function withAccessToken(
  tokens: AccessTokens,
  send: (authorization: string) => Promise<Response>,
  signal?: AbortSignal,
): Promise<Response> {
  const token = await tokens.current(signal);
  const res = await send(`Bearer ${token}`);
  if (res.status !== 401 || !tokens.refused(token)) return res;
  await res.body?.cancel();
  return send(`Bearer ${await tokens.current(signal)}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
