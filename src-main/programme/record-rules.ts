/**
 * Per-record rules where the role is not enough (issue 13): a reporter's `programme.write` reaches
 * only the programmes they made; editors and admins change any. Approvers change none (their roles
 * lack `programme.write`, so the router refuses them first). The programme handlers consult this
 * before every call that changes a stored programme.
 */
import { StudioError, type Role } from '../contract';

/** Who asks, as the router knows them. */
export interface RecordActor {
  userId: string | null;
  roles: readonly Role[];
}

/** Roles whose holders change any programme, whoever made it. */
const ANY_PROGRAMME: readonly Role[] = ['editor', 'admin'];

export function mayChangeProgramme(actor: RecordActor, createdBy: string | null): boolean {
  if (actor.roles.some((r) => ANY_PROGRAMME.includes(r))) return true;
  return actor.userId !== null && actor.userId === createdBy;
}

/** FORBIDDEN unless `actor` may change the programme `title` made by `createdBy`. */
export function checkMayChangeProgramme(
  actor: RecordActor,
  owner: { createdBy: string | null; title: string },
): void {
  if (mayChangeProgramme(actor, owner.createdBy)) return;
  throw new StudioError(
    'FORBIDDEN',
    `Chương trình "${owner.title}" do người khác làm: phóng viên chỉ sửa, dựng và gửi duyệt được chương trình của chính mình. ` +
      'Hãy nhờ biên tập viên nếu cần thay đổi nó.',
  );
}
