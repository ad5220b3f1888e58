import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  DEFAULT_ERROR_MESSAGES,
  SESSION_COOKIE,
  UPLOAD_PATH,
  WIRE_MAX_BYTES,
  WIRE_PATH,
  wireCancelSchema,
  wireRequestSchema,
  type EventPayload,
  type WireEvent,
  type WireReply,
} from '../../contract';
import type { Connection } from '../../app/connection';
import { anonymousCaller } from '../../app/policy';
import type { Studio } from '../../app/studio';
import { createCallGate } from '../call-gate';
import { contentSecurityPolicy } from '../csp';
import { serveMediaFile } from './media-route';
import { serveStatic } from './static-files';
import { receiveUpload, removeStaleUploads, removeUploaded } from './upload';
import { createLaunchCodes } from './launch-codes';
import { openingPage } from './opening-page';
import { unauthorizedPage } from './unauthorized-page';
import { newSessionToken, readCookie, tokenMatches } from './token';

export interface WebHostOptions {
  studio: Studio;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Fixed token for tests; otherwise a fresh random one per run. */
  token?: string;
  /** Told each time a launch code is traded for a session (a window has opened the studio). */
  onSession?: () => void;
}

export interface WebHost {
  port: number;
  /** The session: the value of the page's HttpOnly cookie. Never put in an address. */
  token: string;
  /**
   * A fresh address to open the studio once: it carries a one-time code, good for
   * LAUNCH_CODE_LIFETIME_MS, that the host trades for the session cookie. `onOpened` is told
   * when this address has opened the studio.
   */
  launchUrl(onOpened?: () => void): string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/**
 * Who a page's connections start as: nobody, until the page signs in on it (or, on the first start,
 * sets the admin up with `auth.setup`). Never the local admin: any page holding the cookie could
 * then act as the admin before the first one exists, and the first start must create them on screen.
 */
const pageCaller = anonymousCaller;
/** `/media/<id>`: the audio of a library asset, an edit preview or a rendered programme file (the player). */
const MEDIA_ROUTE = /^\/media\/([0-9a-f]{64})$/;

/**
 * Serves the built UI and the contract over HTTP + WebSocket on 127.0.0.1 only. Every request
 * needs the per-run token in an HttpOnly SameSite=Strict cookie, and a Host header naming this
 * machine, which defeats DNS-rebinding pages. The token itself never travels in an address: the
 * browser is started with a one-time code (its command line is readable by every local user),
 * which the host trades for the cookie once.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newSessionToken();
  const codes = createLaunchCodes();
  const wss = new WebSocketServer({ noServer: true, maxPayload: WIRE_MAX_BYTES });
  let port = 0;

  const allowedHosts = () => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigin = (origin: string) => [...allowedHosts()].some((h) => origin === `http://${h}`);
  const csp = (styleNonce?: string) =>
    contentSecurityPolicy([`ws://${HOST}:${port}`, `ws://localhost:${port}`], styleNonce);

  const dataDir = options.studio.config.dataDir;
  await removeStaleUploads(dataDir);
  // The page's HTTP requests (media, uploads) carry only the cookie, shared by the browser's
  // windows: they are allowed what one of the open WebSocket connections (a signed-in window) may
  // do, and nothing without one. Who is signed in is decided in main for each.
  const sockets = new Set<Connection>();
  const pageMediaFile = (id: string): string | null => {
    for (const c of sockets) {
      const file = c.mediaFile(id);
      if (file) return file;
    }
    return null;
  };
  const pageMayUpload = () => [...sockets].some((c) => c.may('library.write'));
  // Uploads are removed once imported: an import's end is heard by the windows that may hear it
  // (the import's own among them); what a closed window leaves goes at the next start.
  const cleanUploads = (event: string, payload: unknown) => {
    if (event !== 'import.finished') return;
    const results = (payload as EventPayload<'import.finished'>).results;
    void removeUploaded(
      dataDir,
      results.map((r) => r.file),
    );
  };

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const baseHeaders = {
      'content-security-policy': csp(),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    };
    for (const [k, v] of Object.entries(baseHeaders)) res.setHeader(k, v);
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res
        .writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Địa chỉ máy chủ không hợp lệ.');
      return;
    }
    const url = requestTarget(req.url);
    if (!url) return badRequest(res);
    if (req.method === 'POST' && url.pathname === UPLOAD_PATH) {
      const origin = req.headers.origin;
      const authorised = tokenMatches(token, readCookie(req.headers.cookie, SESSION_COOKIE));
      if (!authorised || (origin !== undefined && !allowedOrigin(origin))) return unauthorized(res);
      if (!pageMayUpload()) {
        res
          .writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
          .end(DEFAULT_ERROR_MESSAGES.FORBIDDEN);
        return;
      }
      await receiveUpload(req, res, url, dataDir);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const code = url.searchParams.get('code');
    if (code !== null) {
      if (!codes.redeem(code)) return unauthorized(res);
      url.searchParams.delete('code');
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'set-cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end(openingPage(url.pathname + url.search));
      options.onSession?.();
      return;
    }
    if (!tokenMatches(token, readCookie(req.headers.cookie, SESSION_COOKIE))) return unauthorized(res);
    const media = MEDIA_ROUTE.exec(url.pathname);
    if (media?.[1]) {
      await serveMediaFile(req, res, pageMediaFile(media[1]) ?? '');
      return;
    }
    await serveStatic(options.staticDir, url.pathname, res, csp);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrading socket over without an error listener: a client that resets it
    // would otherwise be an uncaught error, which ends the process.
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
    } catch {
      refuseUpgrade(socket, 400, 'Bad Request');
    }
  });

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = requestTarget(req.url);
    if (!url) return refuseUpgrade(socket, 400, 'Bad Request');
    const origin = req.headers.origin;
    const sameOrigin = origin === undefined || allowedOrigin(origin);
    // The cookie only: a token in the address would end up in logs and on command lines.
    const given = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (url.pathname !== WIRE_PATH || !allowedHosts().has(req.headers.host ?? '') || !sameOrigin) {
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    if (!tokenMatches(token, given)) return refuseUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws));
  }

  function serveConnection(ws: WebSocket): void {
    const connection = options.studio.connect(pageCaller('web'));
    sockets.add(connection);
    const gate = createCallGate();
    const send = (msg: WireReply | WireEvent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    connection.subscribe((event, payload) => {
      send({ event, payload });
      cleanUploads(event, payload);
    });
    // Calls under way, by the client's id, so that it can cancel them; a client that goes away
    // cancels them all (nobody is left to take their answers).
    const running = new Map<string | number, AbortController>();
    const closed = () => {
      sockets.delete(connection);
      connection.close();
      for (const controller of running.values()) controller.abort();
      running.clear();
    };
    ws.on('close', closed);
    ws.on('error', closed);
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let raw: unknown;
        try {
          if (isBinary) throw new Error('binary');
          raw = JSON.parse(data.toString());
        } catch {
          return send(badMessage(null, 'Tin nhắn không phải JSON hợp lệ.'));
        }
        const cancel = wireCancelSchema.safeParse(raw);
        if (cancel.success) {
          running.get(cancel.data.cancel)?.abort();
          return;
        }
        const parsed = wireRequestSchema.safeParse(raw);
        if (!parsed.success) {
          const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : null;
          return send(badMessage(typeof id === 'string' || typeof id === 'number' ? id : null));
        }
        const { id, call, request } = parsed.data;
        const controller = new AbortController();
        running.set(id, controller);
        try {
          const reply = await gate(() => connection.call(call, request, controller.signal));
          send({ id, ...reply });
        } finally {
          if (running.get(id) === controller) running.delete(id);
        }
      })().catch((err: unknown) =>
        options.studio.log.child('web').error('A WebSocket message could not be answered', err),
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // The studio's windows are open: approved programmes go to the province by themselves.
  options.studio.startOutbox();

  return {
    port,
    token,
    launchUrl: (onOpened) => `http://${HOST}:${port}/?code=${codes.issue(onOpened)}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(unauthorizedPage());
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } else {
    socket.destroy();
  }
}

/**
 * The path and query a request asks for, or null for a target that is not a plain path
 * (`http://[x/ws`, `*`, garbage): browsers send nothing else to this host.
 */
function requestTarget(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(`http://${HOST}${target}`);
  } catch {
    return null;
  }
}

function badRequest(res: ServerResponse): void {
  res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Yêu cầu không hợp lệ.');
}

function badMessage(id: string | number | null, message?: string): WireReply {
  return {
    id,
    ok: false,
    error: { code: 'BAD_MESSAGE', message: message ?? DEFAULT_ERROR_MESSAGES.BAD_MESSAGE },
  };
}
