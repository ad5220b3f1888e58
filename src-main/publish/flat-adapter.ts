/**
 * The second adapter: a vendor whose bulletin is one flat record with Vietnamese field names, a
 * shape no rename can give (publish/field-mapping.ts renames and recodes; this re-forms):
 *
 *   priority             → `muc_do_uu_tien` 1 (thông thường), 2 (ưu tiên), 3 (khẩn cấp)
 *   languages            → `ngon_ngu` "vie:120;tyz:60" (ISO 639-3 code : seconds)
 *   targetUnits          → `don_vi_nhan` "01234,01237"
 *   broadcastWindows     → `lich_phat` [{ ngay, gio_bat_dau, gio_ket_thuc }], the station's wall clock
 *   station, approval, loudness, authors, audio → flat fields of their own
 *   the vendor's status words (MOI_NHAN, DA_TIEP_NHAN, …) → BulletinStatus
 *
 * Bulletins go to `POST /api/v1/ban-tin` with the `Idempotency-Key` header, are read at
 * `GET /api/v1/ban-tin/{id}` and withdrawn at `POST /api/v1/ban-tin/{id}/thu-hoi`; errors are `{ "loi": { "ma", "thong_bao" } }`. The audio goes by tus
 * 1.0 at the same place as in the reference protocol, so that part is the reference adapter's.
 * The sandbox speaks this layout with `--layout flat` (sandbox/provincial/flat-layout.ts).
 */
import { z } from 'zod';
import { fixedToken, type AccessTokens } from './access-token';
import {
  PublishError,
  type BulletinStatus,
  type BulletinSubmission,
  type ProvincialAdapter,
  type PublishedBulletin,
  type UploadPosition,
  type UploadSource,
} from './adapter';
import type { CheckProbe } from './connection-check';
import { mappedSubjectArea, type FieldMapping } from './field-mapping';
import { gone, malformed, provinceRequest, unsuccessful, type ProvinceProblem } from './province-request';
import { ReferenceAdapter, type ReferenceAdapterOptions } from './reference-adapter';

const BULLETINS = 'api/v1/ban-tin';
const TIMEOUT_MS = 60_000;
/** The station's wall clock: the vendor's dates and times are local. */
const STATION_OFFSET_MS = 7 * 3600_000;

const PRIORITY_CODES = { normal: 1, priority: 2, emergency: 3 } as const;

/** The vendor's status words. */
const STATUS_OF = {
  MOI_NHAN: 'received',
  DA_TIEP_NHAN: 'accepted',
  TU_CHOI: 'rejected',
  DA_XEP_LICH: 'scheduled',
  DA_PHAT: 'aired',
  DA_THU_HOI: 'withdrawn',
} as const satisfies Record<string, BulletinStatus>;

const recordSchema = z.object({
  ma_ban_tin: z.string().regex(/^[A-Za-z0-9_-]+$/),
  khoa_yeu_cau: z.string(),
  trang_thai: z.enum(Object.keys(STATUS_OF) as [keyof typeof STATUS_OF]),
  ly_do: z.string().nullable(),
  ma_bam_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the province scheduled it (ISO), once it has. */
  lich_da_xep: z.string().nullable(),
  /** The communes' airing reports. */
  bao_cao_phat: z.array(z.object({ ma_don_vi: z.string(), luc: z.string() })),
});

const errorSchema = z.object({ loi: z.object({ ma: z.string(), thong_bao: z.string() }) });

/** Codes of a publish that a later attempt can get past. */
const PASSING_CODES = new Set(['IDEMPOTENCY_KEY_IN_USE', 'UPLOAD_INCOMPLETE', 'UNAVAILABLE']);

/** "Kiểm tra kết nối" for this vendor: a bulletin nobody has, and its own error body. */
export const FLAT_PROBE: CheckProbe = {
  path: `${BULLETINS}/studio-connection-check`,
  isNotFound: (body) => errorSchema.safeParse(body).success,
};

/** The vendor's flat record of a bulletin. */
export function flatBulletinOf(s: BulletinSubmission, mapping?: FieldMapping): Record<string, unknown> {
  return {
    tieu_de: s.title,
    tom_tat: s.summary,
    linh_vuc: mapping ? mappedSubjectArea(s.subjectArea, mapping) : s.subjectArea,
    muc_do_uu_tien: PRIORITY_CODES[s.priority],
    ngon_ngu: s.languages.map((l) => `${l.code}:${l.seconds}`).join(';'),
    don_vi_nhan: s.targetUnits.join(','),
    lich_phat: s.broadcastWindows.map((w) => {
      const start = wallClock(w.start);
      return { ngay: start.date, gio_bat_dau: start.time, gio_ket_thuc: wallClock(w.end).time };
    }),
    thoi_luong_giay: s.durationSeconds,
    do_on_lufs: s.loudness.integratedLufs,
    dinh_thuc_dbtp: s.loudness.truePeakDbtp,
    ma_dai: s.station.code,
    tac_gia: s.authors.map((a) => a.name).join('; '),
    nguoi_duyet: s.approval.approver,
    thoi_diem_duyet: s.approval.approvedAt,
    ma_tep: s.audio.uploadId,
    ma_bam_sha256: s.audio.sha256,
  };
}

/** An instant as the station's date (YYYY-MM-DD) and time (HH:MM:SS). */
function wallClock(iso: string): { date: string; time: string } {
  const local = new Date(Date.parse(iso) + STATION_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 19) };
}

