/** One entry of the audit log, as it is written (one JSON line, keys in this order). */
export interface AuditEntry {
  /** 1 for the first entry ever, then one more for each entry, across the year files. */
  seq: number;
  /** When the change was made (ISO 8601, UTC). */
  at: string;
  /** Who made it: the user (null before accounts exist) and the host the call came through. */
  actor: { userId: string | null; host: string };
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
