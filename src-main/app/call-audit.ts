/**
 * Which calls the audit log records, and what it says about them: every call that succeeded and
 * changes something, that is whose permission ends in `.write`, or is `recording.use`, or is a step
 * of a programme's approval (`programme.submit`, `programme.approve`), or manages users (`users.*`
 * but the list). The router asks here before and after each call (the one place; no handler
 * records anything itself).
 *
 * - `publish.configure` (where the studio publishes to) is recorded with the endpoint, the station
 *   code and whether the token was set, kept or cleared: never the token. `publish.queue` (a
 *   programme put on its way to the province) is recorded with the programme as its object;
 *   `outbox.retry`, `outbox.cancel` and `publish.withdraw` (with the reason) with the outbox item.
 * - Stations (`stations.*` of `stations.write`, issue 15) are recorded with the station's code as
 *   the object and what was set (name, unit, group, how it is reached, enabled), never a token or
 *   an SRT passphrase: only `passphraseChange` set/kept. Seeing a station's token (`stations.streams`)
 *   and making a new one are recorded too; an import with the codes it added and changed.
 * - Signing in (also the first admin's setup and a resume), out, locking, unlocking and changing
 *   one's password are recorded too, and a refused sign-in or unlock (wrong password, throttled)
 *   with the name that was tried. Never a password: details are picked key by key.
 * - The actor is the caller's user (id and sign-in name); for a sign-in, the user who signed in.
 * - The object is the first of the request's `id`, `projectId`, `programmeId`, `assetId`,
 *   `templateId`, `jobId` (its kind named by the key, or for `id` by the call's domain); when the
 *   request names none (something new: an import, a new programme), the result's `id`.
 * - An approval step adds its details: the master's SHA-256 it is about, the comment, whether it
 *   was an emergency approval, and the state it led to (the step the call added to the history);
 *   an emergency approved and sent in one step, the outbox item it went into (`outboxItemId`).
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
  type ApprovedProgramme,
  type ArchiveImportSummary,
  type RetentionDeleteResult,
  type AuditEntry,
  type CallName,
  type LiveSource,
  type LiveState,
  type OutboxItem,
  type Permission,
  type Reply,
  type ScheduleSlot,
  type SessionState,
  type StudioErrorShape,
  type UserSummary,
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
  ['itemId', 'outboxItem'],
] as const;

/** What an `id` names, by the call's domain (the part of its name before the first dot). */
const ID_KIND: Record<string, string> = {
  library: 'asset',
  edit: 'editProject',
  programme: 'programme',
  recording: 'take',
  users: 'user',
};

/** Permissions of calls that change something without `.write` in their name. */
const CHANGING: readonly Permission[] = [
  'recording.use',
  'programme.submit',
  'programme.approve',
  'monitor.configure',
  'archive.import',
];

export function changesSomething(permission: Permission): boolean {
  return permission.endsWith('.write') || CHANGING.includes(permission);
}

/** Approval steps: what the step was (the last of the programme's history in the call's result). */
const APPROVAL_CALLS: readonly CallName[] = [
  'programme.submit',
  'programme.withdraw',
  'programme.approve',
  'programme.return',
];

export function auditedDetails(name: CallName, result: unknown): AuditEntry['details'] {
  if (!APPROVAL_CALLS.includes(name)) return undefined;
  const approved = result as Partial<ApprovedProgramme> | null;
  const step = approved?.approval?.history.at(-1);
  if (!step) return undefined;
  return {
    state: step.state,
    masterSha256: step.masterSha256,
    comment: step.comment,
    emergency: step.emergency,
    // An emergency approved and sent in one step: the outbox item it went into, or why it did not.
    ...(approved?.outboxItem ? { outboxItemId: approved.outboxItem.id } : {}),
    ...(approved?.outboxError ? { outboxError: approved.outboxError } : {}),
  };
}

/**
 * The outbox's changes a person makes: queuing, a manual retry, a cancel, a withdrawal (with its
 * reason). Their object is the programme (queue) or the outbox item (`itemId`).
 */
const OUTBOX_AUDITED: readonly CallName[] = [
  'publish.queue',
  'outbox.retry',
  'outbox.cancel',
  'publish.withdraw',
];

