/**
 * The provincial sandbox: a real HTTP server speaking the reference protocol
 * (docs/provincial-api/openapi.yaml) on 127.0.0.1, for the studio's tests and for training staff
 * without touching a province's real system. Audio arrives by tus 1.0 (@tus/server with
 * @tus/file-store), its SHA-256 checked when the upload completes; bulletins are published with an
 * Idempotency-Key; an operator page moves them through the province's states; faults from
 * faults.ts break requests on purpose.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { FileStore } from '@tus/file-store';
import { Server as TusServer } from '@tus/server';
import {
  bulletinSubmissionSchema,
  bulletinView,
  sandboxView,
  TRANSITIONS,
  type Bulletin,
  type BulletinState,
} from './bulletin';
import { FaultDice, NO_FAULTS, type FaultMode, type FaultSpec } from './faults';
import { operatorPage } from './operator-page';
import {
  flatError,
  flatRecordSchema,
  flatView,
  routesOf,
  submissionOfFlat,
  type SandboxLayout,
} from './flat-layout';
import { matchRoute, UPLOADS_PATH, type RouteMatch } from './routes';
import { SandboxState } from './sandbox-state';
import { NoticeSender, type NoticeSenderOptions } from './status-notices';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** The bearer token (and OAuth2 client secret) the sandbox accepts; one is made when absent. */
  token?: string;
  faults?: FaultSpec;
  /** The spec as typed, shown on the operator page. */
  faultsText?: string;
  /** How long an access token from the token endpoint lives (default 3600 s). */
  accessTokenTtlSec?: number;
  /**
   * The bulletin layout it speaks: the reference protocol (default), or `flat`, another vendor's
   * flat record with Vietnamese field names (flat-layout.ts).
   */
  layout?: SandboxLayout;
  /** How long an unfinished upload is kept (default 24 h): tus `expiration`. */
  uploadExpiryMs?: number;
  /** How status notices to a bulletin's `callbackUrl` are retried (status-notices.ts). */
  notices?: Omit<NoticeSenderOptions, 'log'>;
  log?: (line: string) => void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const MAX_JSON_BYTES = 1 << 20;

