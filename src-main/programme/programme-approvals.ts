/**
 * The approval steps of a programme (issue 13), each run in the programme's queue so that no
 * change slips between the check of the master and the step: the maker submits the current
 * master (`master.ts`), the approver approves exactly that master, by its SHA-256, or returns the
 * programme with a comment. An emergency (khẩn cấp) approval skips the submission, flagged.
 */
import type { ProgrammeState } from '../contract';
import { approvalOf, checkFrom, refused, withStep, type Actor } from './approval';
import { checkCurrentMaster, type Master } from './master';
import type { ProgrammeService } from './programme-service';
import type { StoredProgramme } from './schemas';

export interface ProgrammeApprovalsDeps {
  programmes: ProgrammeService;
  now?: () => Date;
}

const titleOf = (p: StoredProgramme) => p.document.metadata.title;

export class ProgrammeApprovals {
  private readonly now: () => Date;

  constructor(private readonly deps: ProgrammeApprovalsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Nháp or trả lại → chờ duyệt, with the current master's SHA-256 and the maker's note. */
  submit(id: string, actor: Actor, comment?: string): Promise<ProgrammeState> {
    return this.deps.programmes.changeApproval(id, async (record, state) => {
      const approval = approvalOf(record);
      checkNotTrashed(record);
      checkFrom(
        approval,
        ['draft', 'returned'],
        titleOf(record),
        'gửi duyệt',
        approval.state === 'submitted'
          ? 'Nó đang chờ lãnh đạo duyệt.'
          : 'Hãy sửa chương trình (nó sẽ trở về nháp) rồi dựng và gửi duyệt lại.',
      );
      const master = await currentMaster(state, titleOf(record));
      return withStep(approval, 'submitted', actor, this.at(), {
        comment: comment || null,
        masterSha256: master.sha256,
      });
    });
  }

  /** Chờ duyệt → nháp: the maker takes it back before the approver decided. */
  withdraw(id: string, actor: Actor): Promise<ProgrammeState> {
    return this.deps.programmes.changeApproval(id, async (record) => {
      const approval = approvalOf(record);
      checkFrom(
        approval,
        ['submitted'],
        titleOf(record),
        'rút lại',
        'Chỉ rút lại được chương trình đang chờ duyệt, trước khi lãnh đạo quyết định.',
      );
      return withStep(approval, 'draft', actor, this.at(), { comment: 'Rút lại để sửa' });
    });
  }

  /**
   * Chờ duyệt → đã duyệt, only when `masterSha256` is the submitted master's and the file still
   * hashes to it. `emergency`: nháp or trả lại → đã duyệt in one step, of the current master.
   */
  approve(
    id: string,
    actor: Actor,
    req: { masterSha256: string; comment?: string; emergency: boolean },
  ): Promise<ProgrammeState> {
    return this.deps.programmes.changeApproval(id, async (record, state) => {
      const approval = approvalOf(record);
      const title = titleOf(record);
      checkNotTrashed(record);
      if (req.emergency) {
        checkFrom(
          approval,
          ['draft', 'returned'],
          title,
          'duyệt khẩn cấp',
          approval.state === 'submitted'
            ? 'Nó đã được gửi duyệt: hãy duyệt bình thường.'
            : 'Duyệt khẩn cấp chỉ dành cho chương trình chưa gửi duyệt hoặc bị trả lại.',
        );
      } else {
        checkFrom(
          approval,
          ['submitted'],
          title,
          'duyệt',
          approval.state === 'draft' || approval.state === 'returned'
            ? 'Nó chưa được gửi duyệt (tin khẩn cấp thì dùng "Duyệt khẩn cấp").'
            : 'Nó đã được quyết định rồi.',
        );
      }
      const master = await currentMaster(state, title);
      const pinned = req.emergency ? master.sha256 : approval.masterSha256;
      if (req.masterSha256 !== pinned) {
        throw refused(
          title,
          `mã băm bạn duyệt (${short(req.masterSha256)}) không phải của bản gốc ${
            req.emergency ? 'hiện tại' : 'đã gửi duyệt'
          } (${short(pinned)}). Hãy tải lại và nghe lại bản mới nhất trước khi duyệt.`,
        );
      }
      if (master.sha256 !== pinned) {
        throw refused(
          title,
          `tệp bản gốc đã khác bản được gửi duyệt (mã băm ${short(master.sha256)}, không phải ${short(pinned)}). ` +
            'Người làm chương trình cần dựng và gửi duyệt lại.',
        );
      }
      return withStep(approval, 'approved', actor, this.at(), {
        comment: req.comment || null,
        masterSha256: master.sha256,
        emergency: req.emergency,
      });
    });
  }

  /** Chờ duyệt → trả lại, with the approver's reason for the maker. */
  return(id: string, actor: Actor, comment: string): Promise<ProgrammeState> {
    return this.deps.programmes.changeApproval(id, async (record) => {
      const approval = approvalOf(record);
      checkFrom(
        approval,
        ['submitted'],
        titleOf(record),
        'trả lại',
        'Chỉ trả lại được chương trình đang chờ duyệt.',
      );
      if (!comment.trim())
        throw refused(titleOf(record), 'hãy ghi lý do trả lại để người làm biết cần sửa gì.');
      return withStep(approval, 'returned', actor, this.at(), { comment: comment.trim() });
    });
  }

  /**
   * Đã duyệt → đã gửi tỉnh, once the outbox (publish/outbox.ts) has the province's bulletin for
   * exactly the approved master. Not a call: only the outbox moves a programme here. Already sent
   * with that master: nothing changes.
   */
  async markSent(id: string, actor: Actor, masterSha256: string): Promise<void> {
    const before = await this.deps.programmes.get(id);
    if (before.approval.state === 'sent' && before.approval.masterSha256 === masterSha256) return;
    await this.deps.programmes.changeApproval(id, async (record) => {
      const approval = approvalOf(record);
      checkFrom(
        approval,
        ['approved'],
        titleOf(record),
        'đánh dấu đã gửi tỉnh',
        'Chỉ chương trình đã duyệt mới được gửi.',
      );
      if (approval.masterSha256 !== masterSha256) {
        throw refused(titleOf(record), 'bản đã gửi tỉnh không phải bản gốc đang được duyệt.');
      }
      return withStep(approval, 'sent', actor, this.at(), { masterSha256 });
    });
  }

  /**
   * Đã gửi tỉnh → đã phát, when the province reports the first commune's airing of the bulletin
   * that carried `masterSha256` (`airedAt`: that report's time, the step's time; `unitCode`: the
   * commune, in the step's comment). Not a call: only the outbox's status sync moves a programme
   * here. Already aired with that master: nothing. A programme no longer sent with that master
   * (changed since, or approved or sent again with another one) stays as it is: what aired is an
   * old version, which the Publish workspace shows; false then.
   */
  async markAired(
    id: string,
    actor: Actor,
    masterSha256: string,
    airing: { airedAt: string; unitCode: string | null },
  ): Promise<boolean> {
    const before = await this.deps.programmes.get(id);
    if (before.approval.masterSha256 !== masterSha256) return false;
    if (before.approval.state === 'aired') return true;
    if (before.approval.state !== 'sent') return false;
    let marked = false;
    await this.deps.programmes
      .changeApproval(id, async (record) => {
        const approval = approvalOf(record);
        // Checked again in the programme's queue: a change may have come in between.
        if (approval.state !== 'sent' || approval.masterSha256 !== masterSha256) {
          throw new NotSentAnyMore();
        }
        marked = true;
        const at = Number.isNaN(Date.parse(airing.airedAt))
          ? this.at()
          : new Date(airing.airedAt).toISOString();
        return withStep(approval, 'aired', actor, at, {
          masterSha256,
          comment: airing.unitCode ? `Tỉnh báo đã phát (xã ${airing.unitCode})` : 'Tỉnh báo đã phát',
        });
      })
      .catch((err: unknown) => {
        if (!(err instanceof NotSentAnyMore)) throw err;
      });
    return marked;
  }

  private at(): string {
    return this.now().toISOString();
  }
}

/** The programme left "đã gửi tỉnh" with that master before its airing was recorded. */
class NotSentAnyMore extends Error {}

const short = (sha: string | null) => (sha ? sha.slice(0, 12) : 'không có');

async function currentMaster(state: ProgrammeState, title: string): Promise<Master> {
  const checked = await checkCurrentMaster(state);
  if (checked.problem !== null) throw refused(title, checked.problem);
  return checked.master;
}

function checkNotTrashed(record: StoredProgramme): void {
  if ((record.deletedAt ?? null) !== null) {
    throw refused(titleOf(record), 'đang nằm trong thùng rác. Hãy khôi phục nó trước.');
  }
}
