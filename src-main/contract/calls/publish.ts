import { z } from 'zod';
import {
  BULLETIN_FIELDS,
  PUBLISH_AUTH_KINDS,
  PUBLISH_PROTOCOLS,
  type PublishFieldMapping,
  type OutboxItem,
  type OutboxRunResult,
  type OutboxSyncResult,
  type QueuedOutboxItem,
  type PublishCheckResult,
  type PublishLinkState,
  type PublishSettings,
} from '../publish-models';
import { call, emptyRequest } from './define';
import { programmeIdSchema } from './programme';

/**
 * The provincial system's base URL: http or https, no user name or password inside it (they would
 * sit in a plain JSON file), no fragment.
 */
export const publishEndpointSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  }, 'Địa chỉ phải là một URL http:// hoặc https:// không chứa tên đăng nhập hay mật khẩu.');

/** A field name in another province's system: a JSON identifier, as vendors name fields. */
const fieldNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'Tên trường chỉ gồm chữ không dấu, số và gạch dưới.');
const codeSchema = z.string().trim().min(1).max(100);

/**
 * A field mapping (PublishFieldMapping): renames to distinct names that are not another field's
 * own name (two fields under one name would lose one), codes of at most 100 characters.
 */
export const publishFieldMappingSchema = z
  .strictObject({
    rename: z.partialRecord(z.enum(BULLETIN_FIELDS), fieldNameSchema).default({}),
    subjectAreas: z.record(z.string().trim().min(1).max(100), codeSchema).default({}),
    priorities: z.partialRecord(z.enum(['normal', 'priority', 'emergency']), codeSchema).default({}),
  })
  .superRefine((mapping, ctx) => {
    // Every field ends under one name of its own: two under one name would lose one.
    const holder = new Map<string, string>();
    for (const field of BULLETIN_FIELDS) {
      const name = mapping.rename[field] ?? field;
      const other = holder.get(name);
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: ['rename', mapping.rename[field] ? field : other],
          message: `Trường "${other}" và "${field}" không thể cùng mang tên "${name}".`,
        });
      }
      holder.set(name, field);
    }
  }) satisfies z.ZodType<PublishFieldMapping>;

export const EMPTY_FIELD_MAPPING: PublishFieldMapping = { rename: {}, subjectAreas: {}, priorities: {} };

export const publishConfigureSchema = z
  .object({
    endpoint: publishEndpointSchema,
    stationCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'Mã đài chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.'),
    authKind: z.enum(PUBLISH_AUTH_KINDS).default('bearer'),
    /** A new token; left out, the stored one is kept; null removes it. */
    token: z.string().min(1).max(8192).nullable().optional(),
    /** OAuth2's client id; left out, kept; null removes it. */
    clientId: z.string().trim().min(1).max(256).nullable().optional(),
    /** OAuth2's client secret, sealed like the token; left out, kept; null removes it. */
    clientSecret: z.string().min(1).max(8192).nullable().optional(),
    /** OAuth2's token endpoint; left out, kept; null: the protocol's path under the endpoint. */
    tokenUrl: publishEndpointSchema.nullable().optional(),
    /** Left out, kept. */
    protocol: z.enum(PUBLISH_PROTOCOLS).optional(),
    /** Left out, kept. */
    fieldMapping: publishFieldMappingSchema.optional(),
  })
  .strict();

/** An outbox item's id (made by the outbox as a UUID). */
export const outboxItemIdSchema = z.uuid();

const outboxItemRequest = z.object({ itemId: outboxItemIdSchema }).strict();

export const publishCalls = {
  /** Where the studio publishes to; whether a token or client secret is stored, never either. */
  'publish.settings': call<PublishSettings>()({ request: emptyRequest, permission: 'publish.configure' }),
  /** Changes them (audited, never the token or secret); both are stored encrypted. */
  'publish.configure': call<PublishSettings>()({
    request: publishConfigureSchema,
    permission: 'publish.configure',
  }),
  /** "Kiểm tra kết nối": the stored endpoint with the stored token or OAuth2 client credentials. */
  'publish.check': call<PublishCheckResult>()({ request: emptyRequest, permission: 'publish.configure' }),
  /**
   * Puts an approved programme in the outbox, its approved master's SHA-256 and an idempotency key
   * made now (so no retry ever makes a second bulletin). Queuing the same approved master again
   * answers the item that has it; an unapproved or changed master is PROGRAMME_NOT_APPROVED.
   */
  'publish.queue': call<QueuedOutboxItem>()({
    request: z.object({ programmeId: programmeIdSchema }).strict(),
    permission: 'publish.send',
  }),
  /** The outbox: every item, newest first. */
  'outbox.list': call<OutboxItem[]>()({ request: emptyRequest, permission: 'publish.send' }),
  /**
   * Sends what is queued and returns: each item due now is tried once, or with `untilEmpty` until
   * nothing is waiting (retries after their backoff), at most `timeoutSeconds`.
   */
  'outbox.run': call<OutboxRunResult>()({
    request: z
      .object({
        untilEmpty: z.boolean().default(false),
        timeoutSeconds: z.number().positive().max(86_400).optional(),
      })
      .strict(),
    permission: 'publish.send',
  }),
  /**
   * Asks the province now for the status of every sent bulletin that may still change (accepted,
   * rejected with a reason, scheduled, aired in which communes, withdrawn) and records it.
   */
  'outbox.sync': call<OutboxSyncResult>()({ request: emptyRequest, permission: 'publish.send' }),
  /**
   * Whether the province can be reached now, as the outbox last saw it (the offline banner), and
   * when the background runner tries again; 'publish.link' announces each change.
   */
  'publish.link': call<PublishLinkState>()({ request: emptyRequest, permission: 'publish.send' }),
  /**
   * A failed item, or one waiting for its next attempt, becomes due now (resuming where it was,
   * same key and body); CONFLICT for a sent or cancelled one. Audited.
   */
  'outbox.retry': call<OutboxItem>()({ request: outboxItemRequest, permission: 'publish.send' }),
  /**
   * The item is not sent: only while no bulletin can exist at the province (before its first
   * publish request); else CONFLICT, suggesting withdrawal. Audited.
   */
  'outbox.cancel': call<OutboxItem>()({ request: outboxItemRequest, permission: 'publish.send' }),
  /**
   * Withdraws a sent bulletin at the province (received, accepted or scheduled there), with the
   * station's reason (kept as the item's `bulletinReason`). Audited with the reason.
   */
  'publish.withdraw': call<OutboxItem>()({
    request: z
      .object({
        itemId: outboxItemIdSchema,
        reason: z.string().trim().min(1, 'Hãy ghi lý do rút bản tin.').max(500),
      })
      .strict(),
    permission: 'publish.withdraw',
  }),
} as const;
