/**
 * The reference adapter: the studio's own protocol (docs/provincial-api/openapi.yaml). Audio by
 * tus 1.0 through tus-js-client (creation, then PATCH from the server's offset, piece by piece so
 * the outbox records each piece the server accepted), the bulletin by POST with
 * `Idempotency-Key`, status by GET, both over fetch.
 *
 * Nothing is taken as success unless it is exactly what the protocol answers on success: the
 * status, the headers it needs, and a JSON body that passes its zod schema. A redirect (the token
 * is never sent on), a 200 whose body is an error, a body that is not JSON or not the schema: each
 * is a PublishError with a Vietnamese sentence, never a success. tus-js-client's requests pass the
 * same judge (`judgeTus`) before the library sees their answers, and never leave the endpoint's host.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ClientRequest } from 'node:http';
import { Readable } from 'node:stream';
import type {
  DetailedError,
  FileReader,
  FileSource,
  HttpRequest,
  HttpResponse,
  HttpStack,
} from 'tus-js-client';
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
import { fixedToken, type AccessTokens } from './access-token';
import { applyFieldMapping, type FieldMapping } from './field-mapping';
import { networkError } from './network-error';
import {
  gone,
  malformed,
  provinceRequest,
  redirected,
  unsuccessful,
  type Answer,
  type ProvinceProblem as Problem,
} from './province-request';

export { retryAfterMs } from './province-request';

const MiB = 1024 * 1024;
const DEFAULT_PIECE_BYTES = 4 * MiB;
/** The most a piece grows to, and how long a piece should take on the link. */
const MAX_PIECE_BYTES = 64 * MiB;
const PIECE_SECONDS = 2;
/** How much of the file a read takes: big reads, few turns of the event loop per piece. */
const READ_BYTES = 1 * MiB;
const TIMEOUT_MS = 60_000;

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
const offsetSchema = z.string().regex(/^\d+$/).transform(Number);

/** The parts of the protocol's Bulletin the studio relies on (more fields may come). */
const bulletinSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  idempotencyKey: z.string(),
  status: z.enum(BULLETIN_STATUSES),
  reason: z.string().nullable(),
  scheduledAt: z.string().nullable(),
  airings: z.array(z.object({ unitCode: z.string(), airedAt: z.string() })),
  audio: z.object({ uploadId: z.string(), sha256: sha256Schema, bytes: z.number().int().nonnegative() }),
});

/** The studio's view of the protocol's Bulletin. */
function published(bulletin: z.infer<typeof bulletinSchema>): PublishedBulletin {
  return {
    id: bulletin.id,
    status: bulletin.status,
    reason: bulletin.reason,
    sha256: bulletin.audio.sha256,
    scheduledAt: bulletin.scheduledAt,
    airings: bulletin.airings.map(({ unitCode, airedAt }) => ({ unitCode, airedAt })),
  };
}

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** Error codes of a publish that a later attempt can get past. */
const PASSING_CODES = new Set(['IDEMPOTENCY_KEY_IN_USE', 'UPLOAD_INCOMPLETE', 'UNAVAILABLE']);

export interface ReferenceAdapterOptions {
  /** The system's base URL, as stored in the publish settings. */
  endpoint: string;
  /** A fixed bearer token, or where access tokens come from (OAuth2 client credentials). */
  token: string | AccessTokens;
  /** What this province names and codes otherwise (publish settings); none: the protocol as written. */
  fieldMapping?: FieldMapping;
  /**
   * Bytes of the first PATCH, and the least of any (default 4 MiB). Later pieces take about two
   * seconds of the link (at most 64 MiB): the server's offset is recorded that often, and each
   * piece's round trip stays a small part of it on a 4G link and on loopback alike.
   */
  pieceBytes?: number;
  /** How long a request may go without an answer (a whole fetch; an upload's silence). */
  timeoutMs?: number;
}

export class ReferenceAdapter implements ProvincialAdapter {
  private readonly base: URL;
  private readonly pieceBytes: number;
  private readonly tokens: AccessTokens;

