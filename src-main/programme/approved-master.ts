/**
 * The gate downstream: what publishing (issue 14) and the schedule (issue 16) ask before they take
 * a programme's audio. Only the master that was approved, and only while the file on disk still
 * hashes to what was approved, right now; anything else is PROGRAMME_NOT_APPROVED.
 */
import path from 'node:path';
import { StudioError } from '../contract';
import { sha256OfFile } from '../platform/file-hash';
import type { ProgrammeService } from './programme-service';

export interface ApprovedMaster {
  programmeId: string;
  title: string;
  /** Absolute path of the approved WAV master. */
  file: string;
  /** Its SHA-256, checked against the file just now. */
  sha256: string;
  /** Approved in one step by an approver, as an emergency. */
  emergency: boolean;
  /** When it was approved, and by whom (null: the local admin). */
  approvedAt: string;
  approvedBy: string | null;
}

/** The approved master of a programme, or PROGRAMME_NOT_APPROVED saying why not. */
export async function approvedMaster(programmes: ProgrammeService, id: string): Promise<ApprovedMaster> {
  const p = await programmes.get(id);
  const title = p.metadata.title;
  const notApproved = (why: string) =>
    new StudioError('PROGRAMME_NOT_APPROVED', `Chương trình "${title}" ${why}`, { programmeId: id });
  const { approval } = p;
  if (p.deletedAt !== null)
    throw notApproved('đang nằm trong thùng rác nên không được gửi đi hay phát sóng.');
  if ((approval.state !== 'approved' && approval.state !== 'sent') || approval.masterSha256 === null) {
    throw notApproved('chưa được lãnh đạo duyệt nên không được gửi đi hay phát sóng.');
  }
  const approvedStep = approval.history.findLast((s) => s.state === 'approved');
  const wav = p.lastRender?.files.find((f) => f.format === 'wav');
  if (!approvedStep || !wav) throw notApproved('không còn bản gốc đã duyệt. Hãy dựng và gửi duyệt lại.');
  const onDisk = await sha256OfFile(wav.file);
  if (onDisk !== approval.masterSha256) {
    throw notApproved(
      onDisk === null
        ? `không đọc được tệp bản gốc đã duyệt "${path.basename(wav.file)}" (đã bị xoá hoặc di chuyển).`
        : `có tệp bản gốc "${path.basename(wav.file)}" đã bị thay đổi sau khi duyệt, nên không được gửi đi hay phát sóng.`,
    );
  }
  return {
    programmeId: id,
    title,
    file: wav.file,
    sha256: onDisk,
    emergency: approval.emergency,
    approvedAt: approvedStep.at,
    approvedBy: approvedStep.byUserId,
  };
}
