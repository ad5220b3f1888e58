/**
 * "Kiểm tra kết nối": the cheapest requests that tell whether the studio can publish, by the
 * reference protocol (docs/provincial-api/openapi.yaml):
 *
 * 1. `OPTIONS /api/v1/uploads` (tus discovery, no token): a server that answers without
 *    `Tus-Resumable: 1.0.0` and the creation extension does not speak the reference protocol.
 * 2. `GET /api/v1/bulletins/<an id nobody has>` with the token: 404 with the protocol's error body
 *    means the token was accepted (the token is checked before the id), 401 or 403 that it was refused.
 *    Another adapter names its own probe (`CheckProbe`: the flat layout's bulletins live elsewhere).
 *
 * With OAuth2 client credentials, an access token is asked for first: credentials refused by the
 * token endpoint are `tokenRefused`, a token endpoint that is not one is `notReference`.
 *
 * Redirects are not followed: a token is never sent on to another host, and the reference protocol
 * has no redirects.
 */
import type { PublishCheckOutcome, PublishCheckResult } from '../contract';
import { AccessTokenError, withAccessToken, type AccessTokens } from './access-token';
import { networkError } from './network-error';

/** An id of the BulletinId pattern that no province issues. */
const PROBE_ID = 'studio-connection-check';

/** The request that tells an accepted token: a bulletin nobody has, and the body of its 404. */
export interface CheckProbe {
  /** Under the endpoint, without the leading slash. */
  path: string;
  /** Whether a 404's JSON body is the system's own "not found" (not some other server's page). */
  isNotFound(body: unknown): boolean;
}

/** The reference protocol's probe: its Error body (`{ "error": { "code": "…", "message": "…" } }`). */
export const REFERENCE_PROBE: CheckProbe = {
  path: `api/v1/bulletins/${PROBE_ID}`,
  isNotFound: (body) => typeof (body as { error?: { code?: unknown } } | null)?.error?.code === 'string',
};
const TIMEOUT_MS = 10_000;

const MESSAGES: Record<PublishCheckOutcome, string> = {
  ok: 'Kết nối được với hệ thống của tỉnh và mã truy cập được chấp nhận.',
  tokenRefused:
    'Hệ thống của tỉnh trả lời nhưng từ chối mã truy cập (hoặc mã ứng dụng và khoá bí mật). Hãy kiểm tra lại thông tin tỉnh cấp.',
  unreachable:
    'Không kết nối được với hệ thống của tỉnh. Hãy kiểm tra địa chỉ, mạng Internet, hoặc thử lại sau.',
  notReference:
    'Địa chỉ này có trả lời nhưng không phải hệ thống nhận bản tin theo giao thức của Studio. Hãy kiểm tra lại địa chỉ.',
  notConfigured: 'Chưa nhập đủ địa chỉ hệ thống của tỉnh và mã truy cập (hoặc mã ứng dụng và khoá bí mật).',
};

export interface CheckTarget {
  endpoint: string;
  /** The access token's source (a fixed token, or OAuth2 client credentials). */
  tokens: AccessTokens;
  /** Default: the reference protocol's. */
  probe?: CheckProbe;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => Date;
}

export function checkResult(
  outcome: PublishCheckOutcome,
  endpoint: string | null,
  technical?: string,
  now: () => Date = () => new Date(),
): PublishCheckResult {
  return {
    outcome,
    message: MESSAGES[outcome],
    ...(technical ? { technical } : {}),
    endpoint,
    checkedAt: now().toISOString(),
  };
}

