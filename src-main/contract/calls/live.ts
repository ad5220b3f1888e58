import { z } from 'zod';
import type { LiveSettings, LiveSource, LiveState } from '../live-models';
import { STREAM_CODECS } from '../station-models';
import { call, emptyRequest } from './define';
import { stationCodeSchema } from './stations';

/** Which stations hear the air: every enabled one, one group, or chosen codes. */
export const liveTargetSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('all') }).strict(),
    z
      .object({
        kind: z.literal('group'),
        group: z
          .string({ error: 'Cần tên nhóm cụm thu.' })
          .trim()
          .min(1, 'Cần tên nhóm cụm thu.')
          .max(60, 'Tên nhóm dài quá 60 ký tự.'),
      })
      .strict(),
    z
      .object({
        kind: z.literal('stations'),
        codes: z
          .array(stationCodeSchema, { error: 'Hãy chọn ít nhất một cụm thu.' })
          .min(1, 'Hãy chọn ít nhất một cụm thu.')
          .max(10_000, 'Chọn nhiều nhất 10.000 cụm thu.'),
      })
      .strict(),
  ],
  { error: 'Đích phát là “tất cả”, một nhóm hoặc danh sách mã cụm thu.' },
);

const SPEC_FORMS =
  'pcm:-, file:ĐƯỜNG_DẪN, programme:MÃ (chương trình đã duyệt), url:http(s)|icecast|srt|rtp://… hoặc mic[:THIẾT_BỊ]';

/**
 * A source as the CLI names it (`live/bus/source-spec.ts` parses the same forms): `pcm:-`,
 * `file:PATH`, `url:URL`, `mic[:DEVICE]`, and `programme:ID` (a programme's approved master: the
 * live service checks its approval and hash before it plays).
 */
export const liveSourceSpecSchema = z
  .string({ error: `Nguồn phát là ${SPEC_FORMS}.` })
  .trim()
  .max(4096, 'Nguồn phát dài quá 4096 ký tự.')
  .refine(
    (spec) =>
      spec === 'pcm:-' ||
      /^file:.+/.test(spec) ||
      /^programme:[0-9a-f]{32}$/.test(spec) ||
      /^url:(https?|icecast|srt|rtp):\/\/.+/i.test(spec) ||
      spec === 'mic' ||
      /^mic:.+/.test(spec),
    `Nguồn phát là ${SPEC_FORMS}.`,
  );

const levelDbSchema = z
  .number({ error: 'Mức âm lượng là một số dB từ −120 đến +12.' })
  .min(-120, 'Mức âm lượng là một số dB từ −120 đến +12.')
  .max(12, 'Mức âm lượng là một số dB từ −120 đến +12.');

const labelSchema = z
  .string({ error: 'Tên nguồn là một dòng chữ.' })
  .trim()
  .max(200, 'Tên nguồn dài quá 200 ký tự.');

/** A library asset (its 64-hex id): the studio finds its file; a window never names a path of its own. */
const assetIdSchema = z
  .string({ error: 'Mã tệp trong thư viện không hợp lệ.' })
  .regex(/^[0-9a-f]{64}$/, 'Mã tệp trong thư viện không hợp lệ.');

/** Where a source's audio comes from: a SPEC, or an asset of the library. Exactly one. */
const sourceOrigin = {
  spec: liveSourceSpecSchema.optional(),
  assetId: assetIdSchema.optional(),
};
const oneOrigin = (s: { spec?: string | undefined; assetId?: string | undefined }) =>
  (s.spec === undefined) !== (s.assetId === undefined);
const ONE_ORIGIN = 'Hãy cho một nguồn: spec (pcm:-, file:, url:, mic) hoặc một tệp trong thư viện (assetId).';

/** Classes an operator adds; `emergency` comes only with `live.emergency.start`. */
export const liveSourcePrioritySchema = z.enum(['relay', 'playout', 'mic'], {
  error: 'Loại nguồn là relay (tiếp sóng), playout (phát chương trình) hoặc mic (micrô).',
});

export const liveSourceAddSchema = z
  .object({
    ...sourceOrigin,
    priority: liveSourcePrioritySchema,
    levelDb: levelDbSchema.default(0),
    label: labelSchema.optional(),
    /** Starts playing at once (default), or waits for `live.source.play`. */
    playing: z.boolean({ error: 'playing là đúng hoặc sai.' }).default(true),
  })
  .strict()
  .refine(oneOrigin, ONE_ORIGIN);
export type LiveSourceAdd = z.output<typeof liveSourceAddSchema>;

export const liveStartSchema = z
  .object({
    target: liveTargetSchema,
    sources: z.array(liveSourceAddSchema).max(16, 'Nhiều nhất 16 nguồn.').default([]),
  })
  .strict();
export type LiveStart = z.output<typeof liveStartSchema>;

const sourceIdSchema = z
  .string({ error: 'Cần mã nguồn.' })
  .trim()
  .min(1, 'Cần mã nguồn.')
  .max(100, 'Mã nguồn dài quá 100 ký tự.');
