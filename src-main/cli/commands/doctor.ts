import { parseArgs } from 'node:util';
import type { ClockStatus, DoctorCheck } from '../../contract';
import { formatGiB } from '../../platform/disk';
import { COMMON_OPTIONS, doctorReport, type CliCommand } from '../cli-context';

const LABELS: Record<DoctorCheck['id'], string> = {
  ffmpeg: 'ffmpeg',
  sox: 'sox (thu âm)',
  microphone: 'Micro',
  icecast2: 'Icecast (phát trực tiếp)',
  chromium: 'Chromium (chế độ web)',
  pulseaudio: 'PulseAudio (âm thanh)',
  dataDir: 'Thư mục dữ liệu',
};

const MARK: Record<DoctorCheck['status'], string> = { ok: 'OK   ', warning: 'CHÚ Ý', missing: 'THIẾU' };

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Kiểm tra máy: ffmpeg, sox, Icecast, thư mục dữ liệu, dung lượng trống, đồng hồ (NTP)',
  usage: 'studio doctor [--json] [--data DIR]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: COMMON_OPTIONS, strict: true });
    const report = await doctorReport(values.data);
    if (values.json) {
      io.out(JSON.stringify(report, null, 2));
    } else {
      io.out(`Studio Truyền thanh ${report.appVersion} — kiểm tra hệ thống`);
      for (const c of report.checks) {
        const detail = [c.version && `phiên bản ${c.version}`, c.path].filter(Boolean).join(', ');
        io.out(`  [${MARK[c.status]}] ${LABELS[c.id]}${detail ? `: ${detail}` : ''}`);
        if (c.advice) io.out(`          ${c.advice}`);
        if (c.technical) io.out(`          ${c.technical.split('\n').join('\n          ')}`);
      }
      io.out(
        `  Dung lượng trống: ${formatGiB(report.dataDir.freeBytes)} / ${formatGiB(report.dataDir.totalBytes)}`,
      );
      io.out(clockLine(report.clock));
      if (report.clock.synchronised !== true) io.out(`          ${report.clock.message}`);
      const mic = report.checks.find((c) => c.id === 'microphone');
      io.out(
        !report.ready
          ? 'Chưa sẵn sàng: hãy xử lý các mục THIẾU ở trên.'
          : mic && mic.status !== 'ok'
            ? 'Sẵn sàng biên tập, nhưng chưa thu âm được: xem mục Micro ở trên.'
            : 'Sẵn sàng làm việc.',
      );
    }
    return report.ready ? 0 : 1;
  },
};

/**
 * "Đồng hồ máy: đã đồng bộ (chronyc), lệch +0,012 ms": whether the clock is synchronised, asked of
 * what, and how far off; a warning, never a failure (the studio edits with a wrong clock too).
 */
export function clockLine(clock: ClockStatus): string {
  const state = clock.synchronised === null ? 'không rõ' : clock.synchronised ? 'đã đồng bộ' : 'CHƯA đồng bộ';
  const source = clock.source ? ` (${clock.source})` : '';
  const offset =
    clock.offsetMs === null
      ? ''
      : `, lệch ${clock.offsetMs > 0 ? '+' : ''}${clock.offsetMs.toLocaleString('vi-VN', { maximumFractionDigits: 3 })} ms`;
  return `  [${MARK[clock.synchronised ? 'ok' : 'warning']}] Đồng hồ máy: ${state}${source}${offset}`;
}
