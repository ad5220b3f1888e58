import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  StudioError,
  type ArchiveImportProgress,
  type ArchiveImportSummary,
  type EventName,
  type RetentionDeleteResult,
  type RetentionDueList,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const IMPORT_USAGE = 'studio archive import DIR [--pattern MẪU] [--json] [--data DIR]';
const RETENTION_USAGE =
  'studio archive retention [--json] | studio archive retention delete ID... --yes [--json]';
const USAGE = `${IMPORT_USAGE} | ${RETENTION_USAGE}`;

/**
 * `studio archive import DIR [--pattern P] [--json]`: an old archive's folder (and the folders in
 * it) into the library; the date, title and language from each file's name (`2021-03-14 Bản tin
 * tiếng Mông - giống lúa mới.mp3`, `20210314_…`, `14-03-2021 …`, or by `--pattern`, e.g.
 * `"{date:DD.MM.YYYY} - {title}"`). `--json` prints ONE object, the ArchiveImportSummary (fields
 * may be added, never renamed or removed):
 *   { "dir", "taken": [{ "file", "assetId", "title", "date", "duplicate", "language", "durationSec" }],
 *     "skipped": [{ "file", "reasonCode", "reason" }], "seconds", "audioSeconds", "cancelled" }
 * `file` is relative to DIR. Exit status 0 when the folder was gone through (files not taken are
 * in the summary), 1 when stopped (Ctrl+C) or the folder could not be read.
 *
 * `studio archive retention [--json]`: the masters and as-aired days past the retention rule
 * (nothing is deleted), `--json` the RetentionDueList `{ "months", "items": [{ "id", "kind",
 * "title", "dueSince", "sizeBytes", "file" }], "totalBytes" }`. `studio archive retention delete
 * ID... --yes`: deletes those of the ids that are due (the archivist's confirmation is `--yes`),
 * `--json` `{ "deleted": [{ "id", "bytes" }], "refused": [{ "id", "reason" }], "totalBytes" }`;
 * exit 1 when any id was refused.
 */
export const archiveCommand: CliCommand = {
  name: 'archive',
  summary:
    'Kho lưu trữ: nhập kho cũ từ một thư mục (ngày, tiêu đề, ngôn ngữ đọc từ tên tệp như "2021-03-14 Bản tin tiếng Mông - giống lúa mới.mp3", ' +
    '"20210314_…", "14-03-2021 …"; tên kiểu khác: --pattern với {date:DD.MM.YYYY}, {title} và {*} cho phần bỏ qua, ví dụ --pattern "{title} ({date:YYYYMMDD})"); ' +
    'xem những gì đã hết hạn lưu trữ, và xoá khi lưu trữ viên xác nhận (--yes)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...COMMON_OPTIONS, pattern: { type: 'string' }, yes: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const [sub, ...rest] = positionals;
    if (sub === 'import') {
      if (rest.length !== 1) throw new StudioError('INVALID_REQUEST', `Cách dùng: ${IMPORT_USAGE}`);
      return importArchive(path.resolve(rest[0] as string), values.pattern, values.json, values.data, io);
    }
    if (sub === 'retention') {
      if (rest.length === 0) return listDue(values.json, values.data, io);
      if (rest[0] !== 'delete' || rest.length < 2)
        throw new StudioError('INVALID_REQUEST', `Cách dùng: ${RETENTION_USAGE}`);
      if (!values.yes)
        throw new StudioError(
          'INVALID_REQUEST',
          'Xoá bản lưu trữ không lấy lại được: hãy xem danh sách (studio archive retention) rồi thêm --yes để xác nhận.',
        );
      return deleteDue(rest.slice(1), values.json, values.data, io);
    }
    throw new StudioError('INVALID_REQUEST', `Cách dùng: ${USAGE}`);
  },
};

