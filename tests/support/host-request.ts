import { request } from 'node:http';
import type { WebHost } from '../../src-main/hosts/web/web-host';

export interface HostReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The web host's session cookie, as the page has it once it has traded its one-time code. */
export const sessionCookie = (h: WebHost): string => `studio_session=${h.token}`;

/** A GET (or a POST when a body is given) to the web host on 127.0.0.1, with the Host it expects. */
export function hostRequest(
  h: Pick<WebHost, 'port'>,
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

/**
 * Opens a launch address as the browser does: its one-time code comes back as a session cookie.
 * Returns the `name=value` to send as Cookie; throws when the host refuses the code.
 */
export async function redeemLaunchUrl(launchUrl: string): Promise<string> {
  const url = new URL(launchUrl);
  const reply = await hostRequest({ port: Number(url.port) }, url.pathname + url.search);
  const setCookie = reply.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
  if (reply.status !== 200 || !cookie) throw new Error(`launch address refused: HTTP ${reply.status}`);
  return cookie;
}