export async function checkPublishConnection(target: CheckTarget): Promise<PublishCheckResult> {
  const { endpoint, tokens } = target;
  const probeWith = target.probe ?? REFERENCE_PROBE;
  const base = endpoint.replace(/\/+$/, '');
  const answer = (outcome: PublishCheckOutcome, technical?: string) =>
    checkResult(outcome, endpoint, technical, target.now);
  const signal = () =>
    AbortSignal.any([
      AbortSignal.timeout(target.timeoutMs ?? TIMEOUT_MS),
      ...(target.signal ? [target.signal] : []),
    ]);

  let token: string;
  try {
    token = await tokens.current(signal());
  } catch (err) {
    if (!(err instanceof AccessTokenError)) throw err;
    target.signal?.throwIfAborted();
    const outcome = {
      credentials: 'tokenRefused',
      network: 'unreachable',
      server: 'unreachable',
      protocol: 'notReference',
    } as const;
    return answer(outcome[err.seen], err.technical);
  }

  let discovery: Response;
  try {
    discovery = await fetch(`${base}/api/v1/uploads`, {
      method: 'OPTIONS',
      // The protocol asks none here, but a server may (the sandbox does): it costs nothing.
      headers: { Authorization: `Bearer ${token}` },
      redirect: 'manual',
      signal: signal(),
    });
  } catch (err) {
    target.signal?.throwIfAborted();
    return answer('unreachable', `OPTIONS /api/v1/uploads: ${networkError(err)}`);
  }
  await discovery.body?.cancel();
  if (discovery.status === 401 || discovery.status === 403) {
    // Refused by a server that speaks bearer tokens; another kind of server does not say Bearer.
    return /^Bearer\b/i.test(discovery.headers.get('www-authenticate') ?? '')
      ? answer('tokenRefused', refusal('OPTIONS /api/v1/uploads', discovery))
      : answer('notReference', `OPTIONS /api/v1/uploads: HTTP ${discovery.status}`);
  }
  if (discovery.status >= 500)
    return answer('unreachable', `OPTIONS /api/v1/uploads: HTTP ${discovery.status}`);
  const extensions = (discovery.headers.get('tus-extension') ?? '').split(',').map((e) => e.trim());
  if (
    discovery.status >= 300 ||
    discovery.headers.get('tus-resumable') !== '1.0.0' ||
    !extensions.includes('creation')
  ) {
    return answer(
      'notReference',
      `OPTIONS /api/v1/uploads: HTTP ${discovery.status}, Tus-Resumable ${discovery.headers.get('tus-resumable') ?? 'missing'}, Tus-Extension ${extensions.join(',') || 'missing'}`,
    );
  }

  const what = `GET /${probeWith.path.replace(/[^/]*$/, '…')}`;
  let probe: Response;
  try {
    // An access token that expired meanwhile is renewed once, as the adapters do.
    probe = await withAccessToken(
      tokens,
      (authorization) =>
        fetch(`${base}/${probeWith.path}`, {
          headers: { Authorization: authorization, Accept: 'application/json' },
          redirect: 'manual',
          signal: signal(),
        }),
      target.signal,
    );
  } catch (err) {
    target.signal?.throwIfAborted();
    if (err instanceof AccessTokenError) return answer('tokenRefused', err.technical);
    return answer('unreachable', `${what}: ${networkError(err)}`);
  }
  const seen = `${what}: HTTP ${probe.status}`;
  if (probe.status === 401 || probe.status === 403) {
    await probe.body?.cancel();
    return answer('tokenRefused', refusal(what, probe));
  }
  if (probe.status >= 500) {
    await probe.body?.cancel();
    return answer('unreachable', seen);
  }
  if (probe.status !== 404) {
    await probe.body?.cancel();
    return answer('notReference', seen);
  }
  return probeWith.isNotFound(await jsonOf(probe))
    ? answer('ok', seen)
    : answer('notReference', `${seen}, not the system's error body`);
}

/** A refusal with the server's own reason (`error_description`), which says e.g. that the token expired. */
function refusal(request: string, response: Response): string {
  const why = /error_description="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1];
  return `${request}: HTTP ${response.status}${why ? ` (${why})` : ''}`;
}

/** A response's JSON body; null when it is not JSON. */
async function jsonOf(response: Response): Promise<unknown> {
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) {
    await response.body?.cancel();
    return null;
  }
  try {
    return await response.json();
  } catch {
    return null;
  }
}
