import path from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError, type AirtimeReport, type ReportGrouping } from '../../contract';
import { REPORT_GROUPINGS } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE =
  'studio report airtime --month YYYY-MM [--by language|station|subject] [--format json|xlsx|pdf] [--out FILE]';

const FORMATS = ['json', 'xlsx', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `studio report airtime --month YYYY-MM [--by language|station|subject] [--format json|xlsx|pdf]
 * [--out FILE]`: the month's airtime from the broadcast log (`report.airtime`, permission
 * `report.read`: chief editor, archivist, admin), grouped by language (the default), station or
 * subject. Without `--format` a readable table; `--format json` (or `--json`) prints ONE
 * `AirtimeReport` object (contract/report-models.ts; fields may be added, never renamed or removed),
 * or writes it to `--out`. `--format xlsx|pdf` writes the workbook or the PDF (`report.export`) to
 * `--out` (default `bao-cao-phat-song-YYYY-MM-BY.xlsx|pdf` in this folder), replacing a file there.
 */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Báo cáo thời lượng phát sóng theo tháng: theo ngôn ngữ, cụm thu, lĩnh vực (JSON, XLSX, PDF)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        month: { type: 'string' },
        by: { type: 'string', default: 'language' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const wrong = (why: string) => new StudioError('INVALID_REQUEST', `${why} Cách dùng: ${USAGE}`);
    if (positionals.length !== 1 || positionals[0] !== 'airtime') throw wrong('Lệnh con: airtime.');
    if (values.month === undefined || !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month))
      throw wrong('Cần --month dạng YYYY-MM (ví dụ 2026-11).');
    if (!(REPORT_GROUPINGS as readonly string[]).includes(values.by))
      throw wrong('--by là language, station hoặc subject.');
    const format = values.format ?? (values.json ? 'json' : undefined);
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format))
      throw wrong('--format là json, xlsx hoặc pdf.');
    const month = values.month;
    const by = values.by as ReportGrouping;

    const session = await openSession(values.data);
    try {
      if (format === 'xlsx' || format === 'pdf') {
        const file = path.resolve(values.out ?? `bao-cao-phat-song-${month}-${by}.${format}`);
        const written = await session.call('report.export', { month, by, format, file, overwrite: true });
        io.out(`Đã ghi báo cáo ${format.toUpperCase()} vào ${written.file} (${written.sizeBytes} byte).`);
        return 0;
      }
      const report = await session.call('report.airtime', { month, by });
      if ((format as Format | undefined) === 'json') {
        const text = JSON.stringify(report);
        if (values.out === undefined) io.out(text);
        else {
          const { writeFile } = await import('node:fs/promises');
          await writeFile(path.resolve(values.out), `${text}\n`);
          io.out(`Đã ghi báo cáo JSON vào ${path.resolve(values.out)}.`);
        }
        return 0;
      }
      printReport(report, io);
      return 0;
    } finally {
      await session.close();
    }
  },
};

const GROUP_TITLES: Record<ReportGrouping, string> = {
  language: 'Ngôn ngữ',
  station: 'Cụm thu',
  subject: 'Lĩnh vực',
};

/** Seconds as people read airtime: `12:05:09`. */
export function clock(seconds: number): string {
  const s = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

const percent = (share: number) => `${(share * 100).toFixed(1).replace('.', ',')}%`;

function printReport(r: AirtimeReport, io: CliIo): void {
  io.out(`Báo cáo thời lượng phát sóng tháng ${r.month.slice(5)}/${r.month.slice(0, 4)}`);
  io.out(`Tổng thời lượng: ${clock(r.totalSeconds)} · tiếng dân tộc: ${percent(r.ethnicShare)}`);
  io.out('');
  io.out(
    `${GROUP_TITLES[r.by].padEnd(28)} ${'Thời lượng'.padStart(11)} ${'Tỉ lệ'.padStart(7)} ${'Lượt'.padStart(6)}`,
  );
  for (const row of r.rows) {
    const part = r.totalSeconds > 0 ? row.seconds / r.totalSeconds : 0;
    io.out(
      `${row.label.padEnd(28)} ${clock(row.seconds).padStart(11)} ${percent(part).padStart(7)} ${String(row.items).padStart(6)}`,
    );
  }
  if (r.rows.length === 0) io.out('(không có gì phát trong tháng)');
  io.out('');
  io.out('Tỉ lệ tiếng dân tộc 12 tháng:');
  io.out(
    r.trend.map((t) => `${t.month.slice(5)}/${t.month.slice(2, 4)} ${percent(t.ethnicShare)}`).join('  '),
  );
  if (r.programmesByReporter.length > 0) {
    io.out('');
    io.out('Chương trình được duyệt theo phóng viên:');
    for (const p of r.programmesByReporter) io.out(`  ${p.reporter.padEnd(30)} ${p.programmes}`);
  }
  io.out('');
  io.out(`Mã băm đầu chuỗi nhật ký kiểm tra: ${r.auditChainHead}`);
}
