/** One entry of the audit log, as it is written (one JSON line, keys in this order). */
export interface AuditEntry {
  /** 1 for the first entry ever, then one more for each entry, across the year files. */
  seq: number;
  /** When the change was made (ISO 8601, UTC). */
  at: string;
  /**
   * Who made it: the user (null for the local admin of a studio without users, or nobody signed
   * in), their sign-in name when there is one, and the host the call came through.
   */
  actor: { userId: string | null; userName?: string; host: string };
  /** The call that made the change (`library.update`). */
  action: string;
  /** What it changed, when the call names it (`{ kind: 'asset', id }`). */
  object: { kind?: string; id?: string };
  /** Anything the action adds (an approver's comment, an emergency flag). */
  details?: Record<string, unknown>;
  /** SHA-256 (hex) of the previous line's bytes (without its newline); 64 zeros for the first entry. */
  prev: string;
}

export type AuditProblemKind =
  'unreadable' | 'unterminated' | 'seq' | 'prev' | 'index-missing' | 'index-differs' | 'index-extra';

/** Where the chain or its index first stops agreeing. */
export interface AuditProblem {
  /** The log file, relative to the data folder (`audit/audit-2026.jsonl`). */
  file: string;
  /** 1-based line number in that file. */
  line: number;
  kind: AuditProblemKind;
  /** In Vietnamese, for station staff. */
  reason: string;
}

/**
 * What `audit.verify` and `studio audit verify --json` report (fields may be added, never renamed):
 * `entries` counts the intact entries (all of them when `ok`, those before the problem otherwise)
 * and `head` is the SHA-256 of the last of them (64 zeros for an empty log): a copy of the head
 * kept elsewhere proves the past entries were not rewritten.
 */
export interface AuditVerifyReport {
  ok: boolean;
  entries: number;
  head: string;
  firstProblem: AuditProblem | null;
}

/**
 * The groups the viewer and the monthly report sort actions into: thư viện (library, recordings),
 * biên tập (the editor), chương trình (programmes), duyệt (approval steps), gửi tỉnh (where to
 * publish, what was queued for the province), phát trực tiếp (going live, sources, emergencies, the
 * live settings), hệ thống (settings, backups, the studio itself), tài khoản (users and sign-in).
 * `auditActionGroup` is the one rule.
 */
export const AUDIT_ACTION_GROUPS = [
  'library',
  'edit',
  'programme',
  'approval',
  'publish',
  'live',
  'system',
  'accounts',
] as const;
export type AuditActionGroup = (typeof AUDIT_ACTION_GROUPS)[number];

/** Programme calls that are steps of approval (submit, approve, return, send, mark aired). */
const APPROVAL_VERBS =
  /^programme\.(submit|approve|return|withdraw|approveEmergency|emergency|send|markSent|markAired|air)$/;

/** The group of a call name (`library.update` → library); anything unknown counts as system. */
export function auditActionGroup(action: string): AuditActionGroup {
  if (APPROVAL_VERBS.test(action) || action.startsWith('approval.')) return 'approval';
  const domain = action.split('.')[0];
  switch (domain) {
    case 'library':
    case 'recording':
      return 'library';
    case 'edit':
      return 'edit';
    case 'programme':
      return 'programme';
    case 'publish':
    case 'outbox':
      return 'publish';
    case 'live':
      return 'live';
    case 'auth':
    case 'users':
    case 'user':
      return 'accounts';
    default:
      return 'system';
  }
}

/** One entry as the viewer lists it: the index row, with the names the studio knows. */
export interface AuditListEntry {
  seq: number;
  at: string;
  userId: string | null;
  /** The user's display name when the studio knows it (null for the local admin, or a user it no longer has). */
  userName: string | null;
  host: string;
  action: string;
  group: AuditActionGroup;
  objectKind: string | null;
  objectId: string | null;
  /** The object's title today (a programme's, an asset's), when it still exists. */
  objectTitle: string | null;
  details: Record<string, unknown> | null;
  /** SHA-256 of the entry's line, and of the line before it (64 zeros for the first). */
  sha256: string;
  prev: string;
}

/** `audit.list`: a page of entries, newest first, and how many match in all. */
export interface AuditListPage {
  entries: AuditListEntry[];
  total: number;
  /** Everyone with an entry in the log (whatever the filter), for the viewer's choice of user. */
  users: Array<{ userId: string | null; userName: string | null }>;
}

/** `audit.exportCsv`: the file written and how many entries it holds. */
export interface AuditCsvExport {
  file: string;
  rows: number;
  sizeBytes: number;
}

/**
 * `audit.monthReport` and `studio audit report --month YYYY-MM --json`: a month of the log (in
 * this machine's time zone). Fields may be added (issue 17 adds airtime), never renamed.
 */
export interface AuditMonthReport {
  /** `YYYY-MM`. */
  month: string;
  /** The month's bounds as instants (ISO 8601, UTC): `from` inclusive, `to` exclusive. */
  from: string;
  to: string;
  /** Entries made in the month. */
  entries: number;
  byGroup: Array<{ group: AuditActionGroup; count: number }>;
  byUser: Array<{ userId: string | null; userName: string | null; count: number }>;
  /** The whole chain checked now (as `audit.verify`). */
  chain: AuditVerifyReport;
  /**
   * The chain's head at the month's end, read from the log files: the last entry made before
   * `to` (seq 0 and 64 zeros when there is none). Null when the chain breaks before that entry,
   * so no head can be vouched for. A copy kept elsewhere proves the entries up to it were not
   * rewritten since: rewriting any of them changes this hash.
   */
  head: { seq: number; sha256: string; at: string | null } | null;
  generatedAt: string;
}
