/**
 * A programme's approval as a state machine (DOMAIN.md): nháp → chờ duyệt → đã duyệt or trả lại →
 * đã gửi tỉnh → đã phát, and back to nháp on any change. Pure: which step is allowed from where,
 * and the approval after it. The checks of the master's audio are in `master.ts`; the service
 * that runs the steps in the programme's queue is `programme-approvals.ts`.
 */
import {
  StudioError,
  type ProgrammeApproval,
  type ProgrammeApprovalState,
  type ProgrammeApprovalStep,
} from '../contract';
import { NEW_APPROVAL, type StoredProgramme } from './schemas';

/** Who takes a step: a user, or (userId null) the local admin of a data folder without users. */
export interface Actor {
  userId: string | null;
  /** The name people see; null when unknown (the local admin). */
  name: string | null;
}

/** The local admin of a data folder without users (and the benchmarks). */
export const LOCAL_ADMIN: Actor = { userId: null, name: null };

/**
 * The province's system, when its report moves a programme (đã phát): no user of this studio did
 * it, and the history names it so (not the local admin, whose name is null).
 */
export const PROVINCE_SYSTEM: Actor = { userId: null, name: 'Hệ thống tỉnh' };

/** A new programme's approval: a draft that was never submitted. */
export function newApproval(): ProgrammeApproval {
  return { ...NEW_APPROVAL, history: [] };
}

/** A programme's approval; a programme stored before approval existed is a draft. */
export function approvalOf(p: StoredProgramme): ProgrammeApproval {
  return p.approval ? structuredClone(p.approval) : newApproval();
}

/** The approval after one more step (the summary fields follow the step). */
export function withStep(
  approval: ProgrammeApproval,
  state: ProgrammeApprovalState,
  actor: Actor,
  at: string,
  fields: { comment?: string | null; masterSha256?: string | null; emergency?: boolean } = {},
): { approval: ProgrammeApproval; step: ProgrammeApprovalStep } {
  const step: ProgrammeApprovalStep = {
    state,
    at,
    byUserId: actor.userId,
    byName: actor.name,
    comment: fields.comment ?? null,
    masterSha256: fields.masterSha256 ?? null,
    emergency: fields.emergency ?? false,
  };
  const pinned = state === 'submitted' || state === 'approved' || state === 'sent' || state === 'aired';
  return {
    step,
    approval: {
      state,
      // What was submitted or approved stays pinned until the programme is back to draft.
      masterSha256: pinned ? (step.masterSha256 ?? approval.masterSha256) : null,
      comment: state === 'returned' ? step.comment : null,
      emergency: pinned && (step.emergency || (state !== 'submitted' && approval.emergency)),
      history: [...approval.history, step],
    },
  };
}

/**
 * After a change to the programme (`why` names it: "Thêm mục …", "Dựng lại"): back to draft from
 * any other state, with a step saying why; null when it already is a draft.
 */
export function reopened(
  approval: ProgrammeApproval,
  actor: Actor,
  at: string,
  why: string,
): { approval: ProgrammeApproval; step: ProgrammeApprovalStep } | null {
  if (approval.state === 'draft') return null;
  return withStep(approval, 'draft', actor, at, { comment: why });
}

export const STATE_NAMES: Record<ProgrammeApprovalState, string> = {
  draft: 'nháp',
  submitted: 'chờ duyệt',
  approved: 'đã duyệt',
  returned: 'bị trả lại',
  sent: 'đã gửi tỉnh',
  aired: 'đã phát',
};

/** A step the programme's state does not allow. */
export function refused(title: string, message: string): StudioError {
  return new StudioError('PROGRAMME_STATE', `Chương trình "${title}": ${message}`);
}

/** Refuses unless the approval is in one of `from` (`doing`: what was asked, for the message). */
export function checkFrom(
  approval: ProgrammeApproval,
  from: readonly ProgrammeApprovalState[],
  title: string,
  doing: string,
  hint: string,
): void {
  if (from.includes(approval.state)) return;
  throw refused(title, `đang ở trạng thái "${STATE_NAMES[approval.state]}" nên không ${doing} được. ${hint}`);
}