async function listDue(json: boolean, dataFlag: string | undefined, io: CliIo): Promise<number> {
  const session = await openSession(dataFlag);
  let due: RetentionDueList;
  try {
    due = await session.call('archive.retention.list', {});
  } finally {
    await session.close();
  }
  if (json) {
    io.out(JSON.stringify(due, null, 2));
    return 0;
  }
  if (due.items.length === 0) {
    io.out(`Không có gì hết hạn lưu trữ (thời hạn: ${due.months} tháng).`);
    return 0;
  }
  io.out(
    `Hết hạn lưu trữ (${due.months} tháng): ${due.items.length} mục, tổng ${bytes(due.totalBytes)}. ` +
      'Chưa xoá gì: xoá bằng studio archive retention delete ID... --yes',
  );
  for (const i of due.items)
    io.out(`  ${i.id}  ${i.title}  ${bytes(i.sizeBytes)}  hết hạn từ ${i.dueSince.slice(0, 10)}`);
  return 0;
}

async function deleteDue(
  ids: string[],
  json: boolean,
  dataFlag: string | undefined,
  io: CliIo,
): Promise<number> {
  const session = await openSession(dataFlag);
  let result: RetentionDeleteResult;
  try {
    result = await session.call('archive.retention.delete', { ids, confirm: true });
  } finally {
    await session.close();
  }
  if (json) io.out(JSON.stringify(result, null, 2));
  else {
    for (const d of result.deleted) io.out(`Đã xoá ${d.id} (${bytes(d.bytes)}).`);
    for (const r of result.refused) io.out(`Không xoá ${r.id}: ${r.reason}`);
    io.out(`Đã giải phóng ${bytes(result.totalBytes)}.`);
  }
  return result.refused.length > 0 ? 1 : 0;
}

function bytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1).replace('.', ',')} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1).replace('.', ',')} MB`;
  return `${(n / 1024 ** 3).toFixed(2).replace('.', ',')} GB`;
}

async function importArchive(
  dir: string,
  pattern: string | undefined,
  json: boolean,
  dataFlag: string | undefined,
  io: CliIo,
): Promise<number> {
  const session = await openSession(dataFlag);
  const live = !json && process.stderr.isTTY === true;
  const unsubscribe = session.connection.subscribe((event: EventName, payload: unknown) => {
    if (event !== 'archive.import.progress' || !live) return;
    const p = payload as ArchiveImportProgress;
    process.stderr.write(`\r\x1b[KĐang nhập kho cũ… ${p.done}/${p.total} tệp`);
  });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let summary: ArchiveImportSummary;
  try {
    summary = await session.call(
      'archive.import',
      { dir, ...(pattern !== undefined ? { pattern } : {}) },
      controller.signal,
    );
  } finally {
    process.removeListener('SIGINT', onSigint);
    unsubscribe();
    if (live) process.stderr.write('\r\x1b[K');
    await session.close();
  }
  if (json) io.out(JSON.stringify(summary, null, 2));
  else printSummary(summary, io);
  return summary.cancelled ? 1 : 0;
}

function printSummary(s: ArchiveImportSummary, io: CliIo): void {
  const fresh = s.taken.filter((t) => !t.duplicate).length;
  const dup = s.taken.length - fresh;
  io.out(`Kho cũ: ${s.dir}`);
  io.out(
    `Đã nhận ${s.taken.length} tệp` +
      (dup ? ` (${fresh} tệp mới, ${dup} tệp đã có trong thư viện nên không lưu lại)` : '') +
      `, tổng ${duration(s.audioSeconds)} âm thanh; không nhận ${s.skipped.length} tệp. ` +
      `Mất ${s.seconds.toFixed(1).replace('.', ',')} giây.${s.cancelled ? ' Đã dừng giữa chừng.' : ''}`,
  );
  if (s.taken.length) io.out('\nĐã nhận:');
  for (const t of s.taken)
    io.out(
      `  ${t.date ?? '          '}  ${t.title}  [${t.language}, ${duration(t.durationSec)}]` +
        `${t.duplicate ? '  (đã có trong thư viện)' : ''}  ← ${t.file}`,
    );
  if (s.skipped.length) io.out('\nKhông nhận:');
  for (const k of s.skipped) io.out(`  ${k.file}: ${k.reason}`);
}

function duration(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