/**
 * The live desk's steps worth answering for (issue 15): who went live, to which stations, with
 * what, and who started and ended an emergency. Levels, play and pause are not recorded: an
 * operator moves a fader many times a minute.
 */
const LIVE_AUDITED: readonly CallName[] = [
  'live.start',
  'live.stop',
  'live.source.add',
  'live.source.remove',
  'live.emergency.start',
  'live.emergency.end',
];

/** What an entry says of a live step: the target and the stations it reached, the sources; no secret. */
function liveDetails(name: CallName, request: unknown, result: unknown): Record<string, unknown> | undefined {
  const r = (request && typeof request === 'object' ? request : {}) as Record<string, unknown>;
  const state = (result && typeof result === 'object' ? result : {}) as Partial<LiveState> &
    Partial<LiveSource>;
  switch (name) {
    case 'live.start':
      return {
        target: r.target,
        codes: (state.stations ?? []).filter((s) => s.targeted).map((s) => s.code),
        sources: (state.sources ?? []).map((s) => ({ spec: s.spec, label: s.label, priority: s.priority })),
      };
    case 'live.source.add':
      return { spec: state.spec, label: state.label, priority: state.priority };
    case 'live.emergency.start':
      return {
        target: r.target,
        codes: state.emergency?.codes,
        spec: state.emergency?.spec,
        label: state.sources?.find((s) => s.id === state.emergency?.sourceId)?.label,
      };
    case 'live.configure': {
      const icecast = r.icecast as { url?: string; password?: string } | null | undefined;
      return {
        ...(r.port !== undefined ? { port: r.port } : {}),
        ...(r.emergencyRoles !== undefined ? { emergencyRoles: r.emergencyRoles } : {}),
        ...(icecast === null
          ? { icecast: null }
          : icecast
            ? {
                icecastUrl: icecast.url,
                passwordChange: typeof icecast.password === 'string' ? 'set' : 'kept',
              }
            : {}),
      };
    }
    default:
      return undefined;
  }
}

/** Whether a call is recorded (and refused when it cannot be). */
export function recordsCall(name: CallName, permission: Permission): boolean {
  return (
    changesSomething(permission) ||
    LIVE_AUDITED.includes(name) ||
    (permission === 'users.manage' && name !== 'users.list') ||
    name === 'publish.configure' ||
    name === 'archive.retention.delete' ||
    OUTBOX_AUDITED.includes(name)
  );
}

/**
 * What an entry says of a change of where the studio publishes: never the token or the client
 * secret, only what became of them.
 */
function publishDetails(request: unknown): Record<string, unknown> | undefined {
  if (!request || typeof request !== 'object') return undefined;
  const r = request as Record<string, unknown>;
  const change = (secret: unknown) =>
    secret === null ? 'cleared' : typeof secret === 'string' ? 'set' : 'kept';
  return {
    endpoint: r.endpoint,
    stationCode: r.stationCode,
    authKind: r.authKind,
    tokenChange: change(r.token),
    ...(r.clientId !== undefined ? { clientId: r.clientId } : {}),
    clientSecretChange: change(r.clientSecret),
    ...(r.tokenUrl !== undefined ? { tokenUrl: r.tokenUrl } : {}),
    ...(r.protocol !== undefined ? { protocol: r.protocol } : {}),
    ...(r.fieldMapping !== undefined ? { fieldMapping: r.fieldMapping } : {}),
  };
}

/** Request keys a station's entry keeps; a reach is kept without its passphrase. */
const STATION_DETAIL_KEYS = ['name', 'unitCode', 'unitName', 'group', 'enabled', 'streamBaseUrl'] as const;

/**
 * What an entry says of a schedule change (issue 16): the slot as it is after the change (or as it
 * was, removed): when, how often, what (with its hash), to whom, in which class; or the settings.
 */
