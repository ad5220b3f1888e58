import type { ProgrammeState, Role } from '../../../src-main/contract';
import { useMay } from '../../studio/permissions';
import { useStudio } from '../../studio/studio-context';

export interface ApprovalRights {
  /** Change it: edit, render, trash (a reporter: only their own; an approver: none). */
  change: boolean;
  /** Send this programme for approval, or take it back (a reporter: only their own). */
  submit: boolean;
  /** Approve or return it (lãnh đạo duyệt). */
  approve: boolean;
  /** Send approved programmes to the province: an emergency approval then also sends at once. */
  send: boolean;
}

/** Roles whose holders change any programme (the per-record rule main applies, programme/record-rules.ts). */
const ANY_PROGRAMME: readonly Role[] = ['editor', 'admin'];

/**
 * What the user at this window may do with a programme and its approval, from the session the
 * window holds (`useMay`, the context's user): the UI hides the rest; main checks every call. For the
 * local admin of a studio without users, everything shows.
 */
export function useApprovalRights(state: ProgrammeState | null): ApprovalRights {
  const { user = null } = useStudio();
  const may = useMay();
  const own =
    user === null || user.roles.some((r) => ANY_PROGRAMME.includes(r)) || state?.createdBy === user.id;
  return {
    change: may('programme.write') && own,
    submit: may('programme.submit') && own,
    approve: may('programme.approve'),
    send: may('publish.send'),
  };
}
