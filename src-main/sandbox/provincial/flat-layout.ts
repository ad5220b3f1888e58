/**
 * The sandbox's second layout (`studio provincial-sandbox --layout flat`): a vendor whose bulletin
 * is one flat record with Vietnamese field names, so the studio's flat adapter
 * (publish/flat-adapter.ts) is tested against a real server. Written from the vendor's side, not
 * from the adapter: the record is checked by its own schema and read back into the sandbox's
 * bulletin (the operator page, `/sandbox/bulletins` and the moves work as for the reference
 * protocol), and the record as received is kept and answered with the vendor's status words.
 *
 * Its routes replace the reference protocol's bulletin routes; the token endpoint and tus uploads
 * stay where they are. Errors are `{ "loi": { "ma", "thong_bao", "chi_tiet"? } }`.
 */
import { z } from 'zod';
import type { Bulletin, BulletinState, BulletinSubmission } from './bulletin';
import { API_BASE, ROUTES, type Route, type RouteName } from './routes';

export const SANDBOX_LAYOUTS = ['reference', 'flat'] as const;
export type SandboxLayout = (typeof SANDBOX_LAYOUTS)[number];

const FLAT_BULLETINS = `${API_BASE}/ban-tin`;

export const FLAT_ROUTES: readonly Route[] = [
  { method: 'POST', path: FLAT_BULLETINS, area: 'api', name: 'flatPublish' },
  { method: 'GET', path: `${FLAT_BULLETINS}/{bulletinId}`, area: 'api', name: 'flatBulletin' },
  { method: 'POST', path: `${FLAT_BULLETINS}/{bulletinId}/thu-hoi`, area: 'api', name: 'flatWithdraw' },
];

/** The reference protocol's bulletin routes, which the flat layout serves in its own way. */
const REPLACED = new Set<RouteName>(['publish', 'bulletin', 'withdraw']);

/** The routes a layout serves. */
export function routesOf(layout: SandboxLayout): readonly Route[] {
  return layout === 'reference' ? ROUTES : [...ROUTES.filter((r) => !REPLACED.has(r.name)), ...FLAT_ROUTES];
}

/** The vendor's words for a bulletin's states. */
const STATUS_WORDS: Record<BulletinState, string> = {
  received: 'MOI_NHAN',
  accepted: 'DA_TIEP_NHAN',
  rejected: 'TU_CHOI',
  scheduled: 'DA_XEP_LICH',
  aired: 'DA_PHAT',
  withdrawn: 'DA_THU_HOI',
};

const PRIORITY_OF_CODE = { 1: 'normal', 2: 'priority', 3: 'emergency' } as const;

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** The vendor's bulletin record, as a station sends it. */
export const flatRecordSchema = z.strictObject({
  tieu_de: z.string().trim().min(1).max(300),
  tom_tat: z.string().max(4000).default(''),
  linh_vuc: z.string().trim().min(1).max(100),
  muc_do_uu_tien: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  /** "vie:120;tyz:60": ISO 639-3 code and seconds, `;` between languages. */
  ngon_ngu: z.string().regex(/^[a-z]{3}:\d+(\.\d+)?(;[a-z]{3}:\d+(\.\d+)?)*$/),
  /** "01234,01237": administrative unit codes. */
  don_vi_nhan: z.string().regex(/^[0-9A-Za-z]{1,20}(,[0-9A-Za-z]{1,20})*$/),
  lich_phat: z
    .array(
      z.strictObject({
        ngay: z.iso.date(),
        gio_bat_dau: z.string().regex(TIME),
        gio_ket_thuc: z.string().regex(TIME),
      }),
    )
    .default([]),
  thoi_luong_giay: z.number().positive(),
  do_on_lufs: z.number(),
  dinh_thuc_dbtp: z.number(),
  ma_dai: z.string().trim().min(1).max(40),
  tac_gia: z.string().max(2000).default(''),
  nguoi_duyet: z.string().trim().min(1).max(200),
  thoi_diem_duyet: z.iso.datetime({ offset: true }),
  ma_tep: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  ma_bam_sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FlatRecord = z.infer<typeof flatRecordSchema>;

/** The vendor's local wall clock (Vietnam, UTC+7, no daylight saving). */
const OFFSET = '+07:00';

/** A window's start and end from its date and wall-clock times; an end before the start is the next day. */
function windowOf(w: FlatRecord['lich_phat'][number]): { start: string; end: string } {
  const seconds = (t: string) => (t.length === 5 ? `${t}:00` : t);
  const start = new Date(`${w.ngay}T${seconds(w.gio_bat_dau)}${OFFSET}`);
  let end = new Date(`${w.ngay}T${seconds(w.gio_ket_thuc)}${OFFSET}`);
  if (end < start) end = new Date(end.getTime() + 86_400_000);
  return { start: start.toISOString(), end: end.toISOString() };
}

/** The sandbox's bulletin from a flat record: what the operator page and the moves work on. */
export function submissionOfFlat(r: FlatRecord): BulletinSubmission {
  return {
    title: r.tieu_de,
    summary: r.tom_tat,
    subjectArea: r.linh_vuc,
    priority: PRIORITY_OF_CODE[r.muc_do_uu_tien],
    languages: r.ngon_ngu.split(';').map((part) => {
      const [code, seconds] = part.split(':') as [string, string];
      return { code, seconds: Number(seconds) };
    }),
    targetUnits: r.don_vi_nhan.split(','),
    broadcastWindows: r.lich_phat.map(windowOf),
    durationSeconds: r.thoi_luong_giay,
    loudness: { integratedLufs: r.do_on_lufs, truePeakDbtp: r.dinh_thuc_dbtp },
    station: { code: r.ma_dai },
    authors: r.tac_gia
      .split(';')
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => ({ name })),
    approval: { approver: r.nguoi_duyet, approvedAt: r.thoi_diem_duyet },
    audio: { uploadId: r.ma_tep, sha256: r.ma_bam_sha256 },
  };
}

/** A bulletin as the vendor answers it: the record it holds, its id, key and state in its words. */
export function flatView(b: Bulletin): Record<string, unknown> {
  return {
    ...b.layoutRecord,
    ma_ban_tin: b.id,
    khoa_yeu_cau: b.idempotencyKey,
    nhan_luc: b.receivedAt,
    trang_thai: STATUS_WORDS[b.status],
    ly_do: b.reason,
    lich_da_xep: b.scheduledAt,
    bao_cao_phat: b.airings.map((a) => ({ ma_don_vi: a.unitCode, luc: a.airedAt })),
    ma_bam_sha256: b.audio.sha256,
  };
}

/** The reference protocol's error body (`{ error: { code, message, details? } }`) in the vendor's words. */
export function flatError(body: unknown): unknown {
  const error = (body as { error?: { code: string; message: string; details?: unknown } } | null)?.error;
  if (!error) return body;
  return {
    loi: {
      ma: error.code,
      thong_bao: error.message,
      ...(error.details === undefined ? {} : { chi_tiet: error.details }),
    },
  };
}