function scheduleDetails(result: unknown): AuditEntry['details'] {
  const r = result as Partial<ScheduleSlot> & { slot?: ScheduleSlot; preempted?: string };
  const slot = r.slot ?? (typeof r.id === 'string' ? (r as ScheduleSlot) : null);
  if (!slot) return r.preempted ? { preempted: r.preempted } : undefined;
  const { title, at, repeat, play, lengthSeconds, target, priority, sha256, skipDates, enabled } = slot;
  return { title, at, repeat, play, lengthSeconds, target, priority, sha256, skipDates, enabled };
}

/** What an entry says of a change to the stations registry: never a token or a passphrase. */
function stationDetails(
  name: CallName,
  request: unknown,
  result: unknown,
): Record<string, unknown> | undefined {
  const r = (request && typeof request === 'object' ? request : {}) as Record<string, unknown>;
  const details: Record<string, unknown> = Object.fromEntries(
    STATION_DETAIL_KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]),
  );
  if (r.reach && typeof r.reach === 'object') {
    const { passphrase, ...reach } = r.reach as Record<string, unknown>;
    details.reach = reach;
    if (reach.protocol === 'srt') details.passphraseChange = typeof passphrase === 'string' ? 'set' : 'kept';
  }
  if (name === 'stations.rotateToken') details.tokenChange = 'rotated';
  if (name === 'stations.importCsv' && result && typeof result === 'object') {
    const { added, updated, rows } = result as { added?: unknown; updated?: unknown; rows?: unknown };
    Object.assign(details, { added, updated, rows });
  }
  return Object.keys(details).length > 0 ? details : undefined;
}

/** What an entry says of an archive import: the folder and what came of it (never the files' list). */
function archiveDetails(
  name: CallName,
  request: unknown,
  result: unknown,
): Record<string, unknown> | undefined {
  if (name === 'archive.retention.delete') {
    const r = (result ?? {}) as Partial<RetentionDeleteResult>;
    return {
      deleted: r.deleted?.map((d) => d.id) ?? [],
      refused: r.refused?.map((d) => d.id) ?? [],
      bytes: r.totalBytes ?? 0,
    };
  }
  if (name !== 'archive.import') return undefined;
  const summary = (result ?? {}) as Partial<ArchiveImportSummary>;
  return {
    dir: summary.dir ?? (request as { dir?: unknown } | null)?.dir,
    ...((request as { pattern?: unknown } | null)?.pattern
      ? { pattern: (request as { pattern: unknown }).pattern }
      : {}),
    taken: summary.taken?.filter((t) => !t.duplicate).length ?? 0,
    duplicates: summary.taken?.filter((t) => t.duplicate).length ?? 0,
    skipped: summary.skipped?.length ?? 0,
  };
}

/** What an entry says of a withdrawal: the station's reason, the bulletin and the programme. */
function withdrawalDetails(request: unknown, result: unknown): Record<string, unknown> {
  const item = (result ?? {}) as Partial<OutboxItem>;
  return {
    reason: (request as { reason?: unknown } | null)?.reason,
    bulletinId: item.bulletinId,
    programmeId: item.programmeId,
  };
}

/** Session calls recorded when they work; the first two also when refused. */
const SESSION_NOTED: ReadonlySet<CallName> = new Set<CallName>([
  'auth.signIn',
  'auth.unlock',
  'auth.setup',
  'auth.resume',
  'auth.signOut',
  'auth.lock',
  'auth.changePassword',
]);
const NOTED_REFUSALS = new Set(['SIGN_IN_FAILED', 'SIGN_IN_THROTTLED']);

/** What an entry adds about a user's account: only these keys of the request, never a password. */
const USER_DETAIL_KEYS = ['name', 'roles', 'disabled', 'displayName'] as const;

function userDetails(request: unknown): Record<string, unknown> | undefined {
  if (!request || typeof request !== 'object') return undefined;
  const r = request as Record<string, unknown>;
  const picked = Object.fromEntries(USER_DETAIL_KEYS.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
  return Object.keys(picked).length > 0 ? picked : undefined;
}

function actorOf(caller: Caller, user?: Pick<UserSummary, 'id' | 'name'> | null): AuditEntry['actor'] {
  const userId = user?.id ?? caller.userId;
  const userName = user?.name ?? caller.userName ?? null;
  return { userId, ...(userName ? { userName } : {}), host: caller.host };
}

/** The user a session call's result names (signed in, resumed, set up). */
function userOf(result: unknown): UserSummary | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as { session?: SessionState; user?: UserSummary | null };
  return r.session?.user ?? r.user ?? null;
}

