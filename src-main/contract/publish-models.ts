/**
 * Where the studio publishes to (issue 14): the provincial source system's address, the station's
 * code there and how the studio proves who it is. The secret itself never leaves main: a window
 * and the CLI learn only whether one is stored.
 */

/**
 * How the studio proves who it is to the province: a fixed bearer token the province gave, or
 * OAuth2 client credentials (a client id and secret exchanged for short-lived access tokens).
 */
export const PUBLISH_AUTH_KINDS = ['bearer', 'oauth2'] as const;
export type PublishAuthKind = (typeof PUBLISH_AUTH_KINDS)[number];

/**
 * Which adapter speaks to the province: `reference`, the studio's own protocol
 * (docs/provincial-api/openapi.yaml, with the field mapping applied), or `flat`, a vendor whose
 * bulletin is one flat record with Vietnamese field names (publish/flat-adapter.ts).
 */
export const PUBLISH_PROTOCOLS = ['reference', 'flat'] as const;
export type PublishProtocol = (typeof PUBLISH_PROTOCOLS)[number];

/** The bulletin's top-level fields (the reference protocol's BulletinSubmission), which a mapping may rename. */
export const BULLETIN_FIELDS = [
  'title',
  'summary',
  'subjectArea',
  'priority',
  'languages',
  'targetUnits',
  'broadcastWindows',
  'durationSeconds',
  'loudness',
  'station',
  'authors',
  'approval',
  'audio',
] as const;
export type BulletinField = (typeof BULLETIN_FIELDS)[number];

/**
 * What differs in a province whose system otherwise speaks the reference protocol, as configuration:
 * fields under other names, and its own codes for subject areas and priorities. Empty: nothing changes.
 */
export interface PublishFieldMapping {
  /** A field's name in the province's system (reference adapter). */
  rename: Partial<Record<BulletinField, string>>;
  /** The studio's subject area (as written in the programme) → the province's code; others pass as they are. */
  subjectAreas: Record<string, string>;
  /** The studio's priority → the province's word for it (reference adapter). */
  priorities: Partial<Record<'normal' | 'priority' | 'emergency', string>>;
}

export interface PublishSettings {
  /** The system's base URL (http or https), e.g. `https://nguon.laocai.gov.vn`; null until set. */
  endpoint: string | null;
  /** The station's code in the provincial system; null until set. */
  stationCode: string | null;
  authKind: PublishAuthKind;
  /** Whether a bearer token is stored (encrypted at rest); the token is never sent out. */
  tokenSet: boolean;
  /** OAuth2: the client id the province gave (not a secret); null until set. */
  clientId: string | null;
  /** OAuth2: whether a client secret is stored (encrypted at rest); the secret is never sent out. */
  clientSecretSet: boolean;
  /** OAuth2: the token endpoint; null means the protocol's `/api/v1/oauth/token` under the endpoint. */
  tokenUrl: string | null;
  protocol: PublishProtocol;
  fieldMapping: PublishFieldMapping;
}

/**
 * What "Kiểm tra kết nối" found: `ok` (reachable, speaks the reference protocol, token accepted),
 * `tokenRefused` (the token, or the OAuth2 client id and secret, refused), `unreachable` (no
 * answer, or the server fails), `notReference` (it answers, but not as the reference protocol
 * does), `notConfigured` (no endpoint or no credentials yet).
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

/**
 * An outbox item's state: queued (waiting for its turn or its next attempt), uploading (the audio,
 * by tus, resumed from the server's offset), publishing (the bulletin, with the item's
 * Idempotency-Key), sent (the province holds it), failed (refused for good: `lastError` says why),
 * cancelled.
 */
export const OUTBOX_STATES = ['queued', 'uploading', 'publishing', 'sent', 'failed', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * A bulletin's status at the province (the reference protocol's BulletinState): received (it holds
 * it) → accepted or rejected (with a reason) → scheduled → aired (per-commune reports); withdrawn by
 * the station. Final: rejected, withdrawn, and aired once every target unit reported it.
 */
export const BULLETIN_STATUSES = [
  'received',
  'accepted',
  'rejected',
  'scheduled',
  'aired',
  'withdrawn',
] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

