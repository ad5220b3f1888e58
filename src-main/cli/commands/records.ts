import { parseArgs } from 'node:util';
import path from 'node:path';
import { StudioError, type BackupInfo, type RecordsCheckReport } from '../../contract';
import { restoreRecords } from '../../app/records-restore';
import { resolveDataDir } from '../../app/config';
import {
  APP_VERSION,
  COMMON_OPTIONS,
  openSession,
  type CliCommand,
  type CliIo,
  type CliSession,
} from '../cli-context';

/**
 * `studio db check [--json] [--data DIR]`: SQLite's integrity check and the store's own checks
 * (every asset's file present with its hash). `--json` prints ONE object (fields may be added,
 * never renamed or removed):
 *   { "ok", "engine", "sqliteVersion", "integrity", "counts": { … }, "problems": [ … ] }
 * Exit status 0 when nothing is wrong, 1 when a problem was found, 2 for a wrong command line.
 */
export const dbCommand: CliCommand = {
  name: 'db',
  summary: 'Kiểm tra cơ sở dữ liệu và các tệp âm thanh của thư viện (db check)',
  usage: 'studio db check [--json] [--data DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: COMMON_OPTIONS,
      allowPositionals: true,
    });
    if (positionals.length !== 1 || positionals[0] !== 'check') {
      throw new StudioError('INVALID_REQUEST', `Cách dùng: ${this.usage}`);
    }
    const session = await openSession(values.data);
    let report: RecordsCheckReport;
    try {
      report = await session.call('system.checkRecords', {});
    } finally {
      await session.close();
    }
    if (values.json) io.out(JSON.stringify(report));
    else printCheck(report, io);
    return report.ok ? 0 : 1;
  },
};

function printCheck(report: RecordsCheckReport, io: CliIo): void {
  io.out(`Cơ sở dữ liệu SQLite ${report.sqliteVersion}: ${report.integrity.join(', ')}`);
  const counts = Object.entries(report.counts)
    .map(([k, n]) => `${COUNT_LABEL[k] ?? k} ${n}`)
    .join(', ');
  if (counts) io.out(`  Số bản ghi: ${counts}`);
  for (const p of report.problems) io.out(`  [LỖI] ${p.message}${p.file ? ` (${p.file})` : ''}`);
  io.out(report.ok ? 'Không có lỗi.' : `Có ${report.problems.length} lỗi.`);
}

const COUNT_LABEL: Record<string, string> = {
  assets: 'tư liệu',
  editProjects: 'bản biên tập',
  programmes: 'chương trình',
};

/**
 * `studio backup --out FILE [--json] [--data DIR]`: a consistent copy of the records (the database by
 * SQLite's online backup, safe while the studio runs, plus the configuration). `--json`:
 *   { "ok": true, "file", "createdAt", "appVersion", "files", "sizeBytes" }
 */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'Sao lưu cơ sở dữ liệu và cấu hình vào một tệp .sqlite (không gồm tệp âm thanh)',
  usage: 'studio backup --out FILE [--json] [--data DIR]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, out: { type: 'string', short: 'o' } },
    });
    if (!values.out) throw new StudioError('INVALID_REQUEST', `Thiếu --out. Cách dùng: ${this.usage}`);
    const session = await openSession(values.data);
    let info: BackupInfo;
    try {
      info = await session.call('system.backup', { file: path.resolve(values.out) });
    } finally {
      await session.close();
    }
    if (values.json) io.out(JSON.stringify({ ok: true, ...info }));
    else
      io.out(
        `Đã sao lưu vào ${info.file} (${(info.sizeBytes / 1e6).toFixed(1).replace('.', ',')} MB, kèm ${info.files.length} tệp cấu hình).`,
      );
    return 0;
  },
};

/**
 * A restore replaces everyone's records, so it takes what `system.restore` takes (settings.write),
 * asked of the folder's own users as every command asks (`--user`, or the local admin while there
 * are none). A folder whose database does not open at all (what a restore is most often for) has
 * no users to ask: whoever can reach its files may put a backup back, as they could copy it in.
 */
async function checkMayRestore(dataFlag: string | undefined): Promise<void> {
  let session: CliSession;
  try {
    session = await openSession(dataFlag);
  } catch (err) {
    if (err instanceof StudioError && (err.code === 'STORE_CORRUPT' || err.code === 'STORE_TOO_NEW')) return;
    throw err;
  }
  const allowed = session.connection.may('settings.write');
  await session.close();
  if (!allowed) throw new StudioError('FORBIDDEN');
}

/**
 * `studio restore FILE [--json] [--data DIR]`: checks the backup, then puts it back. The studio must
 * be closed (it holds the data folder); what the backup replaces is kept in `db/before-restore-…/`.
 * `--json`: { "ok": true, "file", "createdAt", "setAsideIn" }
 */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'Khôi phục cơ sở dữ liệu và cấu hình từ một bản sao lưu (Studio phải đang đóng)',
  usage: 'studio restore FILE [--json] [--data DIR]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: COMMON_OPTIONS,
      allowPositionals: true,
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new StudioError('INVALID_REQUEST', `Cách dùng: ${this.usage}`);
    await checkMayRestore(values.data);
    const report = await restoreRecords(
      { dataDir: resolveDataDir(values.data), appVersion: APP_VERSION, host: 'cli', env: process.env },
      path.resolve(file),
    );
    if (values.json) {
      io.out(
        JSON.stringify({
          ok: true,
          file: report.restoredFrom.file,
          createdAt: report.restoredFrom.createdAt,
          setAsideIn: report.setAsideIn,
        }),
      );
    } else {
      io.out(`Đã khôi phục từ ${report.restoredFrom.file} (sao lưu lúc ${report.restoredFrom.createdAt}).`);
      io.out(`  Dữ liệu trước khi khôi phục được giữ ở ${report.setAsideIn}`);
    }
    return 0;
  },
};
