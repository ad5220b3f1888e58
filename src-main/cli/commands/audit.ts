import { parseArgs } from 'node:util';
import {
  StudioError,
  type AuditActionGroup,
  type AuditMonthReport,
  type AuditVerifyReport,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE = 'studio audit verify|report --month YYYY-MM [--json] [--data DIR]';

/**
 * `studio audit verify [--json] [--data DIR]`: checks the whole audit log (the chain of hashes
 * across `audit/audit-YYYY.jsonl` and the database's index of it). `--json` prints ONE object
 * (fields may be added, never renamed or removed):
 *   { "ok", "entries", "head", "firstProblem": { "file", "line", "kind", "reason" } | null }
 * `file` is relative to the data folder, `line` 1-based; `head` is the SHA-256 of the last intact
 * line (64 zeros for an empty log). Exit status 0 when intact, 1 when broken, 2 for a wrong command line.
 *
 * `studio audit report --month YYYY-MM [--json]`: the month's entries by action group and by user,
 * the chain checked, and its head at the month's end (to be kept elsewhere). `--json` prints the
 * `AuditMonthReport` object (contract/audit-models.ts). Exit status 0 when the chain is intact, 1
 * when it is not (the report is printed all the same).
 */
export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'Nhật ký kiểm tra: kiểm tra chuỗi (verify), báo cáo tháng với mã băm đầu chuỗi (report)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, month: { type: 'string' } },
      allowPositionals: true,
    });
    const [sub, ...extra] = positionals;
    const wrong = () => new StudioError('INVALID_REQUEST', `Cách dùng: ${USAGE}`);
    if (extra.length > 0) throw wrong();
    if (sub === 'verify' && values.month === undefined) {
      const report = await withSession(values.data, (s) => s.call('audit.verify', {}));
      printVerify(report, values.json, io);
      return report.ok ? 0 : 1;
    }
    if (sub === 'report' && values.month !== undefined) {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
        throw new StudioError(
          'INVALID_REQUEST',
          `Tháng phải có dạng YYYY-MM (ví dụ 2026-12). Cách dùng: ${USAGE}`,
        );
      }
      const month = values.month;
      const report = await withSession(values.data, (s) => s.call('audit.monthReport', { month }));
      if (values.json) io.out(JSON.stringify(report));
      else printReport(report, io);
      return report.chain.ok ? 0 : 1;
    }
    throw wrong();
  },
};

async function withSession<T>(
  data: string | undefined,
  work: (session: Awaited<ReturnType<typeof openSession>>) => Promise<T>,
): Promise<T> {
  const session = await openSession(data);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

function printVerify(report: AuditVerifyReport, json: boolean, io: CliIo): void {
  if (json) io.out(JSON.stringify(report));
  else if (report.ok) {
    io.out(`Nhật ký kiểm tra còn nguyên vẹn: ${report.entries} mục.`);
    io.out(`  Mã băm của mục cuối (đầu chuỗi): ${report.head}`);
  } else {
    const p = report.firstProblem as NonNullable<AuditVerifyReport['firstProblem']>;
    io.out(`Nhật ký kiểm tra đã bị thay đổi: tệp ${p.file}, dòng ${p.line}.`);
    io.out(`  ${p.reason}`);
    io.out(`  ${report.entries} mục trước đó còn nguyên vẹn (mã băm của mục cuối: ${report.head}).`);
  }
}

const GROUP_NAMES: Record<AuditActionGroup, string> = {
  library: 'Thư viện',
  edit: 'Biên tập',
  programme: 'Chương trình',
  approval: 'Duyệt',
  publish: 'Gửi tỉnh',
  live: 'Phát trực tiếp',
  system: 'Hệ thống',
  accounts: 'Tài khoản',
};

function printReport(r: AuditMonthReport, io: CliIo): void {
  io.out(`Báo cáo nhật ký kiểm tra tháng ${r.month.slice(5)}/${r.month.slice(0, 4)}: ${r.entries} mục.`);
  io.out('Theo nhóm việc:');
  for (const g of r.byGroup) io.out(`  ${GROUP_NAMES[g.group].padEnd(14)} ${g.count}`);
  io.out('Theo người dùng:');
  if (r.byUser.length === 0) io.out('  (không có)');
  for (const u of r.byUser) {
    const who =
      u.userId === null ? 'Quản trị (máy này)' : u.userName ? `${u.userName} (${u.userId})` : u.userId;
    io.out(`  ${who.padEnd(30)} ${u.count}`);
  }
  if (r.chain.ok) io.out(`Chuỗi nhật ký còn nguyên vẹn (${r.chain.entries} mục).`);
  else {
    const p = r.chain.firstProblem as NonNullable<AuditVerifyReport['firstProblem']>;
    io.out(`CHUỖI NHẬT KÝ ĐÃ BỊ THAY ĐỔI: tệp ${p.file}, dòng ${p.line}. ${p.reason}`);
  }
  if (r.head) {
    io.out(`Đầu chuỗi cuối tháng: mục số ${r.head.seq}${r.head.at ? ` (${r.head.at})` : ''}`);
    io.out(`  SHA-256: ${r.head.sha256}`);
    io.out('  Hãy lưu mã này ở nơi khác: nếu về sau mã của mục này khác đi, quá khứ đã bị viết lại.');
  } else {
    io.out('Không xác nhận được đầu chuỗi cuối tháng: chuỗi bị hỏng trước mục cuối của tháng.');
  }
}
