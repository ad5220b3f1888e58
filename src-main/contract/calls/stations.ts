import { z } from 'zod';
import type {
  StationCsvExport,
  StationImportResult,
  StationList,
  Station,
  StationStreams,
} from '../station-models';
import { call, emptyRequest } from './define';

/** A station's code: what receivers have in their URL; stored in capitals so `xa-01` and `XA-01` are one. */
export const stationCodeSchema = z
  .string({ error: 'Cần mã cụm thu.' })
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
    'Mã cụm thu gồm 1–40 chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.',
  )
  .transform((code) => code.toUpperCase());

const stationNameSchema = z
  .string({ error: 'Tên cụm thu không được để trống.' })
  .trim()
  .min(1, 'Tên cụm thu không được để trống.')
  .max(120, 'Tên cụm thu dài quá 120 ký tự.');

/** Optional text: blank means none. */
function optionalText(max: number, tooLong: string) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .nullable()
    .transform((text) => (text ? text : null));
}

/** An administrative unit's code (mã đơn vị hành chính, e.g. `00127`): kept as text, leading zeros and all. */
const unitCodeSchema = z
  .string()
  .trim()
  .regex(/^$|^[A-Za-z0-9._-]{1,20}$/, 'Mã đơn vị hành chính gồm tối đa 20 chữ không dấu hoặc số.')
  .nullable()
  .transform((text) => (text ? text : null));

const hostSchema = z
  .string({ error: 'Cần địa chỉ máy nhận (tên máy hoặc địa chỉ IP).' })
  .trim()
  .regex(
    /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})$|^[0-9A-Fa-f:]{2,39}$/,
    'Địa chỉ máy nhận là tên máy hoặc địa chỉ IP (không có http://, không có cổng).',
  );
const portSchema = z
  .number({ error: 'Cổng là một số từ 1 đến 65535.' })
  .int('Cổng là một số từ 1 đến 65535.')
  .min(1, 'Cổng là một số từ 1 đến 65535.')
  .max(65_535, 'Cổng là một số từ 1 đến 65535.');

/** SRT's own limits for a passphrase (libsrt refuses others). */
export const srtPassphraseSchema = z
  .string({ error: 'Mật khẩu SRT dài từ 10 đến 79 ký tự.' })
  .min(10, 'Mật khẩu SRT dài từ 10 đến 79 ký tự.')
  .max(79, 'Mật khẩu SRT dài từ 10 đến 79 ký tự.');

const mountSchema = z
  .string({ error: 'Cần tên điểm phát Icecast (ví dụ /xa-a.mp3).' })
  .trim()
  .regex(
    /^\/[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/,
    'Tên điểm phát Icecast bắt đầu bằng “/” rồi chữ không dấu, số, dấu chấm, gạch ngang (ví dụ /xa-a.mp3).',
  )
  .refine((mount) => !mount.split('/').includes('..'), 'Tên điểm phát Icecast không được chứa “..”.');

/**
 * How a station is reached, as a window or the CLI sends it. The SRT passphrase may be left out
 * on a change: the stored one is kept (a new SRT station must be given one).
 */
export const stationReachInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pull') }).strict(),
  z.object({ kind: z.literal('icecast'), mount: mountSchema }).strict(),
  z.discriminatedUnion('protocol', [
    z
      .object({ kind: z.literal('push'), protocol: z.literal('rtp'), host: hostSchema, port: portSchema })
      .strict(),
    z
      .object({
        kind: z.literal('push'),
        protocol: z.literal('srt'),
        host: hostSchema,
        port: portSchema,
        passphrase: srtPassphraseSchema.optional(),
      })
      .strict(),
  ]),
]);
export type StationReachInput = z.output<typeof stationReachInputSchema>;

const stationFields = {
  name: stationNameSchema,
  unitCode: unitCodeSchema,
  unitName: optionalText(120, 'Tên đơn vị hành chính dài quá 120 ký tự.'),
  group: optionalText(60, 'Tên nhóm dài quá 60 ký tự.'),
  reach: stationReachInputSchema,
};