  constructor(private readonly options: ReferenceAdapterOptions) {
    this.base = new URL(options.endpoint.replace(/\/*$/, '/'));
    this.pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
    this.tokens = typeof options.token === 'string' ? fixedToken(options.token) : options.token;
  }

  async upload(
    source: UploadSource,
    resume: string | null,
    at: (position: UploadPosition) => void,
    signal?: AbortSignal,
  ): Promise<UploadPosition> {
    let url = resume;
    let furthest = -1;
    let moved = true;
    const seen = (position: UploadPosition) => {
      url = position.url;
      if (position.offset > furthest) {
        furthest = position.offset;
        moved = true;
      }
      at(position);
    };
    for (;;) {
      const refused: { token: string | null } = { token: null };
      const before = moved;
      moved = false;
      try {
        return await this.tus(source, url, seen, refused, signal);
      } catch (err) {
        // An access token the province refused (expired) is renewed, and the upload goes on from
        // where the server is, as any request with a renewed token does (withAccessToken): once,
        // and again only after the server took more bytes with the renewed one.
        if (refused.token === null || !(before || moved) || !this.tokens.refused(refused.token)) throw err;
      }
    }
  }

  /** One run of tus-js-client; `refused` hears the token of a request answered 401. */
  private async tus(
    source: UploadSource,
    resume: string | null,
    at: (position: UploadPosition) => void,
    refused: { token: string | null },
    signal?: AbortSignal,
  ): Promise<UploadPosition> {
    signal?.throwIfAborted();
    // Loaded at the first upload, not at the studio's start (it costs about 50 ms of every cold open).
    const tus = await import('tus-js-client');
    signal?.throwIfAborted();
    // An upload kept from another endpoint (the settings changed) is not asked after: a new one.
    const uploadUrl = resume !== null && this.onEndpointHost(resume) ? resume : null;
    let offset = 0;
    let pieceStarted = 0;
    return new Promise<UploadPosition>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = () => {
        void upload.abort();
        settle(() => reject(signal?.reason as Error));
      };
      // The file is read by FileSlices; tus-js-client only needs something that is not null.
      const upload = new tus.Upload(Buffer.alloc(0), {
        endpoint: new URL('api/v1/uploads', this.base).href,
        uploadUrl,
        uploadSize: source.bytes,
        metadata: { sha256: source.sha256, filename: source.filename, filetype: 'audio/wav' },
        chunkSize: this.pieceBytes,
        // Not creation-with-upload: the URL is recorded before any audio leaves, so every byte the
        // server takes can be resumed; a cut during a creation that carried audio would waste that
        // piece and leave an orphan upload on the server. One round trip more per programme.
        uploadDataDuringCreation: false,
        // The outbox waits and tries again itself (backoff, Retry-After): one try here.
        retryDelays: null,
        storeFingerprintForResuming: false,
        httpStack: new TimedHttpStack(new tus.DefaultHttpStack({}), this.options.timeoutMs ?? TIMEOUT_MS),
        fileReader: new FileSlices(source.file, READ_BYTES),
        onBeforeRequest: async (req) => {
          if (!this.onEndpointHost(req.getURL())) {
            throw new PublishError(
              'refused',
              'Studio không gửi âm thanh và mã truy cập sang máy chủ khác địa chỉ đã cài đặt.',
              `${req.getMethod()} ${req.getURL()}: not the endpoint's host`,
            );
          }
          req.setHeader('Authorization', `Bearer ${await this.tokens.current(signal)}`);
          if (req.getMethod() === 'PATCH') pieceStarted = performance.now();
        },
        onAfterResponse: (req, res) => {
          if (res.getStatus() === 401) refused.token = req.getHeader('Authorization')?.slice(7) ?? null;
          const held = this.judgeTus(req, res, source.bytes);
          if (held !== null) offset = held;
        },
        onUploadUrlAvailable: () => at({ url: upload.url as string, offset }),
        onChunkComplete: (piece, accepted) => {
          offset = accepted;
          at({ url: upload.url as string, offset });
          // The next piece: about PIECE_SECONDS of the link as this one went (the library reads
          // chunkSize afresh for each PATCH).
          const seconds = Math.max((performance.now() - pieceStarted) / 1000, 0.001);
          upload.options.chunkSize = Math.min(
            MAX_PIECE_BYTES,
            Math.max(this.pieceBytes, Math.round((piece / seconds) * PIECE_SECONDS)),
          );
        },
        onSuccess: () => settle(() => resolve({ url: upload.url as string, offset: source.bytes })),
        onError: (err) => settle(() => reject(this.uploadFailure(err, tus.DetailedError))),
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      upload.start();
    });
  }

  uploadIdOf(url: string): string {
    return new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
  }

  bulletinBody(submission: BulletinSubmission): string {
    return JSON.stringify(
      this.options.fieldMapping ? applyFieldMapping(submission, this.options.fieldMapping) : submission,
    );
  }

  async publish(key: string, body: string, sha256: string, signal?: AbortSignal): Promise<PublishedBulletin> {
    const what = 'POST /api/v1/bulletins';
    const res = await this.request(what, 'api/v1/bulletins', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key },
      body,
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
    if (bulletin.idempotencyKey !== key || bulletin.audio.sha256 !== sha256) {
      throw malformed(what, 'bản tin trả về không phải bản tin vừa gửi (khác khoá hoặc mã băm)');
    }
    return published(bulletin);
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
    return published(bulletin);
  }

  async withdraw(id: string, reason: string, signal?: AbortSignal): Promise<PublishedBulletin> {
    const what = 'POST /api/v1/bulletins/…/withdrawal';
    const res = await this.request(what, `api/v1/bulletins/${encodeURIComponent(id)}/withdrawal`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ reason }),
      signal,
    });
    if (res.status !== 200) {
      const problem = await this.problemOf(what, res);
      if (res.status === 409 || res.status === 404) {
        throw new PublishError(
          'refused',
          res.status === 404
            ? 'Hệ thống của tỉnh không còn bản tin này nên không rút được.'
            : `Hệ thống của tỉnh không cho rút bản tin ở trạng thái hiện tại${problem ? ` (${problem.message})` : ''}.`,
          `${what}: HTTP ${res.status}${problem ? ` ${problem.code}` : ''}`,
        );
      }
      throw this.failure(what, res, problem);
    }
    const bulletin = await this.bodyOf(what, res, bulletinSchema);
    if (bulletin.id !== id || bulletin.status !== 'withdrawn') {
      throw malformed(what, `bản tin trả về là ${bulletin.id} ở trạng thái ${bulletin.status}`);
    }
    return published(bulletin);
  }

