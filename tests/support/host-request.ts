import { request } from 'node:http';
import type { WebHost } from '../../src-main/hosts/web/web-host';

export interface HostReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The web host's session cookie, as the page has it once it has traded its token. */
export const sessionCookie = (h: WebHost): string => `studio_session=${h.token}`;

/** A GET (or a POST when a body is given) to the web host on 127.0.0.1, with the Host it expects. */
export function hostRequest(
  h: WebHost,
  pathname: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<HostReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: h.port,
        path: pathname,
        method: body ? 'POST' : 'GET',
        headers: { host: `127.0.0.1:${h.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
