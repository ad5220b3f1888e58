/**
 * The airtime report as an Excel workbook (exceljs): a sheet of the month's rows (seconds as
 * numbers, hours as a formula-free figure, the share), the twelve-month trend and the programmes
 * per reporter; the audit chain's head on the first sheet.
 */
import ExcelJS from 'exceljs';
import type { AirtimeReport } from '../contract';
import { GROUP_TITLES, localStamp, monthLabel } from './airtime-format';

export const SHEET_NAMES = {
  airtime: 'Thời lượng',
  trend: 'Xu hướng 12 tháng',
  reporters: 'Phóng viên',
} as const;

export async function writeAirtimeXlsx(report: AirtimeReport, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Studio Truyền thanh';
  wb.created = new Date(report.generatedAt);

  const sheet = wb.addWorksheet(SHEET_NAMES.airtime);
  sheet.addRow([`Báo cáo thời lượng phát sóng tháng ${monthLabel(report.month)}`]).font = {
    bold: true,
    size: 14,
  };
  sheet.addRow([`Theo ${GROUP_TITLES[report.by].toLowerCase()} · lập lúc ${localStamp(report.generatedAt)}`]);
  sheet.addRow([]);
  const header = sheet.addRow([
    GROUP_TITLES[report.by],
    'Mã',
    'Thời lượng (giây)',
    'Thời lượng (giờ)',
    'Tỉ lệ',
    'Lượt phát',
  ]);
  header.font = { bold: true };
  for (const row of report.rows) {
    sheet.addRow([
      row.label,
      row.key,
      row.seconds,
      Math.round((row.seconds / 3600) * 1000) / 1000,
      report.totalSeconds > 0 ? row.seconds / report.totalSeconds : 0,
      row.items,
    ]);
  }
  const total = sheet.addRow([
    'Tổng cộng',
    '',
    report.totalSeconds,
    Math.round((report.totalSeconds / 3600) * 1000) / 1000,
    1,
    null,
  ]);
  total.font = { bold: true };
  sheet.addRow([]);
  sheet.addRow(['Tỉ lệ tiếng dân tộc', '', null, null, report.ethnicShare]).getCell(5).numFmt = '0.0%';
  sheet.addRow(['Mã băm đầu chuỗi nhật ký kiểm tra', report.auditChainHead]);
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 18;
  sheet.getColumn(4).width = 16;
  sheet.getColumn(5).width = 10;
  sheet.getColumn(5).numFmt = '0.0%';
  sheet.getColumn(6).width = 10;

  const trend = wb.addWorksheet(SHEET_NAMES.trend);
  trend.addRow(['Tháng', 'Tổng thời lượng (giây)', 'Tỉ lệ tiếng dân tộc']).font = { bold: true };
  for (const t of report.trend) trend.addRow([t.month, t.totalSeconds, t.ethnicShare]);
  trend.getColumn(1).width = 12;
  trend.getColumn(2).width = 22;
  trend.getColumn(3).width = 20;
  trend.getColumn(3).numFmt = '0.0%';

  const reporters = wb.addWorksheet(SHEET_NAMES.reporters);
  reporters.addRow(['Phóng viên', 'Chương trình được duyệt']).font = { bold: true };
  for (const p of report.programmesByReporter) reporters.addRow([p.reporter, p.programmes]);
  reporters.getColumn(1).width = 34;
  reporters.getColumn(2).width = 24;

  await wb.xlsx.writeFile(file);
}
