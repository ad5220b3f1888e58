/**
 * Where the studio publishes to (issue 14): the provincial source system's address, the station's
 * code there and how the studio proves who it is. The secret itself never leaves main: a window
 * and the CLI learn only whether one is stored.
 */

/** How the studio authenticates to the province: a fixed bearer token (OAuth2 client credentials later). */
export const PUBLISH_AUTH_KINDS = ['bearer'] as const;
export type PublishAuthKind = (typeof PUBLISH_AUTH_KINDS)[number];

export interface PublishSettings {
  /** The system's base URL (http or https), e.g. `https://nguon.laocai.gov.vn`; null until set. */
  endpoint: string | null;
  /** The station's code in the provincial system; null until set. */
  stationCode: string | null;
  authKind: PublishAuthKind;
  /** Whether a token is stored (encrypted at rest); the token is never sent out. */
  tokenSet: boolean;
}

/**
 * What "Kiểm tra kết nối" found: `ok` (reachable, speaks the reference protocol, token accepted),
 * `tokenRefused`, `unreachable` (no answer, or the server fails), `notReference` (it answers, but
 * not as the reference protocol does), `notConfigured` (no endpoint or no token yet).
 */
export const PUBLISH_CHECK_OUTCOMES = [
  'ok',
  'tokenRefused',
  'unreachable',
  'notReference',
  'notConfigured',
] as const;
export type PublishCheckOutcome = (typeof PUBLISH_CHECK_OUTCOMES)[number];

export interface PublishCheckResult {
  outcome: PublishCheckOutcome;
  /** In Vietnamese, for the CLI and the log; the UI words the outcome itself. */
  message: string;
  /** What was seen, for IT support (status codes, the network error); never the token. */
  technical?: string;
  endpoint: string | null;
  checkedAt: string;
}
