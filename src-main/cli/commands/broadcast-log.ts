import path from 'node:path';
import { parseArgs } from 'node:util';
import { StudioError, type BroadcastLogEntry } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE = 'studio broadcast-log [--from NGÀY] [--to NGÀY] [--station MÃ] [--json] [--csv TỆP [--force]]';

/**
 * `studio broadcast-log [--from DATE] [--to DATE] [--station CODE] [--json]`: the broadcast log (nhật
 * ký phát sóng), oldest first, through `broadcastLog.list` (`broadcastLog.read`: operator, chief
 * editor, archivist, admin). DATE is a day of this PC's calendar `YYYY-MM-DD` (`--to` included whole)
 * or an ISO 8601 instant. `--json` prints ONE object (fields may be added, never renamed or removed):
 * `{ "entries": [ { "id", "kind", "title", "spec", "sha256", "slotId", "scheduledStart",
 * "scheduledEnd", "actualStart", "actualEnd", "startedBy", "stations": [ { "code", "seconds" } ],
 * "interruptions": [ { "at", "seconds", "reason" } ], "outcome", "note" } ], "total" }`.
 * `--csv FILE` writes the same entries as CSV instead (`broadcastLog.export`: UTF-8 with a BOM, one
 * row per entry and station); `--force` writes over a file that is there; with `--json` it prints
 * `{ "file", "rows", "sizeBytes" }`.
 */
export const broadcastLogCommand: CliCommand = {
  name: 'broadcast-log',
  summary: 'Nhật ký phát sóng: đã phát gì, ở đâu, khi nào (xuất CSV bằng --csv)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        from: { type: 'string' },
        to: { type: 'string' },
        station: { type: 'string' },
        csv: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new StudioError('INVALID_REQUEST', `Cách dùng: ${USAGE}`);
    const filter = {
      ...(values.from === undefined ? {} : { from: values.from }),
      ...(values.to === undefined ? {} : { to: values.to }),
      ...(values.station === undefined ? {} : { station: values.station }),
    };
    const session = await openSession(values.data);
    try {
      if (values.csv !== undefined) {
        const written = await session.call('broadcastLog.export', {
          file: path.resolve(values.csv),
          filter,
          overwrite: values.force,
        });
        if (values.json) io.out(JSON.stringify(written));
        else io.out(`Đã xuất ${written.rows} dòng nhật ký phát sóng vào ${written.file}.`);
        return 0;
      }
      const list = await session.call('broadcastLog.list', { ...filter, limit: 10_000 });
      if (values.json) io.out(JSON.stringify(list));
      else printList(list.entries, list.total, io);
      return 0;
    } finally {
      await session.close();
    }
  },
};

const OUTCOMES: Record<NonNullable<BroadcastLogEntry['outcome']>, string> = {
  aired: 'đã phát',
  interrupted: 'bị gián đoạn',
  skipped: 'bỏ qua',
  failed: 'không phát được',
};

/** A local time people read: `07/12/2026 06:00:05`. */
function local(at: string | null): string {
  if (at === null) return '…';
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function printList(entries: BroadcastLogEntry[], total: number, io: CliIo): void {
  if (entries.length === 0) {
    io.out('Nhật ký phát sóng không có mục nào trong khoảng này.');
    return;
  }
  for (const e of entries) {
    const outcome = e.outcome === null ? 'đang phát' : OUTCOMES[e.outcome];
    io.out(`${local(e.actualStart)} → ${local(e.actualEnd)}  ${e.title} (${e.spec})  [${outcome}]`);
    const heard = e.stations.map((s) => `${s.code} ${Math.round(s.seconds)} giây`).join(', ');
    io.out(`    Người phát: ${e.startedBy}. Cụm thu: ${heard || 'không có'}.`);
    for (const i of e.interruptions)
      io.out(`    Gián đoạn ${local(i.at)}, ${Math.round(i.seconds)} giây: ${i.reason}`);
    if (e.note) io.out(`    Ghi chú: ${e.note}`);
  }
  io.out(
    total > entries.length
      ? `${entries.length} trong ${total} mục (thu hẹp khoảng ngày để xem hết).`
      : `${total} mục.`,
  );
}
