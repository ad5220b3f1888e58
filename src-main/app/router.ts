import type { z } from 'zod';
import {
  calls,
  DEFAULT_ERROR_MESSAGES,
  isCallName,
  StudioError,
  type CallName,
  type Permission,
  type Reply,
  type RequestOf,
  type ResultOf,
  type StudioErrorShape,
} from '../contract';
import type { Caller, Policy } from './policy';

/**
 * `signal` aborts when the client cancels the call (or goes away): long work (renders, previews)
 * stops and the call fails with CANCELLED; short calls may ignore it.
 */
export type Handler<K extends CallName> = (
  request: RequestOf<K>,
  caller: Caller,
  signal: AbortSignal,
) => Promise<ResultOf<K>> | ResultOf<K>;

export type Handlers = { [K in CallName]: Handler<K> };

export interface Router {
  /** Validates, authorises and runs one call. Never throws: failures come back as `{ ok: false }`. */
  call(name: unknown, request: unknown, caller: Caller, signal?: AbortSignal): Promise<Reply>;
}

export interface RouterLog {
  error(message: string, err: unknown): void;
}

/**
 * Records the calls that change something (the audit log, `call-audit.ts`). Never throws: each
 * step answers null to go on, or the error the call fails with.
 */
export interface CallRecorder {
  /** Whether this call (needing this permission) is recorded, and refused when it cannot be. */
  records(name: CallName, permission: Permission): boolean;
  /** Before such a call runs: may it run (can it be recorded)? */
  admit(): Promise<StudioErrorShape | null>;
  /** After it succeeded: records it. */
  record(name: CallName, request: unknown, result: unknown, caller: Caller): Promise<StudioErrorShape | null>;
  /**
   * After a `session` call (sign in, out, lock…), worked or not: records what is worth recording.
   * Never refuses: a full disk must not keep the admin from signing in to free it.
   */
  noteSession(name: CallName, request: unknown, reply: Reply, caller: Caller): Promise<void>;
}

/** The single place where requests are validated against the contract and permissions checked. */
export function createRouter(
  handlers: Handlers,
  policy: Policy,
  log: RouterLog = console,
  recorder?: CallRecorder,
): Router {
  return {
    async call(name, request, caller, signal = NEVER) {
      if (!isCallName(name)) {
        return fail({
          code: 'UNKNOWN_CALL',
          message: `Studio không có chức năng "${typeof name === 'string' ? name.slice(0, 80) : typeof name}". Hãy cập nhật phần mềm.`,
        });
      }
      const spec = calls[name];
      // Permission first: a caller refused a call learns nothing of its request's shape.
      if (!policy(caller, spec.permission, name)) {
        // A locked window is told to unlock (a reset password to be changed), not that its user
        // may never do this.
        const code = caller.locked
          ? 'SESSION_LOCKED'
          : caller.mustChangePassword
            ? 'PASSWORD_CHANGE_REQUIRED'
            : 'FORBIDDEN';
        return fail({ code, message: DEFAULT_ERROR_MESSAGES[code] });
      }
      const parsed = (spec.request as z.ZodType).safeParse(request ?? {});
      if (!parsed.success) {
        return fail({
          code: 'INVALID_REQUEST',
          message: `${DEFAULT_ERROR_MESSAGES.INVALID_REQUEST} ${describeIssues(parsed.error.issues)}`,
          details: parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code })),
        });
      }
      if (signal.aborted) return fail({ code: 'CANCELLED', message: DEFAULT_ERROR_MESSAGES.CANCELLED });
      const recorded = recorder?.records(name, spec.permission) ? recorder : null;
      const refused = await recorded?.admit();
      if (refused) return fail(refused);
      const reply = await run(name, parsed.data, caller, signal, recorded);
      // Signing in, out, locking: recorded whether it worked or not (a wrong password is worth knowing).
      if (spec.permission === 'session') await recorder?.noteSession(name, parsed.data, reply, caller);
      return reply;
    },
  };

  async function run(
    name: CallName,
    request: unknown,
    caller: Caller,
    signal: AbortSignal,
    recorded: CallRecorder | null,
  ): Promise<Reply> {
    try {
      const handler = handlers[name] as (req: unknown, caller: Caller, signal: AbortSignal) => unknown;
      const result = await handler(request, caller, signal);
      const unrecorded = await recorded?.record(name, request, result, caller);
      return unrecorded ? fail(unrecorded) : { ok: true, result };
    } catch (err) {
      // Work stopped by the client's cancel, whatever the service threw on the way out.
      if (signal.aborted) return fail({ code: 'CANCELLED', message: DEFAULT_ERROR_MESSAGES.CANCELLED });
      if (err instanceof StudioError) {
        // What a program said is for the log as well as behind the UI's "Chi tiết kỹ thuật".
        if (err.technical) log.error(`Call ${name}: ${err.code}`, err.technical);
        return fail(err.toShape());
      }
      log.error(`Call ${name} failed`, err);
      return fail({ code: 'INTERNAL', message: DEFAULT_ERROR_MESSAGES.INTERNAL });
    }
  }
}

/** The signal of a call made without one (tests', a doctor's): nobody can cancel it. */
const NEVER = new AbortController().signal;

function fail(error: StudioErrorShape): Reply {
  return { ok: false, error };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 3).map((i) => {
    const field = i.path.length > 0 ? `"${i.path.map(String).join('.')}"` : 'yêu cầu';
    // A schema's own message is ours, in Vietnamese (zod's own are English): it says what to fix,
    // and the field it names tells a script which of its fields it was.
    if (/[\u0080-\uFFFF]/.test(i.message))
      return i.path.length > 0 ? `${i.message} (trường ${field})` : i.message;
    switch (i.code) {
      case 'invalid_type':
        return `Trường ${field} sai kiểu dữ liệu.`;
      case 'unrecognized_keys':
        return `Có trường không được phép: ${i.keys.join(', ')}.`;
      case 'invalid_value':
        return `Trường ${field} có giá trị không được chấp nhận.`;
      case 'too_small':
        return `Trường ${field} quá ngắn hoặc quá nhỏ.`;
      case 'too_big':
        return `Trường ${field} quá dài hoặc quá lớn.`;
      default:
        return `Trường ${field} không hợp lệ.`;
    }
  });
  return parts.join(' ');
}