  // ---- One request, and what its answer may be ---------------------------------------------------

  private request(what: string, target: string, init: RequestInit): Promise<Response> {
    return provinceRequest(what, new URL(target, this.base), init, {
      tokens: this.tokens,
      timeoutMs: this.options.timeoutMs ?? TIMEOUT_MS,
    });
  }

  /** The protocol's error body of a response, if it has one (the body is read). */
  private async problemOf(_what: string, res: Response): Promise<Problem | null> {
    return problemIn(await res.text().catch(() => ''));
  }

  /** A non-success answer as a PublishError worth retrying, in words for the station. */
  private failure(what: string, res: Answer, problem: Problem | null): PublishError {
    return unsuccessful(what, res, problem);
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
        null,
        true,
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

  // ---- tus-js-client's requests ---------------------------------------------------------------------

  /**
   * What a tus answer may be before tus-js-client acts on it: exactly the protocol's success, or
   * the one other answer the library handles itself (a HEAD of an upload the server no longer
   * has: it makes a new one). Anything else is thrown, and the upload ends with it. Returns the
   * server's offset when the answer gives one.
   */
  private judgeTus(req: HttpRequest, res: HttpResponse, bytes: number): number | null {
    const method = req.getMethod();
    const what = method === 'POST' ? 'POST /api/v1/uploads' : `${method} /api/v1/uploads/…`;
    const answer: Answer = {
      status: res.getStatus(),
      headers: { get: (name) => res.getHeader(name) ?? null },
    };
    const { status } = answer;
    const expect = (wanted: number) => {
      if (status !== wanted) throw this.failure(what, answer, problemIn(res.getBody()));
    };
    if (status >= 300 && status < 400) throw redirected(what, req.getURL(), answer);
    if (status === 460) throw checksumMismatch(what);
    if (method === 'HEAD') {
      if (status === 404 || status === 410) return null;
      expect(200);
      const offset = this.offsetOf(what, answer.headers.get('upload-offset'));
      const length = answer.headers.get('upload-length');
      if (length !== String(bytes) || offset > bytes) {
        throw malformed(what, `Upload-Offset ${offset}, Upload-Length ${length ?? 'không có'}`);
      }
      return offset;
    }
    if (status === 404 || status === 410) throw gone(what, status);
    if (method === 'POST') {
      expect(201);
      const location = answer.headers.get('location');
      if (!location) throw malformed(what, 'không có Location');
      this.sameOrigin(what, location);
      // Creation with upload: the answer says how much of the first piece the server holds.
      const header = answer.headers.get('upload-offset');
      if (header === null && req.getHeader('Content-Type') === undefined) return 0;
      const offset = this.offsetOf(what, header);
      if (offset > bytes) throw malformed(what, `Upload-Offset ${offset} > ${bytes}`);
      return offset;
    }
    expect(204);
    const from = Number(req.getHeader('Upload-Offset'));
    const next = this.offsetOf(what, answer.headers.get('upload-offset'));
    if (next <= from || next > bytes) throw malformed(what, `Upload-Offset ${next} sau ${from}`);
    return next;
  }

  /** How an upload ended short, as a PublishError (the judge's own, or the link's). */
  private uploadFailure(err: Error, Detailed: typeof DetailedError): Error {
    if (err instanceof PublishError) return err;
    const detailed = err instanceof Detailed ? err : null;
    const cause = detailed?.causingError ?? null;
    if (cause instanceof PublishError) return cause;
    const req = detailed?.originalRequest;
    const what = req ? `${req.getMethod()} ${new URL(req.getURL()).pathname}` : 'tus';
    if (/configured with a size/.test(cause?.message ?? err.message)) {
      return new PublishError(
        'refused',
        'Tệp bản gốc ngắn hơn lúc đưa vào hàng đợi.',
        `${what}: ${cause?.message ?? err.message}`,
      );
    }
    if (detailed && !detailed.originalResponse) {
      return new PublishError(
        'retry',
        'Mất kết nối với hệ thống của tỉnh giữa chừng; studio sẽ tự gửi tiếp từ chỗ đã gửi được.',
        `${what}: ${networkError(cause ?? err)}`,
        null,
        true,
      );
    }
    // An answer the judge let through and the library still refused: not success either.
    return malformed(what, err.message);
  }

  /** Whether a URL is on the endpoint's own host: the token and the audio go nowhere else. */
  private onEndpointHost(url: string): boolean {
    try {
      return new URL(url).origin === this.base.origin;
    } catch {
      return false;
    }
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

/** The protocol's error body in a response's text, if it is one. */
function problemIn(text: string): Problem | null {
  try {
    const parsed = errorSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : null;
  } catch {
    return null;
  }
}

function checksumMismatch(what: string): PublishError {
  return new PublishError(
    'refused',
    'Hệ thống của tỉnh báo tệp nhận được không khớp mã băm SHA-256 của bản gốc đã duyệt, nên không nhận.',
    `${what}: HTTP 460`,
  );
}

/** The file's pieces for tus-js-client, each a stream read `readBytes` at a time. */
class FileSlices implements FileReader {
  constructor(
    private readonly file: string,
    private readonly readBytes: number,
  ) {}

  async openFile(): Promise<FileSource> {
    const { size } = await stat(this.file);
    return {
      size,
      slice: (start, end) => {
        const last = Math.min(end, size);
        const stream = Object.assign(
          createReadStream(this.file, { start, end: last - 1, highWaterMark: this.readBytes }),
          // What the piece really holds: a file shorter than the upload ends it with an error.
          { size: Math.max(0, last - start) },
        );
        return Promise.resolve({ value: stream, done: last >= size });
      },
      close: () => undefined,
    };
  }
}

/**
 * tus-js-client's Node requests, each given up when the server stays silent for `idleMs` (the
 * library sets no timeout of its own), and each piece's file stream closed with its request.
 */
class TimedHttpStack implements HttpStack {
  constructor(
    private readonly inner: HttpStack,
    private readonly idleMs: number,
  ) {}

  getName(): string {
    return 'TimedHttpStack';
  }

  createRequest(method: string, url: string): HttpRequest {
    const req = this.inner.createRequest(method, url);
    const send = req.send.bind(req);
    req.send = (body: unknown) => {
      const sent = send(body);
      const node = req.getUnderlyingObject() as ClientRequest;
      node.setTimeout(this.idleMs, () =>
        node.destroy(Object.assign(new Error('no answer in time'), { name: 'TimeoutError' })),
      );
      // A cut request leaves its piece's stream unread and open: closed with the request.
      if (body instanceof Readable) node.once('close', () => body.destroy());
      return sent;
    };
    return req;
  }
}
