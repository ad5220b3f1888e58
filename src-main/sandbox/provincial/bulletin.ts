/**
 * A bulletin (bản tin) as the reference protocol carries it (docs/provincial-api/openapi.yaml,
 * schemas BulletinSubmission and Bulletin). The schema here is the sandbox's check of what a
 * station sends; the document is the contract, and the tests hold the two together.
 */
import { z } from 'zod';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 viết bằng 64 chữ số hex thường');

export const PRIORITIES = ['normal', 'priority', 'emergency'] as const;

export const bulletinSubmissionSchema = z.strictObject({
  title: z.string().trim().min(1).max(300),
  summary: z.string().max(4000).default(''),
  subjectArea: z.string().trim().min(1).max(100),
  /** thông thường / ưu tiên / khẩn cấp (Circular 39/2020). */
  priority: z.enum(PRIORITIES),
  languages: z
    .array(z.strictObject({ code: z.string().regex(/^[a-z]{3}$/), seconds: z.number().min(0) }))
    .min(1),
  targetUnits: z.array(z.string().trim().min(1).max(20)).min(1),
  broadcastWindows: z
    .array(z.strictObject({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }))
    .default([]),
  durationSeconds: z.number().positive(),
  loudness: z.strictObject({
    integratedLufs: z.number(),
    truePeakDbtp: z.number(),
    preset: z.string().max(40).optional(),
  }),
  station: z.strictObject({ code: z.string().trim().min(1).max(40), name: z.string().max(200).optional() }),
  authors: z.array(
    z.strictObject({ name: z.string().trim().min(1).max(200), role: z.string().max(60).optional() }),
  ),
  approval: z.strictObject({
    approver: z.string().trim().min(1).max(200),
    approvedAt: z.iso.datetime({ offset: true }),
  }),
  audio: z.strictObject({ uploadId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/), sha256: SHA256 }),
  /** Where a notice is POSTed on each status change (BulletinStatusNotice). */
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
});

export type BulletinSubmission = z.infer<typeof bulletinSubmissionSchema>;

export const BULLETIN_STATES = [
  'received',
  'accepted',
  'rejected',
  'scheduled',
  'aired',
  'withdrawn',
] as const;
export type BulletinState = (typeof BULLETIN_STATES)[number];

export interface StatusChange {
  state: BulletinState;
  at: string;
  reason?: string;
}

/** One commune's report that it aired the bulletin. */
export interface AiringReport {
  unitCode: string;
  airedAt: string;
}

export interface Bulletin {
  id: string;
  idempotencyKey: string;
  receivedAt: string;
  submission: BulletinSubmission;
  audio: { uploadId: string; sha256: string; bytes: number };
  status: BulletinState;
  /** Why the province rejected it, or why the station withdrew it. */
  reason: string | null;
  scheduledAt: string | null;
  airings: AiringReport[];
  history: StatusChange[];
  /** The record as a vendor of another layout received it (flat-layout.ts); absent for the reference protocol. */
  layoutRecord?: Record<string, unknown>;
}

/** The protocol's view of a bulletin (schema Bulletin). */
export function bulletinView(b: Bulletin): Record<string, unknown> {
  return {
    id: b.id,
    idempotencyKey: b.idempotencyKey,
    receivedAt: b.receivedAt,
    status: b.status,
    reason: b.reason,
    scheduledAt: b.scheduledAt,
    airings: b.airings,
    history: b.history,
    audio: b.audio,
    metadata: b.submission,
  };
}

/** What `GET /sandbox/bulletins` lists for each (schema SandboxBulletin). */
export function sandboxView(b: Bulletin): Record<string, unknown> {
  return {
    id: b.id,
    idempotencyKey: b.idempotencyKey,
    title: b.submission.title,
    sha256: b.audio.sha256,
    bytes: b.audio.bytes,
    status: b.status,
    reason: b.reason,
    priority: b.submission.priority,
    receivedAt: b.receivedAt,
  };
}

/** Which moves the province's operator and the station may make. */
export const TRANSITIONS: Record<'accept' | 'reject' | 'schedule' | 'aired' | 'withdraw', BulletinState[]> = {
  accept: ['received'],
  reject: ['received', 'accepted', 'scheduled'],
  schedule: ['accepted'],
  // Communes report one by one: an aired bulletin takes more reports.
  aired: ['accepted', 'scheduled', 'aired'],
  withdraw: ['received', 'accepted', 'scheduled'],
};
