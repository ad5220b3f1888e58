import { parseArgs } from 'node:util';
import { ARCHIVE_KINDS, StudioError, type ArchiveHit, type ArchiveKind } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE =
  'studio search TỪ_KHOÁ [--language MÃ] [--from NGÀY] [--to NGÀY] [--kind LOẠI] [--reporter TÊN] [--json]';

/** At most this many hits, best first. */
const LIMIT = 100;

const KIND_NAMES: Record<ArchiveKind, string> = {
  programme: 'chương trình',
  segment: 'đoạn',
  asset: 'tệp thư viện',
  'as-aired': 'bản ghi phát sóng',
};

/**
 * `studio search QUERY [--language CODE] [--from DATE] [--to DATE] [--kind K] [--reporter NAME]
 * [--json]`: the archive's search (`archive.search`, permission `archive.read`), best first. QUERY
 * is the words as typed, diacritics optional ("doi song" finds "Đời sống"); several words may be
 * given unquoted. DATE is `YYYY-MM-DD` (inclusive, on the record's date: first aired, else made).
 * K is programme, segment, asset or as-aired. `--language`, `--kind` and `--reporter` may be given
 * more than once. `--json` prints an array of hits, best first, each with at least `id`, `kind`,
 * `title`, `date`, `language`, `score`, `startSec`, `endSec` (fields may be added, never renamed).
 */
export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'Tìm trong kho lưu trữ: chương trình, đoạn, tệp thư viện (gõ không dấu cũng được)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        language: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        kind: { type: 'string', multiple: true },
        reporter: { type: 'string', multiple: true },
      },
      allowPositionals: true,
      strict: true,
    });
    const text = positionals.join(' ').trim();
    if (text === '' && !values.language && !values.from && !values.to && !values.kind && !values.reporter) {
      throw new StudioError('INVALID_REQUEST', `Hãy cho biết cần tìm gì. Cách dùng: ${USAGE}`);
    }
    for (const k of values.kind ?? []) {
      if (!(ARCHIVE_KINDS as readonly string[]).includes(k)) {
        throw new StudioError(
          'INVALID_REQUEST',
          `Loại "${k}" không có. Chọn một trong: ${ARCHIVE_KINDS.join(', ')}. Cách dùng: ${USAGE}`,
        );
      }
    }
    const session = await openSession(values.data);
    try {
      const result = await session.call('archive.search', {
        text,
        ...(values.language ? { language: values.language } : {}),
        ...(values.from === undefined ? {} : { from: values.from }),
        ...(values.to === undefined ? {} : { to: values.to }),
        ...(values.kind ? { kind: values.kind as ArchiveKind[] } : {}),
        ...(values.reporter ? { reporter: values.reporter } : {}),
        limit: LIMIT,
      });
      if (values.json) io.out(JSON.stringify(result.hits));
      else printHits(result.hits, result.total, io);
      return 0;
    } finally {
      await session.close();
    }
  },
};

/** `75` → `1:15`; `3725.5` → `1:02:05`. */
function clock(sec: number): string {
  const s = Math.floor(sec);
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

function printHits(hits: ArchiveHit[], total: number, io: CliIo): void {
  if (hits.length === 0) {
    io.out('Không tìm thấy tư liệu nào.');
    return;
  }
  const rows = hits.map((h) => [
    h.date,
    KIND_NAMES[h.kind],
    h.language ?? '—',
    `${clock(h.startSec)}–${clock(h.endSec)}`,
    h.title,
  ]);
  const head = ['Ngày', 'Loại', 'Ngôn ngữ', 'Đoạn', 'Tiêu đề'];
  const widths = head.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  io.out(line(head));
  for (const r of rows) io.out(line(r));
  io.out(
    total > hits.length
      ? `${hits.length} trong ${total} kết quả (thêm từ khoá để thu hẹp).`
      : `${total} kết quả.`,
  );
}
