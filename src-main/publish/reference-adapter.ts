/**
 * The reference adapter: the studio's own protocol (docs/provincial-api/openapi.yaml) over plain
 * fetch. Audio by tus 1.0 (creation, then PATCH from the server's offset, piece by piece so a cut
 * loses at most one piece), the bulletin by POST with `Idempotency-Key`, status by GET.
 *
 * Nothing is taken as success unless it is exactly what the protocol answers on success: the
 * status, the headers it needs, and a JSON body that passes its zod schema. A redirect (the token
 * is never sent on), a 200 whose body is an error, a body that is not JSON or not the schema: each
 * is a PublishError with a Vietnamese sentence, never a success.
 */
import { open } from 'node:fs/promises';
import { z } from 'zod';
import {
  BULLETIN_STATUSES,
  PublishError,
  type BulletinSubmission,
  type ProvincialAdapter,
  type PublishedBulletin,
  type UploadPosition,
  type UploadSource,
} from './adapter';

const TUS = { 'Tus-Resumable': '1.0.0' };
const DEFAULT_PIECE_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 60_000;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const offsetSchema = z.string().regex(/^\d+$/).transform(Number);

/** The parts of the protocol's Bulletin the studio relies on (more fields may come). */
const bulletinSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  idempotencyKey: z.string(),
  status: z.enum(BULLETIN_STATUSES),
  reason: z.string().nullable(),
  audio: z.object({ uploadId: z.string(), sha256: sha256Schema, bytes: z.number().int().nonnegative() }),
});

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** Error codes of a publish that a later attempt can get past. */
const PASSING_CODES = new Set(['IDEMPOTENCY_KEY_IN_USE', 'UPLOAD_INCOMPLETE', 'UNAVAILABLE']);

export interface ReferenceAdapterOptions {
  /** The system's base URL, as stored in the publish settings. */
  endpoint: string;
  token: string;
  /** Bytes per PATCH (default 4 MiB): what a cut can cost. */
  pieceBytes?: number;
  timeoutMs?: number;
}

export class ReferenceAdapter implements ProvincialAdapter {
  private readonly base: URL;
  private readonly pieceBytes: number;

