/**
 * The registry as a CSV file (RFC 4180, UTF-8 with BOM): written for a spreadsheet, read back from
 * one. Columns are named by `STATION_CSV_COLUMNS` in the header row, in any order; only `code` and
 * `name` must be there. Every row is checked with the contract's own schemas and every problem is
 * reported with its row number, in Vietnamese, before anything is saved.
 */
import { z } from 'zod';
import {
  STATION_CSV_COLUMNS,
  StudioError,
  stationAddSchema,
  stationUpdateSchema,
  type Station,
  type StationCsvColumn,
  type StationReachInput,
} from '../../contract';
import { CSV_BOM, CsvSyntaxError, csvRow, parseCsv } from '../../platform/csv';

/** One row of an import, checked: a field left out (no column) keeps the stored value. */
export interface StationCsvRow {
  row: number;
  code: string;
  name: string;
  unitCode?: string | null;
  unitName?: string | null;
  group?: string | null;
  /** Left out when the file has no `reach` column or the cell is blank. */
  reach?: StationReachInput;
  enabled?: boolean;
}

/** Rows at most in one file: far more than a province has communes. */
export const MAX_CSV_ROWS = 10_000;
/** Problems listed in the message before "và N lỗi khác". */
const LISTED_PROBLEMS = 20;

const rowSchema = stationUpdateSchema.extend({
  name: stationAddSchema.shape.name,
  enabled: z.boolean().optional(),
});

/** Where in the row a schema's problem is: the column people see. */
const COLUMN_OF: Record<string, StationCsvColumn> = {
  code: 'code',
  name: 'name',
  unitCode: 'unit_code',
  unitName: 'unit_name',
  group: 'group',
  mount: 'mount',
  host: 'host',
  port: 'port',
  passphrase: 'srt_passphrase',
  enabled: 'enabled',
};

const YES = new Set(['1', 'true', 'yes', 'y', 'có', 'co', 'x']);
const NO = new Set(['0', 'false', 'no', 'n', 'không', 'khong']);

export function stationsToCsv(stations: readonly Station[]): string {
  const rows = stations.map((s) => {
    const r = s.reach;
    return csvRow([
      s.code,
      s.name,
      s.unitCode,
      s.unitName,
      s.group,
      r.kind === 'push' ? r.protocol : r.kind,
      r.kind === 'icecast' ? r.mount : null,
      r.kind === 'push' ? r.host : null,
      r.kind === 'push' ? r.port : null,
      // Never exported: a secret in a spreadsheet travels by e-mail.
      null,
      s.enabled ? 1 : 0,
    ]);
  });
  return CSV_BOM + csvRow(STATION_CSV_COLUMNS) + rows.join('');
}

/**
 * A file's rows, every one checked; throws INVALID_REQUEST listing every problem by row.
 * `hasSrtPassphrase(code)`: whether a stored station already has one (an SRT row may then leave
 * the passphrase blank).
 */
export function readStationCsv(
  text: string,
  hasSrtPassphrase: (code: string) => boolean = () => false,
): StationCsvRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    throw invalid([
      {
        row: err.row,
        message:
          err.message === 'a quoted field is not closed'
            ? 'có dấu ngoặc kép (") mở mà không đóng.'
            : 'có chữ ngay sau dấu ngoặc kép đóng (") trong một ô.',
      },
    ]);
  }
  const [header, ...body] = records;
  if (!header) throw invalid([{ row: 1, message: 'tệp trống: cần một dòng tiêu đề có cột code và name.' }]);
  const columns = headerColumns(header.fields, header.row);
  if (body.length > MAX_CSV_ROWS)
    throw invalid([{ row: body[MAX_CSV_ROWS]!.row, message: `tệp có quá ${MAX_CSV_ROWS} cụm thu.` }]);

  const problems: Problem[] = [];
  const rows: StationCsvRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const record of body) {
    const cell = (column: StationCsvColumn): string | undefined => {
      const index = columns.get(column);
      return index === undefined ? undefined : (record.fields[index] ?? '').trim();
    };
    if (record.fields.length > columns.size) {
      problems.push({
        row: record.row,
        message: `có ${record.fields.length} ô, nhiều hơn ${columns.size} cột của tiêu đề.`,
      });
      continue;
    }
    const read = readRow(record.row, cell);
    if ('problems' in read) {
      problems.push(...read.problems);
      continue;
    }
    const seen = firstRowOf.get(read.code);
    if (seen !== undefined) {
      problems.push({ row: record.row, message: `mã cụm thu ${read.code} đã có ở dòng ${seen}.` });
      continue;
    }
    if (
      read.reach?.kind === 'push' &&
      read.reach.protocol === 'srt' &&
      read.reach.passphrase === undefined &&
      !hasSrtPassphrase(read.code)
    ) {
      problems.push({
        row: record.row,
        message: 'cụm thu nhận qua SRT cần mật khẩu SRT (cột srt_passphrase).',
      });
      continue;
    }
    firstRowOf.set(read.code, record.row);
    rows.push(read);
  }
  if (problems.length > 0) throw invalid(problems);
  return rows;
}