/** One commune's (ward's) report that it aired the bulletin. */
export interface BulletinAiring {
  /** The administrative unit's code, as the bulletin's target units name it. */
  unitCode: string;
  airedAt: string;
}

/** One programme on its way to the province, as `outbox.list` and `studio outbox list` show it. */
export interface OutboxItem {
  id: string;
  programmeId: string;
  title: string;
  /** The approved master's SHA-256 when it was queued: only these bytes may leave. */
  sha256: string;
  bytes: number;
  state: OutboxState;
  /** Emergency (khẩn cấp) items go first. */
  priority: 'normal' | 'priority' | 'emergency';
  /** Bytes the province holds of the upload (its offset), as last seen. */
  bytesSent: number;
  attempts: number;
  /** Why the last attempt failed, in Vietnamese; null when it did not. */
  lastError: string | null;
  /** When the next attempt may start (after a failure, with backoff); null when not waiting. */
  nextAttemptAt: string | null;
  /** The province's id of the bulletin once it is published. */
  bulletinId: string | null;
  queuedAt: string;
  queuedBy: string | null;
  sentAt: string | null;
  /** The bulletin's status at the province, as last read (null until it is published). */
  bulletinStatus: BulletinStatus | null;
  /** The province's reason for rejecting it, or the station's for withdrawing it. */
  bulletinReason: string | null;
  /** When the province scheduled it to air. */
  scheduledAt: string | null;
  /** The communes that reported it aired. */
  airings: BulletinAiring[];
  /** When the studio last read the bulletin's status from the province. */
  statusCheckedAt: string | null;
  /**
   * When the programme was changed (back to draft) after this bulletin was published: the province
   * still holds the old version, and while its status allows (received, accepted, scheduled) the
   * Publish workspace offers to withdraw it. Nothing is withdrawn by itself. Null otherwise.
   */
  programmeChangedAt: string | null;
}

/** `publish.queue`'s answer: the item, and whether it was there already (the same master, queued or sent). */
export interface QueuedOutboxItem extends OutboxItem {
  alreadyQueued: boolean;
}

/** What one `outbox.run` did: the items it tried, as they ended, and what is still waiting. */
export interface OutboxRunResult {
  items: OutboxItem[];
  sent: number;
  failed: number;
  /** Items still queued (waiting for a retry) when the run ended. */
  pending: number;
}

/**
 * What one `outbox.sync` did: how many sent bulletins whose status was not final it asked the
 * province about, and those whose status (or reason, schedule, airings) changed, as they are now.
 */
export interface OutboxSyncResult {
  checked: number;
  changed: number;
  /** The items whose status changed (each one's new state): what listeners announce. */
  items: OutboxItem[];
  /** Bulletins whose status could not be read this time (they are asked again next time). */
  failed: number;
  /** Why the first of them could not be read, in Vietnamese; null when all were read. */
  lastError: string | null;
}

/**
 * Whether the studio can reach the province now, as the outbox's runner last saw it: the Publish
 * workspace's offline banner. `offline` after a failure of the network or the server (not a refusal
 * of one bulletin); `online` after any answer the protocol expects; `unknown` before the first
 * contact; `notConfigured` while there is no endpoint or no credentials.
 */
export const PUBLISH_LINK_STATES = ['unknown', 'online', 'offline', 'notConfigured'] as const;
export type PublishLinkStateName = (typeof PUBLISH_LINK_STATES)[number];

export interface PublishLinkState {
  state: PublishLinkStateName;
  /** Since when it is in this state (ISO); null for `unknown`. */
  since: string | null;
  /** Why it is offline, in Vietnamese; null otherwise. */
  lastError: string | null;
  /** When the runner tries again (the earliest item due, or the next check while offline). */
  nextAttemptAt: string | null;
  /** Whether a background runner sends in this studio (the windows' hosts; not the CLI). */
  runnerActive: boolean;
}

/** Outbox items changed (queued, progress, state, the province's status): listeners list them again. */
export interface OutboxChangedEvent {
  itemIds: string[];
}
