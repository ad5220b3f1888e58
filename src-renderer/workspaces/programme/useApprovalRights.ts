import type { Permission, ProgrammeState, Role } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { useCall } from '../../ui/useCall';

export interface ApprovalRights {
  /** Change it: edit, render, trash (a reporter: only their own; an approver: none). */
  change: boolean;
  /** Send this programme for approval, or take it back (a reporter: only their own). */
  submit: boolean;
  /** Approve or return it (lãnh đạo duyệt). */
  approve: boolean;
}

/** Roles whose holders change any programme (the per-record rule main applies, programme/record-rules.ts). */
const ANY_PROGRAMME: readonly Role[] = ['editor', 'admin'];

/**
 * What the user at this window may do with a programme and its approval, from the session
 * (`auth.state`): the UI hides the rest; main checks every call. Until the session answers, and
 * for the local admin of a studio without users, everything shows.
 */
export function useApprovalRights(state: ProgrammeState | null): ApprovalRights {
  const { client } = useStudio();
  const session = useCall(() => client.api.auth.state());
  const s = session.data;
  const may = (p: Permission) => (s ? s.permissions.includes(p) : true);
  const user = s?.user ?? null;
  const own =
    user === null || user.roles.some((r) => ANY_PROGRAMME.includes(r)) || state?.createdBy === user.id;
  return {
    change: may('programme.write') && own,
    submit: may('programme.submit') && own,
    approve: may('programme.approve'),
  };
}
