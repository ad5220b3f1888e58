import { parseArgs } from 'node:util';
import { StudioError, type AuditVerifyReport } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand } from '../cli-context';

/**
 * `studio audit verify [--json] [--data DIR]`: checks the whole audit log (the chain of hashes
 * across `audit/audit-YYYY.jsonl` and the database's index of it). `--json` prints ONE object
 * (fields may be added, never renamed or removed):
 *   { "ok", "entries", "head", "firstProblem": { "file", "line", "kind", "reason" } | null }
 * `file` is relative to the data folder, `line` 1-based; `head` is the SHA-256 of the last intact
 * line (64 zeros for an empty log). Exit status 0 when intact, 1 when broken, 2 for a wrong command line.
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Kiểm tra nhật ký kiểm tra (audit verify): không dòng nào bị sửa, xoá hay đổi chỗ',
  usage: 'studio audit verify [--json] [--data DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: COMMON_OPTIONS,
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'verify') {
      throw new StudioError('INVALID_REQUEST', `Cách dùng: ${this.usage}`);
    }
    const session = await openSession(values.data);
    let report: AuditVerifyReport;
    try {
      report = await session.call('audit.verify', {});
    } finally {
      await session.close();
    }
    if (values.json) io.out(JSON.stringify(report));
    else if (report.ok) {
      io.out(`Nhật ký kiểm tra còn nguyên vẹn: ${report.entries} mục.`);
      io.out(`  Mã băm của mục cuối (đầu chuỗi): ${report.head}`);
    } else {
      const p = report.firstProblem as NonNullable<AuditVerifyReport['firstProblem']>;
      io.out(`Nhật ký kiểm tra đã bị thay đổi: tệp ${p.file}, dòng ${p.line}.`);
      io.out(`  ${p.reason}`);
      io.out(`  ${report.entries} mục trước đó còn nguyên vẹn (mã băm của mục cuối: ${report.head}).`);
    }
    return report.ok ? 0 : 1;
  },
};