export type FlatAdapterOptions = ReferenceAdapterOptions;

export class FlatAdapter implements ProvincialAdapter {
  /** The audio goes by tus exactly as in the reference protocol. */
  private readonly audio: ReferenceAdapter;
  private readonly base: URL;
  private readonly tokens: AccessTokens;

  constructor(private readonly options: FlatAdapterOptions) {
    this.tokens = typeof options.token === 'string' ? fixedToken(options.token) : options.token;
    this.audio = new ReferenceAdapter({ ...options, token: this.tokens });
    this.base = new URL(options.endpoint.replace(/\/*$/, '/'));
  }

  upload(
    source: UploadSource,
    resume: string | null,
    at: (position: UploadPosition) => void,
    signal?: AbortSignal,
  ): Promise<UploadPosition> {
    return this.audio.upload(source, resume, at, signal);
  }

  uploadIdOf(url: string): string {
    return this.audio.uploadIdOf(url);
  }

  bulletinBody(submission: BulletinSubmission): string {
    return JSON.stringify(flatBulletinOf(submission, this.options.fieldMapping));
  }

  async publish(key: string, body: string, sha256: string, signal?: AbortSignal): Promise<PublishedBulletin> {
    const what = `POST /${BULLETINS}`;
    const res = await this.request(what, BULLETINS, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key },
      body,
      signal,
    });
    if (res.status !== 201) {
      const problem = await problemOf(res);
      if (problem?.code === 'UPLOAD_NOT_FOUND') throw gone(what, res.status);
      const refusedForGood =
        res.status >= 400 &&
        res.status < 500 &&
        ![401, 403, 408, 429].includes(res.status) &&
        !PASSING_CODES.has(problem?.code ?? '');
      if (refusedForGood) {
        throw new PublishError(
          'refused',
          `Hệ thống của tỉnh không nhận bản tin: ${problem?.message ?? `mã lỗi HTTP ${res.status}`}.`,
          `${what}: HTTP ${res.status}${problem ? ` ${problem.code}` : ''}`,
        );
      }
      throw unsuccessful(what, res, problem);
    }
    const record = await recordOf(what, res);
    if (record.khoa_yeu_cau !== key || record.ma_bam_sha256 !== sha256) {
      throw malformed(what, 'bản tin trả về không phải bản tin vừa gửi (khác khoá hoặc mã băm)');
    }
    return bulletinOf(record);
  }

  async bulletin(id: string, signal?: AbortSignal): Promise<PublishedBulletin> {
    const what = `GET /${BULLETINS}/…`;
    const res = await this.request(what, `${BULLETINS}/${encodeURIComponent(id)}`, {
      headers: { Accept: 'application/json' },
      signal,
    });
    if (res.status !== 200) throw unsuccessful(what, res, await problemOf(res));
    const record = await recordOf(what, res);
    if (record.ma_ban_tin !== id) throw malformed(what, 'bản tin trả về không phải bản tin được hỏi');
    return bulletinOf(record);
  }

  async withdraw(id: string, reason: string, signal?: AbortSignal): Promise<PublishedBulletin> {
    const what = `POST /${BULLETINS}/…/thu-hoi`;
    const res = await this.request(what, `${BULLETINS}/${encodeURIComponent(id)}/thu-hoi`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ ly_do: reason }),
      signal,
    });
    if (res.status !== 200) {
      const problem = await problemOf(res);
      if (res.status === 409 || res.status === 404) {
        throw new PublishError(
          'refused',
          `Hệ thống của tỉnh không cho rút bản tin này${problem ? ` (${problem.message})` : ''}.`,
          `${what}: HTTP ${res.status}${problem ? ` ${problem.code}` : ''}`,
        );
      }
      throw unsuccessful(what, res, problem);
    }
    const record = await recordOf(what, res);
    if (record.ma_ban_tin !== id || record.trang_thai !== 'DA_THU_HOI') {
      throw malformed(what, `bản tin trả về là ${record.ma_ban_tin} ở trạng thái ${record.trang_thai}`);
    }
    return bulletinOf(record);
  }

  /** One request with the access token, as the reference adapter sends it (province-request.ts). */
  private request(what: string, target: string, init: RequestInit): Promise<Response> {
    return provinceRequest(what, new URL(target, this.base), init, {
      tokens: this.tokens,
      timeoutMs: this.options.timeoutMs ?? TIMEOUT_MS,
    });
  }
}

function bulletinOf(record: z.infer<typeof recordSchema>): PublishedBulletin {
  return {
    id: record.ma_ban_tin,
    status: STATUS_OF[record.trang_thai],
    reason: record.ly_do,
    sha256: record.ma_bam_sha256,
    scheduledAt: record.lich_da_xep,
    airings: record.bao_cao_phat.map((r) => ({ unitCode: r.ma_don_vi, airedAt: r.luc })),
  };
}

/** The vendor's error body, if the response has one (the body is read). */
async function problemOf(res: Response): Promise<ProvinceProblem | null> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = errorSchema.safeParse(JSON.parse(text));
    return parsed.success ? { code: parsed.data.loi.ma, message: parsed.data.loi.thong_bao } : null;
  } catch {
    return null;
  }
}

/** A JSON body that is the vendor's record: anything else (an error body in a 200 included) is not a success. */
async function recordOf(what: string, res: Response): Promise<z.infer<typeof recordSchema>> {
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch {
    throw malformed(what, 'nội dung không phải JSON hoặc bị cắt');
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    throw malformed(what, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}
