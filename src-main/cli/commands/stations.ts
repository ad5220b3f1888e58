import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  StudioError,
  type Station,
  type StationImportResult,
  type StationList,
  type StationReachInput,
  type StationStreams,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';
import { readSecret } from '../password-input';

const USAGE = [
  'studio stations add MÃ --name TÊN [--group NHÓM] [--unit MÃ_ĐƠN_VỊ] [--json]',
  '    [--icecast /MOUNT | --rtp MÁY:CỔNG | --srt MÁY:CỔNG --passphrase-stdin]',
  'studio stations list [--json]',
  'studio stations show MÃ [--json]',
  'studio stations disable|enable MÃ [--json]',
  'studio stations import TỆP.csv [--json]',
  'studio stations export TỆP.csv [--force] [--json]',
].join('\n       ');

/**
 * `studio stations add|list|show|disable|enable|import|export`: the commune stations (cụm thu) the
 * studio feeds live, through the same `stations.*` calls as the "Cụm thu" workspace
 * (`stations.write` to change them: operator and admin). `add` prints the new station's token and
 * stream URLs: whoever installs the receiver types them in; `show` prints them again (audited).
 * A station pulls unless `--icecast`, `--rtp` or `--srt` says otherwise; an SRT passphrase is read
 * from stdin (piped, or typed without echo), never from the command line. `--json` prints ONE object (fields may be added, never renamed or
 * removed): for `add` `{ "station": { "code", "name", "unitCode", "unitName", "group", "reach",
 * "enabled", "createdAt", "updatedAt" }, "token", "streams": [ { "codec", "url" } ] }`; for `list`
 * `{ "stations": [station…], "streamBaseUrl", "streamBaseIsDefault" }`; for `show` as for `add`;
 * for `disable`/`enable` the station; for `import` `{ "added":
 * [code…], "updated": [code…], "rows" }`; for `export` `{ "file", "rows", "sizeBytes" }`.
 * `import` reads a CSV file (columns `code,name,unit_code,unit_name,group,reach,mount,host,port,
 * srt_passphrase,enabled`, only `code` and `name` required) and saves every row or none, listing
 * every wrong row by number.
 */
