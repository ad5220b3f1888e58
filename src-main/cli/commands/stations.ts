import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  StudioError,
  type Station,
  type StationImportResult,
  type StationList,
  type StationStreams,
} from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo } from '../cli-context';

const USAGE = [
  'studio stations add MÃ --name TÊN [--group NHÓM] [--unit MÃ_ĐƠN_VỊ] [--json]',
  'studio stations list [--json]',
  'studio stations import TỆP.csv [--json]',
  'studio stations export TỆP.csv [--force] [--json]',
].join('\n       ');

/**
 * `studio stations add|list|import|export`: the commune stations (cụm thu) the studio feeds live,
 * through the same `stations.*` calls as the System screen (`stations.write` to change them:
 * operator and admin). `add` prints the new station's token and stream URLs: whoever installs the
 * receiver types them in. `--json` prints ONE object (fields may be added, never renamed or
 * removed): for `add` `{ "station": { "code", "name", "unitCode", "unitName", "group", "reach",
 * "enabled", "createdAt", "updatedAt" }, "token", "streams": [ { "codec", "url" } ] }`; for `list`
 * `{ "stations": [station…], "streamBaseUrl", "streamBaseIsDefault" }`; for `import` `{ "added":
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
      const session = await openSession(values.data);
      try {
        const made = await session.call('stations.add', {
          code: target,
          name: values.name,
          ...(values.group === undefined ? {} : { group: values.group }),
          ...(values.unit === undefined ? {} : { unitCode: values.unit }),
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
  io.out(`Đã thêm cụm thu ${made.station.code} “${made.station.name}”.`);
  io.out(`Mã truy cập: ${made.token}`);
  for (const s of made.streams) io.out(`Luồng ${s.codec === 'mp3' ? 'MP3' : 'Opus'}: ${s.url}`);
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