function errorBody(code: string, message: string, details?: unknown): unknown {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

function fail(status: number, code: string, message: string, details?: unknown): Reply {
  return { status, body: errorBody(code, message, details) };
}

/** JSON with keys sorted at every level: the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JSON_BYTES) {
        reject(Object.assign(new Error('body too large'), { tooLarge: true }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A request's fields, from JSON or an HTML form. */
function parseFields(raw: Buffer, contentType: string | undefined): unknown {
  const text = raw.toString('utf8');
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return text.trim() ? (JSON.parse(text) as unknown) : {};
}

/**
 * A web stream of the request's body for @tus/server, read only as tus asks for it. With `cutAt`,
 * it ends in an error after that many bytes and `onCut` closes the connection: a link that drops
 * in the middle of an upload, the bytes before the cut kept by the file store.
 */
function bodyStream(req: http.IncomingMessage, cutAt: number | null, onCut: () => void): ReadableStream {
  const chunks = req[Symbol.asyncIterator]();
  let seen = 0;
  let cut = false;
  return new ReadableStream(
    {
      async pull(controller) {
        if (cut) {
          controller.error(new Error('sandbox fault: connection dropped mid-body'));
          onCut();
          return;
        }
        const { value, done } = (await chunks.next()) as IteratorResult<Buffer>;
        if (done) {
          controller.close();
          return;
        }
        let chunk = value;
        if (cutAt !== null && seen + chunk.length >= cutAt) {
          chunk = chunk.subarray(0, Math.max(0, cutAt - seen));
          cut = true;
        }
        seen += chunk.length;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      },
      cancel() {
        req.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}

export async function startProvincialSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const log = options.log ?? (() => undefined);
  const token = options.token ?? randomBytes(24).toString('base64url');
  const ttlSec = options.accessTokenTtlSec ?? 3600;
  const state = new SandboxState(options.dataDir);
  const uploadsDir = path.join(options.dataDir, 'uploads');
  const dice = new FaultDice(options.faults ?? NO_FAULTS);
  const faultsText = options.faultsText ?? '';
  const publishing = new Set<string>();
  const notices = new NoticeSender({ ...options.notices, log });
  const layout = options.layout ?? 'reference';
  const routes = routesOf(layout);
  let origin = '';

  const store = new FileStore({
    directory: uploadsDir,
    expirationPeriodInMilliseconds: options.uploadExpiryMs ?? 24 * 3600_000,
  });
  const tus = new TusServer({
    path: UPLOADS_PATH,
    datastore: store,
    // The sandbox answers on 127.0.0.1 only: a relative Location needs no Host to be trusted.
    relativeLocation: true,
    async onUploadCreate(_req, upload) {
      const sha = upload.metadata?.sha256;
      if (!sha || !/^[0-9a-f]{64}$/.test(sha)) {
        throw {
          status_code: 400,
          body: "Upload-Metadata must carry sha256: the whole file's SHA-256, 64 lowercase hex digits.\n",
        };
      }
      if (upload.sizeIsDeferred) throw { status_code: 400, body: 'Upload-Length is required.\n' };
      return {};
    },
    async onUploadFinish(_req, upload) {
      const actual = await sha256OfFile(path.join(uploadsDir, upload.id));
      if (actual !== upload.metadata?.sha256) {
        // The bytes are not the file the station meant: nothing of this upload may be published.
        await store.remove(upload.id);
        log(`upload ${upload.id}: SHA-256 mismatch (got ${actual}), removed`);
        throw {
          status_code: 460,
          body: `Checksum Mismatch: the file's SHA-256 is ${actual}, Upload-Metadata said ${upload.metadata?.sha256}.\n`,
        };
      }
      log(`upload ${upload.id}: complete, ${upload.size} bytes, SHA-256 checked`);
      return {};
    },
  });
  // Expired unfinished uploads from an earlier run are removed at start.
  await tus
    .cleanUpExpiredUploads()
    .catch((err: unknown) => log(`cleaning expired uploads failed: ${String(err)}`));

  function checkBearer(req: http.IncomingMessage): Reply | null {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    const challenge = (error: string, description: string): Reply => ({
      ...fail(401, 'UNAUTHORIZED', description),
      headers: {
        'WWW-Authenticate': `Bearer realm="provincial-sandbox", error="${error}", error_description="${description}"`,
      },
    });
    if (!m) return challenge('invalid_request', 'A bearer token is required');
    const given = m[1] as string;
    if (sameSecret(given, token)) return null;
    const issued = state.tokens.find((t) => sameSecret(t.accessToken, given));
    if (!issued) return challenge('invalid_token', 'The access token is not known');
    if (issued.expiresAt <= Date.now()) return challenge('invalid_token', 'The access token expired');
    return null;
  }

  function issueToken(): Reply {
    const issued = {
      accessToken: randomBytes(24).toString('base64url'),
      refreshToken: randomBytes(24).toString('base64url'),
      expiresAt: Date.now() + ttlSec * 1000,
    };
    state.tokens.push(issued);
    state.save();
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: {
        access_token: issued.accessToken,
        token_type: 'Bearer',
        expires_in: ttlSec,
        refresh_token: issued.refreshToken,
      },
    };
  }

  /** OAuth2 token endpoint (RFC 6749 §4.4 client credentials, §6 refresh). */
  function tokenEndpoint(req: http.IncomingMessage, fields: Record<string, unknown>): Reply {
    const oauthError = (status: number, error: string, description: string): Reply => ({
      status,
      body: { error, error_description: description },
    });
    const grant = fields.grant_type;
    if (grant === 'client_credentials') {
      let secret = typeof fields.client_secret === 'string' ? fields.client_secret : null;
      const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (basic) {
        const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
        secret = decodeURIComponent(decoded.slice(decoded.indexOf(':') + 1));
      }
      if (secret === null || !sameSecret(secret, token)) {
        return oauthError(401, 'invalid_client', 'Client authentication failed');
      }
      return issueToken();
    }
    if (grant === 'refresh_token') {
      const given = typeof fields.refresh_token === 'string' ? fields.refresh_token : '';
      const i = state.tokens.findIndex((t) => sameSecret(t.refreshToken, given));
      if (i < 0) return oauthError(400, 'invalid_grant', 'The refresh token is not known');
      // Refresh tokens rotate: the old one is spent.
      state.tokens.splice(i, 1);
      return issueToken();
    }
    return oauthError(400, 'unsupported_grant_type', 'Use client_credentials or refresh_token');
  }

  async function publish(req: http.IncomingMessage, raw: unknown, as: SandboxLayout): Promise<Reply> {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key.trim() || key.length > 255) {
      return fail(
        400,
        'IDEMPOTENCY_KEY_MISSING',
        'Publishing needs an Idempotency-Key header (1–255 characters).',
      );
    }
    const fingerprint = createHash('sha256').update(canonical(raw)).digest('hex');
    const earlier = state.idempotency.get(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        return fail(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another request body.',
        );
      }
      return {
        status: earlier.status,
        body: earlier.body,
        headers: { 'Idempotent-Replayed': 'true', ...locationOf(earlier.body, as) },
      };
    }
    if (publishing.has(key)) {
      return fail(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is being processed.');
    }
    publishing.add(key);
    try {
      // The flat layout's record is checked by its own schema, then read as the sandbox's bulletin.
      const flat = as === 'flat' ? flatRecordSchema.safeParse(raw) : null;
      if (flat && !flat.success) {
        return fail(400, 'INVALID_BULLETIN', 'The bulletin does not follow the schema.', flat.error.issues);
      }
      const parsed = bulletinSubmissionSchema.safeParse(flat?.data ? submissionOfFlat(flat.data) : raw);
      if (!parsed.success) {
        return fail(400, 'INVALID_BULLETIN', 'The bulletin does not follow the schema.', parsed.error.issues);
      }
      const submission = parsed.data;
      const uploadId = submission.audio.uploadId;
      let upload;
      try {
        upload = await store.getUpload(uploadId);
      } catch {
        return fail(422, 'UPLOAD_NOT_FOUND', `No upload ${uploadId} (never made, refused or expired).`);
      }
      if (upload.size === undefined || upload.offset < upload.size) {
        return fail(
          409,
          'UPLOAD_INCOMPLETE',
          `Upload ${uploadId} has ${upload.offset} of ${upload.size} bytes.`,
        );
      }
      const actual = await sha256OfFile(path.join(uploadsDir, uploadId));
      if (actual !== submission.audio.sha256 || upload.metadata?.sha256 !== submission.audio.sha256) {
        return fail(
          422,
          'SHA256_MISMATCH',
          `The uploaded audio's SHA-256 is ${actual}, the bulletin says ${submission.audio.sha256}.`,
        );
      }
      const taken = [...state.bulletins.values()].find((b) => b.audio.uploadId === uploadId);
      if (taken) {
        return fail(409, 'UPLOAD_ALREADY_PUBLISHED', `Upload ${uploadId} belongs to bulletin ${taken.id}.`);
      }
      const now = new Date().toISOString();
      const bulletin: Bulletin = {
        id: `bt_${randomBytes(8).toString('hex')}`,
        idempotencyKey: key,
        receivedAt: now,
        submission,
        audio: { uploadId, sha256: actual, bytes: upload.size },
        status: 'received',
        reason: null,
        scheduledAt: null,
        airings: [],
        history: [{ state: 'received', at: now }],
        ...(flat?.data ? { layoutRecord: flat.data } : {}),
      };
      const reply = { status: 201, body: as === 'flat' ? flatView(bulletin) : bulletinView(bulletin) };
      state.bulletins.set(bulletin.id, bulletin);
      state.idempotency.set(key, { key, fingerprint, status: reply.status, body: reply.body });
      state.save();
      log(`bulletin ${bulletin.id} received: "${submission.title}" (key ${key})`);
      return { ...reply, headers: locationOf(reply.body, as) };
    } finally {
      publishing.delete(key);
    }
  }

  function locationOf(body: unknown, as: SandboxLayout): Record<string, string> {
    const b = body as { id?: unknown; ma_ban_tin?: unknown } | null;
    const id = as === 'flat' ? b?.ma_ban_tin : b?.id;
    if (typeof id !== 'string') return {};
    return { Location: as === 'flat' ? `/api/v1/ban-tin/${id}` : `/api/v1/bulletins/${id}` };
  }

  /** A reply of the flat layout's routes: its view of a bulletin, its words for an error. */
  function inFlat(reply: Reply, id?: string): Reply {
    if (reply.status >= 400) return { ...reply, body: flatError(reply.body) };
    const b = id === undefined ? undefined : state.bulletins.get(id);
    return b ? { ...reply, body: flatView(b) } : reply;
  }

  function move(
    id: string,
    action: keyof typeof TRANSITIONS,
    to: BulletinState,
    fields: Record<string, unknown>,
  ): Reply {
    const b = state.bulletins.get(id);
    if (!b) return fail(404, 'NOT_FOUND', `No bulletin ${id}.`);
    if (action === 'withdraw' && b.status === 'withdrawn') return { status: 200, body: bulletinView(b) };
    if (!TRANSITIONS[action].includes(b.status)) {
      return fail(409, 'INVALID_STATE', `A bulletin that is ${b.status} cannot be moved by ${action}.`);
    }
    const reason = typeof fields.reason === 'string' ? fields.reason.trim().slice(0, 500) : '';
    if (action === 'reject' && !reason) return fail(400, 'REASON_REQUIRED', 'A rejection needs a reason.');
    const now = new Date().toISOString();
    if (action === 'schedule') {
      const at = typeof fields.at === 'string' && !Number.isNaN(Date.parse(fields.at)) ? fields.at : null;
      b.scheduledAt = at ?? b.submission.broadcastWindows[0]?.start ?? now;
    }
    if (action === 'aired') {
      const units = Array.isArray(fields.units)
        ? fields.units.filter((u): u is string => typeof u === 'string')
        : b.submission.targetUnits;
      // A commune reports once: an earlier report keeps its time, new ones are added.
      const reported = new Set(b.airings.map((a) => a.unitCode));
      b.airings = [
        ...b.airings,
        ...[...new Set(units)]
          .filter((u) => !reported.has(u))
          .map((unitCode) => ({ unitCode, airedAt: now })),
      ];
    }
    b.status = to;
    b.reason = action === 'reject' || action === 'withdraw' ? reason || null : b.reason;
    b.history.push({ state: to, at: now, ...(reason ? { reason } : {}) });
    state.save();
    // After the change is kept; never awaited: a station's slow listener cannot hold the API.
    if (b.submission.callbackUrl)
      notices.send(b.submission.callbackUrl, { bulletinId: id, status: to, at: now });
    log(`bulletin ${id}: ${to}${reason ? ` (${reason})` : ''}`);
    return { status: 200, body: bulletinView(b) };
  }

  /** The JSON routes: what each answers, carried out once per call (the duplicate fault calls twice). */
  async function answer(match: RouteMatch, req: http.IncomingMessage, fields: unknown): Promise<Reply> {
    const f = (fields ?? {}) as Record<string, unknown>;
    const id = match.params.bulletinId ?? '';
    switch (match.route.name) {
      case 'token':
        return tokenEndpoint(req, f);
      case 'publish':
        return publish(req, fields, 'reference');
      case 'bulletin': {
        const b = state.bulletins.get(id);
        return b ? { status: 200, body: bulletinView(b) } : fail(404, 'NOT_FOUND', `No bulletin ${id}.`);
      }
      case 'withdraw':
        return move(id, 'withdraw', 'withdrawn', f);
      case 'sandboxList':
        return { status: 200, body: [...state.bulletins.values()].map(sandboxView) };
      case 'accept':
        return move(id, 'accept', 'accepted', f);
      case 'reject':
        return move(id, 'reject', 'rejected', f);
      case 'schedule':
        return move(id, 'schedule', 'scheduled', f);
      case 'aired':
        return move(id, 'aired', 'aired', f);
      case 'flatPublish':
        return inFlat(await publish(req, fields, 'flat'));
      case 'flatBulletin':
        return inFlat(
          state.bulletins.has(id) ? { status: 200 } : fail(404, 'NOT_FOUND', `No bulletin ${id}.`),
          id,
        );
      case 'flatWithdraw':
        return inFlat(move(id, 'withdraw', 'withdrawn', { reason: f.ly_do }), id);
      default:
        return fail(500, 'INTERNAL', `No handler for ${match.route.name}.`);
    }
  }

  function send(res: http.ServerResponse, reply: Reply, extra: Record<string, string> = {}): void {
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      'Content-Length': String(Buffer.byteLength(body)),
      ...reply.headers,
      ...extra,
    });
    res.end(body);
  }

  /** Sends the headers and half the body, then closes the connection. */
  function sendCut(res: http.ServerResponse, reply: Reply): void {
    const body = Buffer.from(JSON.stringify(reply.body ?? {}));
    res.writeHead(reply.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(body.length),
      ...reply.headers,
    });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  }

  async function serveTus(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    cut: boolean,
    extra: Record<string, string>,
  ): Promise<void> {
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
    const cutAt = cut ? Math.floor(length / 2) : null;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const request = new Request(`${origin}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(hasBody ? { body: bodyStream(req, cutAt, () => req.socket.destroy()), duplex: 'half' } : {}),
    } as RequestInit);
    const response = await tus.handleWeb(request);
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), ...extra });
    if (response.body) Readable.fromWeb(response.body as never).pipe(res);
    else res.end();
  }

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log(`request ${req.method} ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) send(res, fail(500, 'INTERNAL', 'The sandbox failed on this request.'));
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/sandbox') {
      res.writeHead(301, { Location: '/sandbox/' }).end();
      return;
    }
    const match = matchRoute(method, url.pathname, routes);
    if (match === null) return send(res, fail(404, 'NOT_FOUND', `No route ${url.pathname}.`));
    if (match === 'method')
      return send(res, fail(405, 'METHOD_NOT_ALLOWED', `${method} is not served here.`));
    const { route } = match;

    if (route.area === 'sandbox') return serveSandbox(match, req, res);

    // The protocol: faults first (as the network and a vendor's server would), then the token.
    const eligible = (mode: FaultMode): boolean => {
      if (mode === 'duplicate') return route.area === 'api';
      if (mode === 'drop-mid-body') return route.area === 'api' || method === 'PATCH' || method === 'POST';
      // Only a request that carries an access token can have it expire (not the token endpoint's).
      if (mode === 'expired-token') return !route.open;
      return method !== 'OPTIONS';
    };
    const draw = dice.active ? dice.draw(eligible) : { fault: null, delayMs: 0 };
    if (draw.delayMs > 0) await new Promise((r) => setTimeout(r, draw.delayMs));
    const marked: Record<string, string> = {};
    if (draw.fault || draw.delayMs) {
      const names = [draw.fault, draw.delayMs ? 'slow' : null].filter(Boolean).join(',');
      marked['X-Sandbox-Fault'] = names;
      log(`fault ${names}: ${method} ${url.pathname}`);
    }
    // Refusals that read no body: the connection closes after them, so an unread upload body is not waited for.
    const refuse = (reply: Reply) => send(res, reply, { ...marked, Connection: 'close' });
    if (draw.fault === '5xx') {
      return refuse({
        ...fail(503, 'UNAVAILABLE', 'The provincial system is unavailable (sandbox fault).'),
        headers: { 'Retry-After': '1' },
      });
    }
    if (draw.fault === 'error-200') {
      return refuse({
        status: 200,
        body: errorBody('INTERNAL', 'Lỗi hệ thống, vui lòng thử lại (sandbox fault).'),
      });
    }
    if (draw.fault === 'expired-token') {
      return refuse({
        ...fail(401, 'UNAUTHORIZED', 'The access token expired'),
        headers: {
          'WWW-Authenticate':
            'Bearer realm="provincial-sandbox", error="invalid_token", error_description="The access token expired"',
        },
      });
    }
    // The token endpoint authenticates the client itself (client credentials or a refresh token);
    // tus discovery is open, as the document says.
    if (!route.open) {
      const refused = checkBearer(req);
      if (refused) return refuse(refused);
    }

    if (route.area === 'tus') return serveTus(req, res, draw.fault === 'drop-mid-body', marked);

    let fields: unknown;
    try {
      fields = parseFields(await readBody(req), req.headers['content-type']);
    } catch (err) {
      if ((err as { tooLarge?: boolean }).tooLarge) return;
      return send(res, fail(400, 'INVALID_JSON', 'The request body is not JSON.'), marked);
    }
    let reply = await answer(match, req, fields);
    if (draw.fault === 'duplicate') reply = await answer(match, req, fields);
    if (draw.fault === 'drop-mid-body') return sendCut(res, reply);
    send(res, reply, marked);
  }

  async function serveSandbox(
    match: RouteMatch,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> {
    if (match.route.name === 'operatorPage') {
      const html = operatorPage([...state.bulletins.values()], faultsText);
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        'X-Frame-Options': 'DENY',
      });
      res.end(html);
      return;
    }
    if (req.method === 'POST') {
      // The operator's moves come from its own page (or a script with no Origin), never another site's.
      const from = req.headers.origin;
      if (from && from !== origin) return send(res, fail(403, 'FORBIDDEN', 'Cross-site request refused.'));
    }
    let fields: unknown;
    try {
      fields = parseFields(await readBody(req), req.headers['content-type']);
    } catch {
      return send(res, fail(400, 'INVALID_JSON', 'The request body is not JSON.'));
    }
    const reply = await answer(match, req, fields);
    const fromForm = req.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
    if (fromForm && req.method === 'POST' && reply.status < 400) {
      res.writeHead(303, { Location: '/sandbox/' }).end();
      return;
    }
    send(res, reply);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        notices.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
