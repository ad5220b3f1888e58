import path from 'node:path';
import type { AuditEntry, AuditProblem, AuditProblemKind, AuditVerifyReport } from '../contract';
import { AUDIT_DIR, GENESIS, lineHash, listAuditFiles, parseEntry, readLines } from './audit-files';
import type { AuditIndexRow, AuditRepository } from './audit-repository';

/**
 * Walks every year file in order and stops at the first line that breaks the chain or disagrees
 * with the index: a line that does not parse, a `seq` that is not the previous one plus one (a
 * line removed, inserted or moved), a `prev` that is not the SHA-256 of the line before (a line
 * before it altered), an index row missing or different (the line itself altered, hash included),
 * and at the end an index row whose line is gone (lines removed from the end of the log).
 */
export async function verifyAuditLog(
  dir: string,
  index: AuditRepository,
  walker?: ChainWalker,
): Promise<AuditVerifyReport> {
  let entries = 0;
  let head = GENESIS;
  const broken = (file: string, line: number, kind: AuditProblemKind, reason: string): AuditVerifyReport => ({
    ok: false,
    entries,
    head,
    firstProblem: { file: path.posix.join(AUDIT_DIR, file), line, kind, reason } satisfies AuditProblem,
  });
  for (const { name } of await listAuditFiles(dir)) {
    for await (const { bytes, line, terminated } of readLines(path.join(dir, name))) {
      if (!terminated)
        return broken(name, line, 'unterminated', 'Dòng cuối bị cắt dở (không có ký tự xuống dòng).');
      const entry = parseEntry(bytes);
      if (!entry) {
        return broken(name, line, 'unreadable', 'Dòng này không phải một mục nhật ký hợp lệ: nó đã bị sửa.');
      }
      const expected = entries + 1;
      if (entry.seq !== expected) {
        return broken(
          name,
          line,
          'seq',
          `Số thứ tự của dòng là ${entry.seq}, lẽ ra là ${expected}: có dòng đã bị xoá, chèn thêm hoặc đổi chỗ.`,
        );
      }
      if (entry.prev !== head) {
        return broken(
          name,
          line,
          'prev',
          'Mã băm của dòng trước ghi trong dòng này không khớp: dòng trước đã bị sửa, xoá hoặc đổi chỗ.',
        );
      }
      const hash = lineHash(bytes);
      const row = index.get(entry.seq);
      if (!row) {
        return broken(
          name,
          line,
          'index-missing',
          `Mục số ${entry.seq} không có trong chỉ mục của cơ sở dữ liệu.`,
        );
      }
      if (!agrees(row, entry, name, line, hash)) {
        return broken(
          name,
          line,
          'index-differs',
          `Dòng này khác với mục số ${entry.seq} trong chỉ mục của cơ sở dữ liệu: dòng hoặc chỉ mục đã bị sửa.`,
        );
      }
      entries = expected;
      head = hash;
      walker?.(entry, hash);
    }
  }
  const extra = index.firstOutside(entries);
  if (extra) {
    return broken(
      extra.file,
      extra.line,
      'index-extra',
      `Chỉ mục có mục số ${extra.seq} nhưng tệp nhật ký không còn dòng đó: dòng đã bị xoá khỏi tệp.`,
    );
  }
  return { ok: true, entries, head, firstProblem: null };
}

/** Sees each intact entry of the chain, in order, with the SHA-256 of its line. */
export type ChainWalker = (entry: AuditEntry, sha256: string) => void;

/** The `details` column of an entry's index row: its details as its line has them, or null. */
export function detailsText(entry: AuditEntry): string | null {
  return entry.details === undefined ? null : JSON.stringify(entry.details);
}

/** The index row says what the line says, where the line is. */
function agrees(row: AuditIndexRow, entry: AuditEntry, file: string, line: number, hash: string): boolean {
  return (
    row.sha256 === hash &&
    row.file === file &&
    row.line === line &&
    row.at === entry.at &&
    row.userId === (entry.actor.userId ?? null) &&
    row.host === entry.actor.host &&
    row.action === entry.action &&
    row.objectKind === (entry.object.kind ?? null) &&
    row.objectId === (entry.object.id ?? null) &&
    row.details === detailsText(entry)
  );
}
