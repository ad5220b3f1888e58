import { open } from 'node:fs/promises';
import os from 'node:os';
import type { DiagnosticsBundle, DoctorReport, RecoveryNotice, Settings } from '../contract';
import { logFiles } from '../platform/logger';
import type { StudioConfig } from './config';

/** How much of the log goes into a bundle: the end of it, newest files first. */
const LOG_TAIL_BYTES = 1024 * 1024;

export interface DiagnosticsSources {
  config: StudioConfig;
  logDir: string;
  doctor(): Promise<DoctorReport>;
  settings(): Settings;
  recoveries(): Promise<RecoveryNotice[]>;
  now?: () => Date;
}

/**
 * One text file that the station can e-mail to its IT support: what runs where, what the doctor
 * finds, the settings, what was repaired, and the end of the log. The log holds no secrets (the
 * logger removes them); the settings hold none either.
 */
export async function diagnosticsBundle(sources: DiagnosticsSources): Promise<DiagnosticsBundle> {
  const now = (sources.now ?? (() => new Date()))();
  const [doctor, recoveries, log] = await Promise.all([
    sources.doctor(),
    sources.recoveries(),
    logTail(sources.logDir, LOG_TAIL_BYTES),
  ]);
  const { config } = sources;
  const sections: Array<[string, string]> = [
    [
      'Phiên bản và máy / Versions and machine',
      [
        `Studio Truyền thanh ${config.appVersion} (${config.host})`,
        `Node ${process.versions.node}${process.versions.electron ? `, Electron ${process.versions.electron}` : ''}`,
        `${os.type()} ${os.release()} ${os.arch()}, ${os.cpus().length} CPU, ${Math.round(os.totalmem() / 1024 ** 2)} MB RAM`,
        `Thư mục dữ liệu / data folder: ${config.dataDir}`,
        `Lúc / at: ${now.toISOString()}`,
      ].join('\n'),
    ],
    ['Kiểm tra hệ thống / Doctor report', JSON.stringify(doctor, null, 2)],
    ['Cài đặt / Settings', JSON.stringify(sources.settings(), null, 2)],
    [
      'Studio đã tự khôi phục / Recoveries',
      recoveries.length === 0
        ? '(không có / none)'
        : recoveries.map((r) => `${r.at}  ${r.message}  (${r.file})`).join('\n'),
    ],
    ['Nhật ký (phần cuối) / Log (end)', log || '(trống / empty)'],
  ];
  const stamp = now.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  return {
    fileName: `chan-doan-studio-${stamp}.txt`,
    text: sections.map(([title, body]) => `===== ${title} =====\n${body}\n`).join('\n'),
  };
}

/** The last `bytes` of the log, across rotated files, oldest line first, starting at a whole line. */
async function logTail(dir: string, bytes: number): Promise<string> {
  const parts: string[] = [];
  let left = bytes;
  for (const file of logFiles(dir)) {
    if (left <= 0) break;
    const handle = await open(file, 'r').catch(() => null);
    if (!handle) continue;
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, left);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      let text = buffer.toString('utf8');
      if (length < size) text = text.slice(text.indexOf('\n') + 1);
      parts.unshift(text);
      left -= length;
    } finally {
      await handle.close();
    }
  }
  return parts.join('');
}
