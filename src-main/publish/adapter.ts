/**
 * What the outbox needs from a provincial source system, whatever its vendor: an upload it can
 * resume from the server's offset, a bulletin published under an idempotency key, and the
 * bulletin's status. `reference-adapter.ts` speaks the studio's reference protocol
 * (docs/provincial-api/openapi.yaml); a province whose system differs gets another adapter.
 */

import type { BulletinAiring, BulletinStatus } from '../contract';

// The statuses are the contract's (the Publish workspace shows them); adapters speak them.
export { BULLETIN_STATUSES, type BulletinStatus } from '../contract';

/** The audio to upload: the approved master, by path, with its SHA-256. */
export interface UploadSource {
  file: string;
  bytes: number;
  sha256: string;
  filename: string;
}

/** Where an upload stands on the server. */
export interface UploadPosition {
  /** The upload's URL, as the outbox keeps it to resume. */
  url: string;
  /** Bytes the server holds. */
  offset: number;
}

/** The bulletin's metadata (the reference protocol's BulletinSubmission; `audio` added by the adapter). */
export interface BulletinSubmission {
  title: string;
  summary: string;
  subjectArea: string;
  priority: 'normal' | 'priority' | 'emergency';
  languages: Array<{ code: string; seconds: number }>;
  targetUnits: string[];
  broadcastWindows: Array<{ start: string; end: string }>;
  durationSeconds: number;
  loudness: { integratedLufs: number; truePeakDbtp: number; preset?: string };
  station: { code: string; name?: string };
  authors: Array<{ name: string; role?: string }>;
  approval: { approver: string; approvedAt: string };
  audio: { uploadId: string; sha256: string };
  /**
   * Where the province may POST a notice when the bulletin's status changes (where it supports it);
   * the studio takes a notice only as a nudge to read the status again.
   */
  callbackUrl?: string;
}

/** A bulletin as the province holds it. */
export interface PublishedBulletin {
  id: string;
  status: BulletinStatus;
  /** Why it was rejected or withdrawn. */
  reason: string | null;
  sha256: string;
  /** When the province scheduled it (null until it does). */
  scheduledAt: string | null;
  /** One report per commune that aired it. */
  airings: BulletinAiring[];
}

/**
 * Why a request to the province did not succeed, in Vietnamese for the outbox's `lastError`.
 * `retry`: worth trying again later (the network, a 5xx, a body that made no sense);
 * `uploadGone`: the server no longer has the upload (expired, removed): start a new one;
 * `refused`: the province refused it for good (retrying would change nothing).
 */
export class PublishError extends Error {
  constructor(
    readonly kind: 'retry' | 'uploadGone' | 'refused',
    message: string,
    /** What was seen (status, the request), for the log; never the token. */
    readonly technical: string,
    /** How long the province asked to be left alone (`Retry-After` of a 503 or 429), in ms. */
    readonly retryAfterMs: number | null = null,
    /**
     * The province could not be reached or is not serving (no answer, a cut, a timeout, a 5xx): the
     * link is offline. Any other failure came with an answer (a refused token, a body that made no
     * sense), so the province is there.
     */
    readonly unreachable = false,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

export interface ProvincialAdapter {
  /**
   * Sends the file: resumes the upload at `resume` (the URL the outbox kept) from the server's
   * offset, or creates one (when there is none, or the server no longer has it), its SHA-256
   * declared for the server to check. `at` hears where the upload stands each time the server
   * says so (its URL as soon as it is known, then the offset after each accepted piece), so the
   * outbox records it as it goes. Resolves to the final position.
   */
  upload(
    source: UploadSource,
    resume: string | null,
    at: (position: UploadPosition) => void,
    signal?: AbortSignal,
  ): Promise<UploadPosition>;
  /** The upload's id as a bulletin names it. */
  uploadIdOf(url: string): string;
  /**
   * The exact body this province receives for a submission: its field layout, with the field
   * mapping of the settings now. The outbox keeps it with the item before the first publish, so a
   * retry sends these bytes again under the same key even if the settings changed meanwhile (a
   * body made again could differ, and the province would refuse the key: 422).
   */
  bulletinBody(submission: BulletinSubmission): string;
  /**
   * Publishes a body made by `bulletinBody`, whose audio must be `sha256`; the same key and body
   * answer the first result again, never a second bulletin.
   */
  publish(
    idempotencyKey: string,
    body: string,
    sha256: string,
    signal?: AbortSignal,
  ): Promise<PublishedBulletin>;
  /** A bulletin's status as the province holds it now. */
  bulletin(id: string, signal?: AbortSignal): Promise<PublishedBulletin>;
  /**
   * The station withdraws a bulletin (received, accepted or scheduled); a withdrawn one answers
   * unchanged. `refused` when its status no longer allows it (rejected, aired).
   */
  withdraw(id: string, reason: string, signal?: AbortSignal): Promise<PublishedBulletin>;
}
