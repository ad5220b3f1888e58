/** The WebSocket protocol of the web host: one JSON object per message. */
import { z } from 'zod';
import type { StudioErrorShape } from './errors';
import type { EventName } from './events';

export const wireRequestSchema = z
  .object({
    id: z.union([z.string().max(64), z.number().int()]),
    call: z.string().max(128),
    request: z.unknown().optional(),
  })
  .strict();

export type WireRequest = z.infer<typeof wireRequestSchema>;

/** Cancels the caller's own call `cancel` (its id); the call then answers CANCELLED. */
export const wireCancelSchema = z
  .object({ cancel: z.union([z.string().max(64), z.number().int()]) })
  .strict();

export type WireCancel = z.infer<typeof wireCancelSchema>;

export type WireReply =
  | { id: string | number | null; ok: true; result: unknown }
  | { id: string | number | null; ok: false; error: StudioErrorShape };

export interface WireEvent {
  event: EventName;
  payload: unknown;
}

/** Largest message the web host accepts; imports send paths, never audio, over this channel. */
export const WIRE_MAX_BYTES = 1024 * 1024;

/** Path of the WebSocket endpoint and name of the session cookie. */
export const WIRE_PATH = '/ws';
export const SESSION_COOKIE = 'studio_session';

/** Web host only: POST a file's bytes here (`?name=`) to get a path on the studio PC to import. */
export const UPLOAD_PATH = '/upload';