/** The object a call acted on, by the rule above. */
export function auditedObject(name: CallName, request: unknown, result: unknown): AuditEntry['object'] {
  const domain = name.split('.')[0] as string;
  const fromRequest = request && typeof request === 'object' ? (request as Record<string, unknown>) : {};
  // An emergency is named by its id (its start and, from the state before, its end).
  if (name === 'live.emergency.start') {
    const id = (result as Partial<LiveState> | null)?.emergency?.id;
    return id ? { kind: 'liveEmergency', id } : {};
  }
  if (name === 'live.source.add' || name === 'live.source.remove') {
    const id =
      typeof fromRequest.id === 'string' ? fromRequest.id : (result as Partial<LiveSource> | null)?.id;
    return id ? { kind: 'liveSource', id } : {};
  }
  // A schedule slot by its id (an added one's is in the result: the slot and its conflicts).
  if (domain === 'schedule') {
    const id =
      typeof fromRequest.id === 'string'
        ? fromRequest.id
        : (result as { slot?: { id?: unknown } } | null)?.slot?.id;
    return typeof id === 'string' ? { kind: 'scheduleSlot', id } : {};
  }
  // A station is named by its code, which never changes.
  if (domain === 'stations' && typeof fromRequest.code === 'string')
    return { kind: 'station', id: fromRequest.code };
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
    records: recordsCall,
    async admit() {
      const err = await audit.ready();
      if (!err) return null;
      log.error('A change was refused: the audit log cannot be written', err);
      return unavailable(DEFAULT_ERROR_MESSAGES.AUDIT_UNAVAILABLE, err);
    },
    async record(name: CallName, request: unknown, result: unknown, caller: Caller) {
      try {
        const details = name.startsWith('users.')
          ? userDetails(request)
          : name === 'publish.configure'
            ? publishDetails(request)
            : name.startsWith('stations.')
              ? stationDetails(name, request, result)
              : name === 'publish.withdraw'
                ? withdrawalDetails(request, result)
                : name.startsWith('live.')
                  ? liveDetails(name, request, result)
                  : name.startsWith('schedule.')
                    ? scheduleDetails(result)
                    : name.startsWith('archive.')
                      ? archiveDetails(name, request, result)
                      : auditedDetails(name, result);
        await audit.append({
          actor: actorOf(caller),
          action: name,
          object: auditedObject(name, request, result),
          ...(details ? { details } : {}),
        });
        return null;
      } catch (err) {
        log.error(`A change was made but not recorded in the audit log (${name})`, err);
        return unavailable(NOT_RECORDED, err);
      }
    },
    async noteSession(name: CallName, request: unknown, reply: Reply, caller: Caller) {
      if (!SESSION_NOTED.has(name)) return;
      if (!reply.ok && !NOTED_REFUSALS.has(reply.error.code)) return;
      // Resuming as no one, signing out of nothing: nothing happened worth a line.
      const user = reply.ok ? userOf(reply.result) : null;
      if (reply.ok && !user && !caller.userId) return;
      const tried = (request as { name?: unknown } | null)?.name;
      const record = {
        actor: actorOf(caller, user),
        action: name,
        object: (user ?? caller.userId) ? { kind: 'user', id: (user?.id ?? caller.userId) as string } : {},
        ...(reply.ok
          ? {}
          : {
              details: { refused: reply.error.code, ...(typeof tried === 'string' ? { name: tried } : {}) },
            }),
      };
      try {
        if (!(await audit.ready())) await audit.append(record);
        else
          log.error(`A session call was not recorded in the audit log (${name}): the log cannot be written`);
      } catch (err) {
        log.error(`A session call was not recorded in the audit log (${name})`, err);
      }
    },
  };
}

function unavailable(message: string, err: unknown): StudioErrorShape {
  return { code: 'AUDIT_UNAVAILABLE', message, technical: err instanceof Error ? err.message : String(err) };
}