  constructor(private readonly options: ReferenceAdapterOptions) {
    this.base = new URL(options.endpoint.replace(/\/*$/, '/'));
    this.pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
  }

  async createUpload(source: UploadSource, signal?: AbortSignal): Promise<UploadPosition> {
    const what = 'POST /api/v1/uploads';
    const metadata = [
      `sha256 ${b64(source.sha256)}`,
      `filename ${b64(source.filename)}`,
      `filetype ${b64('audio/wav')}`,
    ].join(',');
    const res = await this.request(what, 'api/v1/uploads', {
      method: 'POST',
      headers: { ...TUS, 'Upload-Length': String(source.bytes), 'Upload-Metadata': metadata },
      signal,
    });
    await this.expectStatus(what, res, 201);
    const location = res.headers.get('location');
    if (!location) throw malformed(what, 'không có Location');
    const url = this.sameOrigin(what, location);
    const offset = res.headers.get('upload-offset');
    return { url, offset: offset === null ? 0 : this.offsetOf(what, offset) };
  }

  async uploadOffset(url: string, signal?: AbortSignal): Promise<number> {
    const what = 'HEAD /api/v1/uploads/…';
    const res = await this.request(what, url, { method: 'HEAD', headers: { ...TUS }, signal });
    if (res.status === 404 || res.status === 410) throw gone(what, res.status);
    await this.expectStatus(what, res, 200);
    return this.offsetOf(what, res.headers.get('upload-offset'));
  }

  async sendFrom(
    url: string,
    source: UploadSource,
    offset: number,
    progress: (offset: number) => void,
    signal?: AbortSignal,
  ): Promise<number> {
    const what = 'PATCH /api/v1/uploads/…';
    const file = await open(source.file, 'r');
    try {
      let at = offset;
      while (at < source.bytes) {
        const length = Math.min(this.pieceBytes, source.bytes - at);
        const piece = Buffer.allocUnsafe(length);
        const { bytesRead } = await file.read(piece, 0, length, at);
        if (bytesRead !== length) {
          throw new PublishError(
            'refused',
            'Tệp bản gốc ngắn hơn lúc đưa vào hàng đợi.',
            `${what}: short read`,
          );
        }
        const res = await this.request(what, url, {
          method: 'PATCH',
          headers: { ...TUS, 'Upload-Offset': String(at), 'Content-Type': 'application/offset+octet-stream' },
          body: piece,
          signal,
        });
        if (res.status === 404 || res.status === 410) throw gone(what, res.status);
        if (res.status === 460) {
          await res.body?.cancel();
          throw new PublishError(
            'refused',
            'Hệ thống của tỉnh báo tệp nhận được không khớp mã băm SHA-256 của bản gốc đã duyệt, nên không nhận.',
            `${what}: HTTP 460`,
          );
        }
        await this.expectStatus(what, res, 204);
        const next = this.offsetOf(what, res.headers.get('upload-offset'));
        if (next <= at || next > source.bytes) throw malformed(what, `Upload-Offset ${next} sau ${at}`);
        at = next;
        progress(at);
      }
      return at;
    } finally {
      await file.close();
    }
  }

  uploadIdOf(url: string): string {
    return new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
  }

  async publish(
    key: string,
    submission: BulletinSubmission,
    signal?: AbortSignal,
  ): Promise<PublishedBulletin> {
    const what = 'POST /api/v1/bulletins';
    const res = await this.request(what, 'api/v1/bulletins', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(submission),
      signal,
    });
    if (res.status !== 201) {
      const problem = await this.problemOf(what, res);
      if (problem?.code === 'UPLOAD_NOT_FOUND') throw gone(what, res.status);
      if (
        res.status >= 400 &&
        res.status < 500 &&
        res.status !== 401 &&
        res.status !== 403 &&
        res.status !== 408 &&
        res.status !== 429 &&
        !PASSING_CODES.has(problem?.code ?? '')
      ) {
        throw new PublishError(
          'refused',
          `Hệ thống của tỉnh không nhận bản tin: ${problem?.message ?? `mã lỗi HTTP ${res.status}`}.`,
          `${what}: HTTP ${res.status}${problem ? ` ${problem.code}` : ''}`,
        );
      }
      throw this.failure(what, res, problem);
    }
    const bulletin = await this.bodyOf(what, res, bulletinSchema);
    if (bulletin.idempotencyKey !== key || bulletin.audio.sha256 !== submission.audio.sha256) {
      throw malformed(what, 'bản tin trả về không phải bản tin vừa gửi (khác khoá hoặc mã băm)');
    }
    return {
      id: bulletin.id,
      status: bulletin.status,
      reason: bulletin.reason,
      sha256: bulletin.audio.sha256,
    };
  }

  async bulletin(id: string, signal?: AbortSignal): Promise<PublishedBulletin> {
    const what = 'GET /api/v1/bulletins/…';
    const res = await this.request(what, `api/v1/bulletins/${encodeURIComponent(id)}`, {
      headers: { Accept: 'application/json' },
      signal,
    });
    if (res.status !== 200) throw this.failure(what, res, await this.problemOf(what, res));
    const bulletin = await this.bodyOf(what, res, bulletinSchema);
    if (bulletin.id !== id) throw malformed(what, 'bản tin trả về không phải bản tin được hỏi');
    return {
      id: bulletin.id,
      status: bulletin.status,
      reason: bulletin.reason,
      sha256: bulletin.audio.sha256,
    };
  }

  // ---- One request, and what its answer may be ---------------------------------------------------

  private async request(what: string, target: string, init: RequestInit): Promise<Response> {
    const url = new URL(target, this.base);
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          Authorization: `Bearer ${this.options.token}`,
        },
        // Never followed: the token must not go on to another host, and the protocol has no redirects.
        redirect: 'manual',
        signal: AbortSignal.any([
          AbortSignal.timeout(this.options.timeoutMs ?? TIMEOUT_MS),
          ...(init.signal ? [init.signal] : []),
        ]),
      });
    } catch (err) {
      init.signal?.throwIfAborted();
      throw new PublishError(
        'retry',
        'Mất kết nối với hệ thống của tỉnh giữa chừng; studio sẽ tự gửi tiếp từ chỗ đã gửi được.',
        `${what}: ${networkError(err)}`,
      );
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      const location = res.headers.get('location') ?? '';
      let where = location;
      try {
        where = new URL(location, url).host;
      } catch {
        // An unreadable Location is shown as it came.
      }
      throw new PublishError(
        'refused',
        `Hệ thống của tỉnh chuyển hướng sang địa chỉ khác (${where || 'không rõ'}); studio không gửi bản tin và mã truy cập theo. Hãy kiểm tra lại địa chỉ trong cài đặt gửi lên tỉnh.`,
        `${what}: HTTP ${res.status} → ${location}`,
      );
    }
    return res;
  }

  /** Exactly `status`, or a failure saying what came instead (a 200 with an error body included). */
  private async expectStatus(what: string, res: Response, status: number): Promise<void> {
    if (res.status === status) {
      await res.body?.cancel();
      return;
    }
    throw this.failure(what, res, await this.problemOf(what, res));
  }

  /** The protocol's error body of a response, if it has one (the body is read). */
  private async problemOf(_what: string, res: Response): Promise<{ code: string; message: string } | null> {
    const text = await res.text().catch(() => '');
    try {
      const parsed = errorSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.error : null;
    } catch {
      return null;
    }
  }

  /** A non-success answer as a PublishError worth retrying, in words for the station. */
  private failure(
    what: string,
    res: Response,
    problem: { code: string; message: string } | null,
  ): PublishError {
    const technical = `${what}: HTTP ${res.status}${problem ? ` ${problem.code}: ${problem.message}` : ''}`;
    if (res.status >= 200 && res.status < 300) {
      return new PublishError(
        'retry',
        problem
          ? `Hệ thống của tỉnh trả lời "thành công" nhưng kèm báo lỗi (${problem.message}); studio không coi là đã gửi và sẽ thử lại.`
          : `Hệ thống của tỉnh trả lời không đúng giao thức (mã ${res.status}); studio không coi là đã gửi và sẽ thử lại.`,
        technical,
      );
    }
    if (res.status === 401 || res.status === 403) {
      return new PublishError(
        'retry',
        'Hệ thống của tỉnh từ chối mã truy cập (có thể đã hết hạn); studio sẽ thử lại. Nếu lỗi kéo dài, hãy kiểm tra mã truy cập trong cài đặt gửi lên tỉnh.',
        technical,
      );
    }
    if (res.status >= 500) {
      return new PublishError(
        'retry',
        'Hệ thống của tỉnh đang tạm thời không phục vụ; studio sẽ thử lại sau.',
        technical,
      );
    }
    return new PublishError(
      'retry',
      `Hệ thống của tỉnh chưa nhận (${problem?.message ?? `mã lỗi HTTP ${res.status}`}); studio sẽ thử lại.`,
      technical,
    );
  }

  /** A JSON body that is an object of `schema` and carries no `error`: else a failure, never a success. */
  private async bodyOf<T>(what: string, res: Response, schema: z.ZodType<T>): Promise<T> {
    if (!(res.headers.get('content-type') ?? '').includes('application/json')) {
      await res.body?.cancel();
      throw malformed(what, `Content-Type ${res.headers.get('content-type') ?? 'không có'}`);
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new PublishError(
        'retry',
        'Mất kết nối với hệ thống của tỉnh khi đang nhận câu trả lời; studio sẽ hỏi lại.',
        `${what}: ${networkError(err)}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw malformed(what, 'nội dung không phải JSON');
    }
    const problem = errorSchema.safeParse(json);
    if (problem.success) throw this.failure(what, res, problem.data.error);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw malformed(what, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    return parsed.data;
  }

  private offsetOf(what: string, header: string | null): number {
    const parsed = offsetSchema.safeParse(header);
    if (!parsed.success) throw malformed(what, `Upload-Offset "${header ?? 'không có'}"`);
    return parsed.data;
  }

  /** An upload URL on the endpoint's own host: the token goes nowhere else. */
  private sameOrigin(what: string, location: string): string {
    let url: URL;
    try {
      url = new URL(location, this.base);
    } catch {
      throw malformed(what, `Location "${location}"`);
    }
    if (url.origin !== this.base.origin) {
      throw new PublishError(
        'refused',
        `Hệ thống của tỉnh chỉ nơi tải lên ở máy chủ khác (${url.host}); studio không gửi âm thanh và mã truy cập sang đó.`,
        `${what}: Location ${location}`,
      );
    }
    return url.href;
  }
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function gone(what: string, status: number): PublishError {
  return new PublishError(
    'uploadGone',
    'Hệ thống của tỉnh không còn giữ phần đã tải lên (đã hết hạn hoặc bị xoá); studio sẽ tải lại từ đầu.',
    `${what}: HTTP ${status}`,
  );
}

function malformed(what: string, seen: string): PublishError {
  return new PublishError(
    'retry',
    'Hệ thống của tỉnh trả lời không đúng giao thức nên studio không coi là đã gửi; sẽ thử lại.',
    `${what}: ${seen}`,
  );
}

function networkError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    if (err.name === 'TimeoutError') return 'no answer in time';
    return cause?.code ?? cause?.message ?? err.message;
  }
  return String(err);
}
