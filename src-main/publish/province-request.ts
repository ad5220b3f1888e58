/**
 * One request to the province, as every adapter sends it, and what a failed answer means: with
 * the access token (renewed and the request sent once more when the province answers 401 and the
 * token can be renewed), a timeout, and no redirect followed: the token must not go on to another
 * host, and no adapter's protocol has redirects. Each failure is a PublishError in Vietnamese.
 */
import { withAccessToken, type AccessTokens } from './access-token';
import { PublishError } from './adapter';
import { networkError } from './network-error';

export interface ProvinceRequestOptions {
  tokens: AccessTokens;
  timeoutMs: number;
}

/** What the judges read of an answer: fetch's Response, or tus-js-client's seen through it. */
export interface Answer {
  status: number;
  headers: { get(name: string): string | null };
}

/** A system's error body, as an adapter reads it from its own layout. */
export interface ProvinceProblem {
  code: string;
  message: string;
}

export async function provinceRequest(
  what: string,
  url: URL,
  init: RequestInit,
  { tokens, timeoutMs }: ProvinceRequestOptions,
): Promise<Response> {
  let res: Response;
  try {
    res = await withAccessToken(
      tokens,
      (authorization) =>
        fetch(url, {
          ...init,
          headers: { ...(init.headers as Record<string, string>), Authorization: authorization },
          redirect: 'manual',
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : [])]),
        }),
      init.signal ?? undefined,
    );
  } catch (err) {
    init.signal?.throwIfAborted();
    // The token could not be had (credentials refused, token endpoint down): said as it is.
    if (err instanceof PublishError) throw err;
    throw new PublishError(
      'retry',
      'Mất kết nối với hệ thống của tỉnh giữa chừng; studio sẽ tự gửi tiếp từ chỗ đã gửi được.',
      `${what}: ${networkError(err)}`,
      null,
      true,
    );
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw redirected(what, url.href, res);
  }
  return res;
}

/** A non-success answer as a PublishError worth retrying, in words for the station. */
export function unsuccessful(what: string, res: Answer, problem: ProvinceProblem | null): PublishError {
  const technical = `${what}: HTTP ${res.status}${problem ? ` ${problem.code}: ${problem.message}` : ''}`;
  if (res.status >= 200 && res.status < 300) {
    return new PublishError(
      'retry',
      problem
        ? `Hệ thống của tỉnh trả lời "thành công" nhưng kèm báo lỗi (${problem.message}); studio không coi là đã gửi và sẽ thử lại.`
        : `Hệ thống của tỉnh trả lời không đúng giao thức (mã ${res.status}); studio không coi là đã gửi và sẽ thử lại.`,
      technical,
    );
  }
  if (res.status === 401 || res.status === 403) {
    return new PublishError(
      'retry',
      'Hệ thống của tỉnh từ chối mã truy cập (có thể đã hết hạn); studio sẽ thử lại. Nếu lỗi kéo dài, hãy kiểm tra mã truy cập trong cài đặt gửi lên tỉnh.',
      technical,
    );
  }
  // A 503 or 429 may say when to come back; the outbox waits at least that long.
  const wait = res.status === 503 || res.status === 429 ? retryAfterMs(res.headers.get('retry-after')) : null;
  const waited = wait === null ? '' : ` (Retry-After ${res.headers.get('retry-after')})`;
  if (res.status >= 500) {
    return new PublishError(
      'retry',
      'Hệ thống của tỉnh đang tạm thời không phục vụ; studio sẽ thử lại sau.',
      technical + waited,
      wait,
      true,
    );
  }
  return new PublishError(
    'retry',
    `Hệ thống của tỉnh chưa nhận (${problem?.message ?? `mã lỗi HTTP ${res.status}`}); studio sẽ thử lại.`,
    technical + waited,
    wait,
  );
}

/**
 * `Retry-After` (RFC 9110 §10.2.3: seconds, or an HTTP date) in ms from now; null when absent or
 * unreadable. A date already past is 0.
 */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  const value = header?.trim() ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A redirect, never followed: the token must not go on to another host, and no protocol has one. */
export function redirected(what: string, from: string, res: Answer): PublishError {
  const location = res.headers.get('location') ?? '';
  let where = location;
  try {
    where = new URL(location, from).host;
  } catch {
    // An unreadable Location is shown as it came.
  }
  return new PublishError(
    'refused',
    `Hệ thống của tỉnh chuyển hướng sang địa chỉ khác (${where || 'không rõ'}); studio không gửi bản tin và mã truy cập theo. Hãy kiểm tra lại địa chỉ trong cài đặt gửi lên tỉnh.`,
    `${what}: HTTP ${res.status} → ${location}`,
  );
}

/** The province no longer has the upload (expired, removed): the outbox starts a new one. */
export function gone(what: string, status: number): PublishError {
  return new PublishError(
    'uploadGone',
    'Hệ thống của tỉnh không còn giữ phần đã tải lên (đã hết hạn hoặc bị xoá); studio sẽ tải lại từ đầu.',
    `${what}: HTTP ${status}`,
  );
}

/** An answer that is not what the protocol says: never taken as success. */
export function malformed(what: string, seen: string): PublishError {
  return new PublishError(
    'retry',
    'Hệ thống của tỉnh trả lời không đúng giao thức nên studio không coi là đã gửi; sẽ thử lại.',
    `${what}: ${seen}`,
  );
}