interface Problem {
  row: number;
  message: string;
}

function headerColumns(fields: string[], row: number): Map<StationCsvColumn, number> {
  const columns = new Map<StationCsvColumn, number>();
  const problems: Problem[] = [];
  fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === '') return;
    if (!(STATION_CSV_COLUMNS as readonly string[]).includes(name))
      problems.push({
        row,
        message: `cột “${raw.trim()}” không có trong mẫu (${STATION_CSV_COLUMNS.join(', ')}).`,
      });
    else if (columns.has(name as StationCsvColumn))
      problems.push({ row, message: `cột “${name}” có hai lần.` });
    else columns.set(name as StationCsvColumn, index);
  });
  for (const needed of ['code', 'name'] as const)
    if (!columns.has(needed)) problems.push({ row, message: `thiếu cột “${needed}” trong dòng tiêu đề.` });
  if (problems.length > 0) throw invalid(problems);
  return columns;
}

function readRow(
  row: number,
  cell: (column: StationCsvColumn) => string | undefined,
): StationCsvRow | { problems: Problem[] } {
  const problems: Problem[] = [];
  const reachText = cell('reach')?.toLowerCase();
  let reach: unknown;
  if (reachText === 'pull') reach = { kind: 'pull' };
  else if (reachText === 'icecast') reach = { kind: 'icecast', mount: cell('mount') || undefined };
  else if (reachText === 'rtp' || reachText === 'srt') {
    const port = cell('port');
    const passphrase = cell('srt_passphrase');
    reach = {
      kind: 'push',
      protocol: reachText,
      host: cell('host') || undefined,
      // A port that is not a number stays text, so the schema says what is wrong with it.
      port: port ? (/^\d+$/.test(port) ? Number(port) : port) : undefined,
      ...(reachText === 'srt' && passphrase ? { passphrase } : {}),
    };
  } else if (reachText)
    problems.push({
      row,
      message: `cột reach là pull, icecast, rtp hoặc srt, không phải “${cell('reach')}”.`,
    });

  const enabledText = cell('enabled')?.toLowerCase();
  let enabled: boolean | undefined;
  if (enabledText && YES.has(enabledText)) enabled = true;
  else if (enabledText && NO.has(enabledText)) enabled = false;
  else if (enabledText)
    problems.push({ row, message: `cột enabled là 1 (dùng) hoặc 0 (tắt), không phải “${cell('enabled')}”.` });

  const optional = (column: StationCsvColumn) => cell(column);
  const candidate = {
    code: cell('code') ?? '',
    name: cell('name') ?? '',
    ...(optional('unit_code') === undefined ? {} : { unitCode: optional('unit_code') }),
    ...(optional('unit_name') === undefined ? {} : { unitName: optional('unit_name') }),
    ...(optional('group') === undefined ? {} : { group: optional('group') }),
    ...(reach === undefined ? {} : { reach }),
    ...(enabled === undefined ? {} : { enabled }),
  };
  const parsed = rowSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = [...issue.path].reverse().find((p) => typeof p === 'string' && p in COLUMN_OF) as
        string | undefined;
      const column = key ? COLUMN_OF[key] : undefined;
      problems.push({ row, message: column ? `cột ${column}: ${issue.message}` : issue.message });
    }
  }
  if (problems.length > 0 || !parsed.success) return { problems };
  const { name, code, ...rest } = parsed.data;
  return { row, code, name: name, ...rest };
}

function invalid(problems: Problem[]): StudioError {
  const listed = problems
    .slice(0, LISTED_PROBLEMS)
    .map((p) => `Dòng ${p.row}: ${p.message}`)
    .join('\n');
  const more = problems.length > LISTED_PROBLEMS ? `\nvà ${problems.length - LISTED_PROBLEMS} lỗi khác.` : '';
  return new StudioError('INVALID_REQUEST', `Tệp CSV có lỗi, chưa cụm thu nào được nhập:\n${listed}${more}`, {
    problems,
  });
}