const bySource = z.object({ id: sourceIdSchema }).strict();

export const liveEmergencyStartSchema = z
  .object({
    target: liveTargetSchema,
    ...sourceOrigin,
    label: labelSchema.optional(),
    levelDb: levelDbSchema.default(0),
  })
  .strict()
  .refine(oneOrigin, ONE_ORIGIN);
export type LiveEmergencyStart = z.output<typeof liveEmergencyStartSchema>;

/** An Icecast master's address: `http://host:port` and optionally its mount (`/tinh.mp3`); no password in it. */
export const icecastUrlSchema = z
  .string({ error: 'Địa chỉ Icecast là một URL http:// (ví dụ http://203.0.113.5:8000/tinh.mp3).' })
  .trim()
  .max(512, 'Địa chỉ Icecast dài quá 512 ký tự.')
  .refine((text) => {
    try {
      const url = new URL(text);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'icecast:') &&
        url.username === '' &&
        url.password === '' &&
        url.search === '' &&
        url.hash === ''
      );
    } catch {
      return false;
    }
  }, 'Địa chỉ Icecast là một URL http:// không có tên, mật khẩu hay tham số (ví dụ http://203.0.113.5:8000/tinh.mp3).');

const portSchema = z
  .number({ error: 'Cổng là một số từ 1 đến 65535.' })
  .int('Cổng là một số từ 1 đến 65535.')
  .min(1, 'Cổng là một số từ 1 đến 65535.')
  .max(65_535, 'Cổng là một số từ 1 đến 65535.');

export const liveConfigureSchema = z
  .object({
    port: portSchema.optional(),
    /** Roles allowed to start and end an emergency (the admin always may). */
    emergencyRoles: z
      .array(
        z.enum(['reporter', 'editor', 'announcer', 'chiefEditor', 'operator', 'archivist', 'admin'], {
          error: 'Vai trò không có trong studio.',
        }),
        { error: 'Cần danh sách vai trò.' },
      )
      .max(7)
      .optional(),
    /**
     * The Icecast master (null: none). `password` left out keeps the stored one; a new master
     * must be given one. Sealed before it is written, never shown again.
     */
    icecast: z
      .object({
        url: icecastUrlSchema,
        password: z
          .string({ error: 'Mật khẩu nguồn Icecast là một dòng chữ.' })
          .min(1, 'Cần mật khẩu nguồn Icecast.')
          .max(256, 'Mật khẩu nguồn Icecast dài quá 256 ký tự.')
          .optional(),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();
export type LiveConfigure = z.output<typeof liveConfigureSchema>;

/** A short-lived URL of the programme on the studio's own stream server, for the operator's ear. */
export interface LivePrelisten {
  url: string;
  codec: (typeof STREAM_CODECS)[number];
  expiresAt: string;
}

export const liveCalls = {
  /** What is on air, to which stations, by which outputs. */
  'live.state': call<LiveState>()({ request: emptyRequest, permission: 'live.read' }),
  /** Goes live to a target with the sources given (more may be added after); audited. */
  'live.start': call<LiveState>()({ request: liveStartSchema, permission: 'live.operate' }),
  /** Everything off the air: sources, outputs, an emergency; audited. */
  'live.stop': call<LiveState>()({ request: emptyRequest, permission: 'live.operate' }),
  'live.source.add': call<LiveSource>()({ request: liveSourceAddSchema, permission: 'live.operate' }),
  'live.source.level': call<LiveSource>()({
    request: z.object({ id: sourceIdSchema, levelDb: levelDbSchema }).strict(),
    permission: 'live.operate',
  }),
  'live.source.play': call<LiveSource>()({ request: bySource, permission: 'live.operate' }),
  'live.source.pause': call<LiveSource>()({ request: bySource, permission: 'live.operate' }),
  'live.source.remove': call<LiveState>()({ request: bySource, permission: 'live.operate' }),
  /**
   * An emergency (khẩn cấp) takes the air on the stations it targets within a second, whatever
   * plays there; the roles allowed are the station's (`live.configure`). Audited.
   */
  'live.emergency.start': call<LiveState>()({
    request: liveEmergencyStartSchema,
    permission: 'live.emergency',
  }),
  'live.emergency.end': call<LiveState>()({ request: emptyRequest, permission: 'live.emergency' }),
  /** The programme as receivers hear it, from the studio's own server, for a minute or so. */
  'live.prelisten': call<LivePrelisten>()({
    request: z
      .object({
        codec: z.enum(STREAM_CODECS, { error: 'Định dạng nghe thử là mp3 hoặc opus.' }).default('mp3'),
      })
      .strict(),
    permission: 'live.read',
  }),
  'live.settings': call<LiveSettings>()({ request: emptyRequest, permission: 'live.read' }),
  'live.configure': call<LiveSettings>()({ request: liveConfigureSchema, permission: 'settings.write' }),
} as const;