export const stationsCommand: CliCommand = {
  name: 'stations',
  summary: 'Cụm thu phát thanh: thêm, xem, nhập và xuất CSV',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        name: { type: 'string' },
        group: { type: 'string' },
        unit: { type: 'string' },
        icecast: { type: 'string' },
        rtp: { type: 'string' },
        srt: { type: 'string' },
        'passphrase-stdin': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, target, ...extra] = positionals;
    const usage = (why = '') => new StudioError('INVALID_REQUEST', `${why}Cách dùng: ${USAGE}`);
    if (extra.length > 0) throw usage();

    if (action === 'add') {
      if (!target) throw usage('Thiếu mã cụm thu. ');
      if (values.name === undefined) throw usage('Thiếu --name. ');
      // Read before the studio opens: typing must not hold the data folder.
      const reach = await reachOf(values, usage);
      const session = await openSession(values.data);
      try {
        const made = await session.call('stations.add', {
          code: target,
          name: values.name,
          ...(values.group === undefined ? {} : { group: values.group }),
          ...(values.unit === undefined ? {} : { unitCode: values.unit }),
          ...(reach ? { reach } : {}),
        });
        printStreams(made, values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'list') {
      if (target) throw usage();
      const session = await openSession(values.data);
      try {
        printList(await session.call('stations.list', {}), values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'show') {
      if (!target) throw usage('Thiếu mã cụm thu. ');
      const session = await openSession(values.data);
      try {
        const streams = await session.call('stations.streams', { code: target });
        if (values.json) io.out(JSON.stringify(streams));
        else printUrls(streams, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'disable' || action === 'enable') {
      if (!target) throw usage('Thiếu mã cụm thu. ');
      const session = await openSession(values.data);
      try {
        const s = await session.call('stations.setEnabled', { code: target, enabled: action === 'enable' });
        if (values.json) io.out(JSON.stringify(s));
        else io.out(`${s.enabled ? 'Đã bật lại' : 'Đã tắt'} cụm thu ${s.code} “${s.name}”.`);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'import') {
      if (!target) throw usage('Thiếu tệp CSV. ');
      // Read before the studio opens: a wrong path must not hold the data folder.
      const csv = await readCsv(target);
      const session = await openSession(values.data);
      try {
        printImport(await session.call('stations.importCsv', { csv }), values.json, io);
      } finally {
        await session.close();
      }
      return 0;
    }
    if (action === 'export') {
      if (!target) throw usage('Thiếu tệp CSV. ');
      const session = await openSession(values.data);
      try {
        const written = await session.call('stations.exportCsv', {
          file: path.resolve(target),
          overwrite: values.force,
        });
        if (values.json) io.out(JSON.stringify(written));
        else io.out(`Đã xuất ${written.rows} cụm thu vào ${written.file}.`);
      } finally {
        await session.close();
      }
      return 0;
    }
    throw usage();
  },
};

/** `HOST:PORT` (an IPv6 address in brackets: `[fd00::5]:9000`). */
function target(
  text: string,
  flag: string,
  usage: (why?: string) => StudioError,
): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!m) throw usage(`--${flag} cần dạng MÁY:CỔNG, ví dụ 10.0.0.5:9000. `);
  return { host: m[1] as string, port: Number(m[2]) };
}

async function reachOf(
  values: { icecast?: string; rtp?: string; srt?: string; 'passphrase-stdin': boolean },
  usage: (why?: string) => StudioError,
): Promise<StationReachInput | null> {
  const given = [values.icecast, values.rtp, values.srt].filter((v) => v !== undefined);
  if (given.length > 1) throw usage('Chỉ chọn một trong --icecast, --rtp, --srt. ');
  if (values['passphrase-stdin'] && values.srt === undefined)
    throw usage('--passphrase-stdin đi cùng --srt. ');
  if (values.icecast !== undefined) return { kind: 'icecast', mount: values.icecast };
  if (values.rtp !== undefined) return { kind: 'push', protocol: 'rtp', ...target(values.rtp, 'rtp', usage) };
  if (values.srt === undefined) return null;
  const at = target(values.srt, 'srt', usage);
  if (!values['passphrase-stdin']) throw usage('Cụm thu SRT cần mật khẩu: thêm --passphrase-stdin. ');
  const passphrase = await readSecret('Mật khẩu SRT (10–79 ký tự): ');
  return { kind: 'push', protocol: 'srt', ...at, passphrase };
}

async function readCsv(file: string): Promise<string> {
  try {
    return await readFile(path.resolve(file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StudioError(
      code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID_REQUEST',
      code === 'ENOENT' ? `Không có tệp ${file}.` : `Không đọc được tệp ${file}.`,
      undefined,
      (err as Error).message,
    );
  }
}

function reachWords(s: Station): string {
  const r = s.reach;
  if (r.kind === 'pull') return 'tự kéo luồng';
  if (r.kind === 'icecast') return `Icecast ${r.mount}`;
  return `${r.protocol.toUpperCase()} tới ${r.host}:${r.port}`;
}

function printStreams(made: StationStreams, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(made));
  io.out(`Đã thêm cụm thu ${made.station.code} “${made.station.name}” (${reachWords(made.station)}).`);
  printUrls(made, io);
}

function printUrls(streams: StationStreams, io: CliIo): void {
  io.out(`Mã truy cập: ${streams.token}`);
  for (const s of streams.streams) io.out(`Luồng ${s.codec === 'mp3' ? 'MP3' : 'Opus'}: ${s.url}`);
}

function printList(list: StationList, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(list));
  if (list.stations.length === 0) io.out('Chưa có cụm thu nào.');
  for (const s of list.stations) {
    const where = [s.unitName ?? s.unitCode, s.group ? `nhóm ${s.group}` : null].filter(Boolean).join(', ');
    io.out(
      `${s.code}  “${s.name}”${where ? `  ${where}` : ''}  ${reachWords(s)}${s.enabled ? '' : '  (đã tắt)'}`,
    );
  }
  io.out(
    `Máy phát luồng: ${list.streamBaseUrl}${list.streamBaseIsDefault ? ' (mặc định: hãy đặt địa chỉ các cụm thu truy cập được)' : ''}`,
  );
}

function printImport(r: StationImportResult, json: boolean, io: CliIo): void {
  if (json) return io.out(JSON.stringify(r));
  io.out(`Đã nhập ${r.rows} cụm thu: ${r.added.length} cụm mới, ${r.updated.length} cụm được cập nhật.`);
}
