/**
 * The broadcast log as CSV for Excel (UTF-8 with a BOM, RFC 4180, `platform/csv.ts`): one row per
 * entry and station heard (how a report counts a station's air time), Vietnamese headers and words.
 * An entry no station heard (skipped, failed) is one row with the station left blank.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import {
  StudioError,
  type BroadcastKind,
  type BroadcastLogCsvExport,
  type BroadcastLogEntry,
  type BroadcastLogQuery,
} from '../contract';
import { CSV_BOM, csvRow } from '../platform/csv';
import { rangeOf } from './broadcast-log';
import type { BroadcastLogRepository } from './broadcast-log-repository';

export const BROADCAST_LOG_CSV_HEADER = [
  'Bắt đầu thực tế (UTC)',
  'Kết thúc thực tế (UTC)',
  'Loại',
  'Tên',
  'Nguồn',
  'Mã băm SHA-256',
  'Cụm thu',
  'Số giây cụm thu nghe được',
  'Bắt đầu theo lịch (UTC)',
  'Kết thúc theo lịch (UTC)',
  'Người phát',
  'Kết quả',
  'Gián đoạn',
  'Ghi chú',
  'Mã khung giờ',
  'Mã mục',
];

const KIND_WORDS: Record<BroadcastKind, string> = {
  programme: 'Chương trình',
  file: 'Tệp âm thanh',
  relay: 'Tiếp sóng',
  live: 'Trực tiếp',
  emergency: 'Khẩn cấp',
};

const OUTCOME_WORDS: Record<NonNullable<BroadcastLogEntry['outcome']>, string> = {
  aired: 'Đã phát',
  interrupted: 'Bị gián đoạn',
  skipped: 'Bỏ qua',
  failed: 'Không phát được',
};

/** Entries read from the database at a time. */
const CHUNK = 500;

/** Rows of one entry: one per station (only the asked station's when the query names one). */
export function csvRowsOf(e: BroadcastLogEntry, station: string | null): string[] {
  const heard = e.stations.filter((s) => station === null || s.code === station);
  const interruptions = e.interruptions.map((i) => `${i.at} (${i.seconds} giây): ${i.reason}`).join('; ');
  const rows = heard.length > 0 ? heard : [null];
  return rows.map((s) =>
    csvRow([
      e.actualStart,
      e.actualEnd,
      KIND_WORDS[e.kind],
      e.title,
      e.spec,
      e.sha256,
      s?.code ?? null,
      s ? Math.round(s.seconds * 10) / 10 : null,
      e.scheduledStart,
      e.scheduledEnd,
      e.startedBy,
      e.outcome === null ? 'Đang phát' : OUTCOME_WORDS[e.outcome],
      interruptions || null,
      e.note,
      e.slotId,
      e.id,
    ]),
  );
}

/** Writes the matching entries to `file` (through a `.part` renamed at the end). */
export async function exportBroadcastLogCsv(
  repo: BroadcastLogRepository,
  query: BroadcastLogQuery,
  file: string,
  overwrite: boolean,
): Promise<BroadcastLogCsvExport> {
  if (
    !overwrite &&
    (await stat(file).then(
      () => true,
      () => false,
    ))
  ) {
    throw new StudioError(
      'CONFLICT',
      'Đã có một tệp trùng tên ở đó. Hãy đặt tên khác, hoặc xác nhận ghi đè.',
    );
  }
  const range = rangeOf(query);
  const part = `${file}.${randomUUID().slice(0, 8)}.part`;
  const handle = await open(part, 'wx');
  let rows = 0;
  try {
    await handle.write(CSV_BOM + csvRow(BROADCAST_LOG_CSV_HEADER));
    for (let offset = 0; ; offset += CHUNK) {
      const chunk = repo.list(range, offset, CHUNK);
      if (chunk.length === 0) break;
      const lines = chunk.flatMap((e) => csvRowsOf(e, range.station));
      rows += lines.length;
      await handle.write(lines.join(''));
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(part, { force: true });
    throw err;
  }
  await handle.close();
  await rename(part, file);
  return { file, rows, sizeBytes: (await stat(file)).size };
}
