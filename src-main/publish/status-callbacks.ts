/**
 * The studio's end of the province's status callbacks (where the province supports them): a small
 * HTTP listener whose URL goes into each bulletin's submission as `callbackUrl`. A notice is only a
 * nudge: its body is never believed (anyone who can reach the port can POST one). The listener
 * checks that it names a bulletin this studio published, answers 202 at once, and reads that
 * bulletin's status again through the adapter (`BulletinStatusSync.refresh`), so a forged notice
 * can change nothing the province does not say. Anything else is a 4xx.
 *
 * Off unless configured (a station behind a 4G modem is rarely reachable from the province; polling
 * does the work then): `STUDIO_PUBLISH_CALLBACK_LISTEN=host:port` and, when the province must reach
 * it through another address (a reverse proxy, a forwarded port), `STUDIO_PUBLISH_CALLBACK_URL`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { BULLETIN_STATUSES } from '../contract';

/** Where the receiver listens, and the address the province is given (default: the listener's). */
export interface StatusCallbackConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The base URL the province reaches the listener by; the path below is added. */
  publicUrl?: string;
}

/** The path notices are POSTed to, under the listener's base URL. */
export const CALLBACK_PATH = '/callbacks/bulletin-status';
const MAX_BODY_BYTES = 8 * 1024;

const noticeSchema = z.object({
  bulletinId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/),
  status: z.enum(BULLETIN_STATUSES),
  at: z.string().max(64),
});

/** The receiver's settings from the environment; null (off) unless a listen address is given. */
export function statusCallbackConfigFrom(env: NodeJS.ProcessEnv): StatusCallbackConfig | null {
  const listen = env.STUDIO_PUBLISH_CALLBACK_LISTEN?.trim();
  if (!listen) return null;
  const m = /^(.+):(\d{1,5})$/.exec(listen);
  const port = Number(m?.[2]);
  if (!m || !(port >= 0 && port <= 65535)) {
    throw new Error(
      `STUDIO_PUBLISH_CALLBACK_LISTEN="${listen}" không hợp lệ: cần dạng máy:cổng, ví dụ 0.0.0.0:8471.`,
    );
  }
  const publicUrl = env.STUDIO_PUBLISH_CALLBACK_URL?.trim();
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port, ...(publicUrl ? { publicUrl } : {}) };
}

export interface StatusCallbackDeps {
  /** Whether this studio published the bulletin (read from the outbox: no request to the province). */
  knows(bulletinId: string): boolean;
  /** Reads the bulletin's status again through the adapter and records it. */
  refresh(bulletinId: string): Promise<unknown>;
  log?: { warn(message: string, detail?: unknown): void; info?(message: string): void };
}

export class StatusCallbackReceiver {
  private server: http.Server | null = null;
  private base: string | null = null;
  /** Per bulletin: a read under way, and whether another nudge came meanwhile (one more read). */
  private readonly reading = new Map<string, { again: boolean }>();

  constructor(
    private readonly config: StatusCallbackConfig,
    private readonly deps: StatusCallbackDeps,
  ) {}

  /** The URL submissions name as `callbackUrl`; null until the listener runs. */
  get url(): string | null {
    return this.base === null ? null : `${this.base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => this.handle(req, res));
    // A slow or stuck client cannot hold a socket for long.
    server.requestTimeout = 10_000;
    server.headersTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.config.host.includes(':') ? `[${this.config.host}]` : this.config.host;
    this.base = this.config.publicUrl ?? `http://${host}:${port}`;
    this.deps.log?.info?.(`Status callbacks on ${host}:${port}, announced as ${this.url}`);
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.base = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const answer = (status: number, message?: string) => {
      const body = message ? JSON.stringify({ error: { code: String(status), message } }) : '';
      res.writeHead(status, {
        ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
        'Content-Length': String(Buffer.byteLength(body)),
        Connection: 'close',
      });
      res.end(body);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== CALLBACK_PATH) return answer(404, 'No such path.');
    if (req.method !== 'POST') return answer(405, 'Only POST.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return answer(415, 'A notice is JSON.');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !refused) {
        refused = true;
        // Answered now; the rest is read and dropped, and the connection closes after it.
        answer(413, 'A notice is small.');
        chunks.length = 0;
        return;
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (refused) return;
      let notice: z.infer<typeof noticeSchema>;
      try {
        const parsed = noticeSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        if (!parsed.success) return answer(400, 'Not a bulletin status notice.');
        notice = parsed.data;
      } catch {
        return answer(400, 'Not JSON.');
      }
      if (!this.deps.knows(notice.bulletinId)) return answer(404, 'No bulletin of this studio.');
      // Answered before the province is asked: its sender is never held by our read.
      answer(202);
      this.nudge(notice.bulletinId);
    });
  }

  /** Reads the bulletin again; nudges that come during a read make one more read, no more. */
  private nudge(bulletinId: string): void {
    const current = this.reading.get(bulletinId);
    if (current) {
      current.again = true;
      return;
    }
    const state = { again: false };
    this.reading.set(bulletinId, state);
    const read = async (): Promise<void> => {
      do {
        state.again = false;
        try {
          await this.deps.refresh(bulletinId);
        } catch (err) {
          this.deps.log?.warn(`Status callback for ${bulletinId}: the status could not be read`, err);
        }
      } while (state.again && this.server);
      this.reading.delete(bulletinId);
    };
    void read();
  }
}
