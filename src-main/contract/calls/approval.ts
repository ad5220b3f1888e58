/**
 * Approval of programmes (issue 13): the maker submits the rendered master, the chief editor
 * approves exactly that master (its SHA-256) or returns it with a comment. Any later change brings
 * the programme back to draft; see programme/programme-approvals.ts.
 */
import { z } from 'zod';
import type { ApprovedProgramme, ProgrammeState } from '../programme-models';
import { call } from './define';
import { programmeIdSchema } from './programme';

const comment = z.string().trim().max(2000);
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const approvalCalls = {
  /**
   * Sends a draft (or returned) programme for approval. Needs a current render: the last render is
   * of the programme as it is now (`documentKey`) and its WAV master still hashes as it was
   * written; the master's SHA-256 is what the approver will approve.
   */
  'programme.submit': call<ProgrammeState>()({
    request: z.object({ id: programmeIdSchema, comment: comment.optional() }).strict(),
    permission: 'programme.submit',
  }),
  /** Takes a submitted programme back to draft, before the approver decided. */
  'programme.withdraw': call<ProgrammeState>()({
    request: z.object({ id: programmeIdSchema }).strict(),
    permission: 'programme.submit',
  }),
  /**
   * Approves the master whose SHA-256 the approver heard: the submitted one, still on disk with
   * that hash. `emergency` (khẩn cấp): approves a draft or returned programme in one step, its
   * current render's master, flagged in the history and the audit log; by a caller who may send,
   * it is also queued for the province at once (emergency items go first), also in the log.
   */
  'programme.approve': call<ApprovedProgramme>()({
    request: z
      .object({
        id: programmeIdSchema,
        masterSha256: sha256Schema,
        comment: comment.optional(),
        emergency: z.boolean().default(false),
      })
      .strict(),
    permission: 'programme.approve',
  }),
  /** Returns a submitted programme to its maker with the approver's reason (required). */
  'programme.return': call<ProgrammeState>()({
    request: z.object({ id: programmeIdSchema, comment: comment.min(1) }).strict(),
    permission: 'programme.approve',
  }),
} as const;