/** A new station: pulled from the studio unless said otherwise; a token is made for it. */
export const stationAddSchema = z
  .object({
    code: stationCodeSchema,
    name: stationFields.name,
    unitCode: stationFields.unitCode.default(null),
    unitName: stationFields.unitName.default(null),
    group: stationFields.group.default(null),
    reach: stationFields.reach.default({ kind: 'pull' }),
  })
  .strict();
export type StationAdd = z.output<typeof stationAddSchema>;

/** A change: the fields given replace the stored ones (the code never changes). */
export const stationUpdateSchema = z
  .object({
    code: stationCodeSchema,
    name: stationFields.name.optional(),
    unitCode: stationFields.unitCode.optional(),
    unitName: stationFields.unitName.optional(),
    group: stationFields.group.optional(),
    reach: stationFields.reach.optional(),
  })
  .strict();
export type StationUpdate = z.output<typeof stationUpdateSchema>;

/** The stream server's base URL given to receivers: http(s), no user or password, no path query or fragment. */
export const streamBaseUrlSchema = z
  .string()
  .trim()
  .max(512)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  }, 'Địa chỉ máy phát luồng là một URL http:// hoặc https:// (ví dụ http://203.0.113.5:8000).')
  .transform((text) => text.replace(/\/+$/, ''));

/** A CSV file's text, as read by the window or the CLI (at most 2 MB: thousands of stations). */
export const stationImportSchema = z
  .object({ csv: z.string().max(2 * 1024 * 1024, 'Tệp CSV lớn quá 2 MB.') })
  .strict();

export const stationExportSchema = z
  .object({
    /** Absolute path of the `.csv` to write (where the caller may write: a chosen folder for a window). */
    file: z.string().trim().min(1).max(4096),
    /** Write over a file that is there (the save-as window asked). */
    overwrite: z.boolean().default(false),
  })
  .strict();

const byCode = z.object({ code: stationCodeSchema }).strict();

export const stationCalls = {
  /** The registry, disabled stations too, and where receivers pull from. No secrets. */
  'stations.list': call<StationList>()({ request: emptyRequest, permission: 'stations.read' }),
  /** A new station, with its token and stream URLs (the only time they come unasked). */
  'stations.add': call<StationStreams>()({ request: stationAddSchema, permission: 'stations.write' }),
  'stations.update': call<Station>()({ request: stationUpdateSchema, permission: 'stations.write' }),
  /** Takes a station out of service (its token refused) or back: never deleted, its history stays. */
  'stations.setEnabled': call<Station>()({
    request: z.object({ code: stationCodeSchema, enabled: z.boolean() }).strict(),
    permission: 'stations.write',
  }),
  /** "Xem địa chỉ luồng": the station's token and URLs, for whoever installs its receiver (audited). */
  'stations.streams': call<StationStreams>()({ request: byCode, permission: 'stations.write' }),
  /** A new token (the old one leaked, or a receiver was stolen): the old one is refused from now on. */
  'stations.rotateToken': call<StationStreams>()({ request: byCode, permission: 'stations.write' }),
  /** Where receivers pull from; null goes back to the default (this PC's address, port 8000). */
  'stations.configure': call<StationList>()({
    request: z.object({ streamBaseUrl: streamBaseUrlSchema.nullable() }).strict(),
    permission: 'stations.write',
  }),
  /** Adds or changes stations by code from a CSV file: every row is checked, all are saved or none. */
  'stations.importCsv': call<StationImportResult>()({
    request: stationImportSchema,
    permission: 'stations.write',
  }),
  /** The registry as CSV (UTF-8 with BOM, RFC 4180), without tokens or passphrases. */
  'stations.exportCsv': call<StationCsvExport>()({
    request: stationExportSchema,
    permission: 'stations.read',
  }),
} as const;
