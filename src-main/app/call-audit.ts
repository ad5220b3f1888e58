/**
 * Which calls the audit log records, and what it says about them: every call that succeeded and
 * changes something, that is whose permission ends in `.write`, or is `recording.use`. The router
 * asks here before and after each call (the one place; no handler records anything itself).
 *
 * - The object is the first of the request's `id`, `projectId`, `programmeId`, `assetId`,
 *   `templateId`, `jobId` (its kind named by the key, or for `id` by the call's domain); when the
 *   request names none (something new: an import, a new programme), the result's `id`.
 * - Calls that fail are not recorded: they changed nothing (the router turns a failure into an
 *   error before any change is reported).
 * - A change that cannot be recorded is refused: a broadcaster must be able to say who changed
 *   what. Before a recorded call runs the log must be writable (after a failure it is opened
 *   again first), else the call fails with AUDIT_UNAVAILABLE and nothing is done. If the entry
 *   cannot be written after the change was made, the error is logged and the call fails with
 *   AUDIT_UNAVAILABLE, saying that the change was made but not recorded.
 */
import type { AuditLog } from '../audit/audit-log';
import {
  DEFAULT_ERROR_MESSAGES,
  type AuditEntry,
  type CallName,
  type Permission,
  type StudioErrorShape,
} from '../contract';
import type { Logger } from '../platform/logger';
import type { Caller } from './policy';
import type { CallRecorder } from './router';

/** Request keys naming the object of a call, in the order they are looked for, with its kind. */
const OBJECT_KEYS = [
  ['id', null],
  ['projectId', 'editProject'],
  ['programmeId', 'programme'],
  ['assetId', 'asset'],
  ['templateId', 'programmeTemplate'],
  ['jobId', 'job'],
] as const;

/** What an `id` names, by the call's domain (the part of its name before the first dot). */
const ID_KIND: Record<string, string> = {
  library: 'asset',
  edit: 'editProject',
  programme: 'programme',
  recording: 'take',
};

export function changesSomething(permission: Permission): boolean {
  return permission.endsWith('.write') || permission === 'recording.use';
}

/** The object a call acted on, by the rule above. */
export function auditedObject(name: CallName, request: unknown, result: unknown): AuditEntry['object'] {
  const domain = name.split('.')[0] as string;
  const fromRequest = request && typeof request === 'object' ? (request as Record<string, unknown>) : {};
  for (const [key, kind] of OBJECT_KEYS) {
    const id = fromRequest[key];
    if (typeof id === 'string') return { kind: kind ?? ID_KIND[domain] ?? domain, id };
  }
  const made = result && typeof result === 'object' ? (result as Record<string, unknown>).id : undefined;
  return typeof made === 'string' ? { kind: ID_KIND[domain] ?? domain, id: made } : {};
}

const NOT_RECORDED =
  'Việc này đã được thực hiện nhưng Studio không ghi được nó vào nhật ký kiểm tra, nên tạm ngừng nhận ' +
  'mọi thay đổi khác cho đến khi ghi lại được. Hãy báo người phụ trách máy.';

export function auditCalls(audit: AuditLog, log: Logger): CallRecorder {
  return {
    records: changesSomething,
    async admit() {
      const err = await audit.ready();
      if (!err) return null;
      log.error('A change was refused: the audit log cannot be written', err);
      return unavailable(DEFAULT_ERROR_MESSAGES.AUDIT_UNAVAILABLE, err);
    },
    async record(name: CallName, request: unknown, result: unknown, caller: Caller) {
      try {
        await audit.append({
          actor: { userId: caller.userId, host: caller.host },
          action: name,
          object: auditedObject(name, request, result),
        });
        return null;
      } catch (err) {
        log.error(`A change was made but not recorded in the audit log (${name})`, err);
        return unavailable(NOT_RECORDED, err);
      }
    },
  };
}

function unavailable(message: string, err: unknown): StudioErrorShape {
  return { code: 'AUDIT_UNAVAILABLE', message, technical: err instanceof Error ? err.message : String(err) };
}
