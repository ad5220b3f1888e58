/**
 * Malformed and hostile requests for the web host, drawn from a seeded generator: wrong methods,
 * targets, Host and Origin headers, cookies, upgrade handshakes, bodies, huge headers, raw garbage,
 * and requests cut off half-way. Each comes with a one-line description for the failure message.
 */
import { randomBytes } from 'node:crypto';
import type { SeededRandom } from './seeded-random';

export interface HostileRequest {
  what: string;
  bytes: Buffer;
  /** Sent whole (half-closed after) or left hanging half-way. */
  complete: boolean;
  /** A handshake that may be accepted: garbage frames follow it. */
  upgrade: boolean;
}

export interface HostileContext {
  port: number;
  /** `studio_session=...`, so that some requests get past the cookie check into the routes. */
  cookie: string;
}

/** Header-value garbage that mostly stays one header line, so the request reaches the host's own checks. */
function junk(r: SeededRandom, n: number): string {
  const t = r.text(n);
  return r.chance(0.85) ? t.replace(/[\r\n\0]/g, '~') : t;
}

const METHODS = [
  'GET',
  'GET',
  'GET',
  'POST',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
  'PATCH',
  'get',
  'CONNECT',
  'TRACE',
];

function target(r: SeededRandom): string {
  const hex = () => r.bytes(32).toString('hex');
  return r.pick<() => string>([
    () => '/',
    () => '/ws',
    () => '/ws?token=' + r.text(8),
    () => `/media/${hex()}`,
    () => `/media/${r.text(64)}`,
    () => `/upload?name=${encodeURIComponent(r.text(12))}`,
    () => `/upload?name=${r.text(12)}`,
    () => '/upload',
    () => '/assets/index.js',
    () => `/?code=${r.text(32)}`,
    () => `/?code=${randomBytes(24).toString('base64url')}`,
    () => `/?token=${r.text(32)}`,
    () => 'http://[x/ws',
    () => 'http://[x/',
    () => 'http://127.0.0.1/ws',
    () => '*',
    () => '//evil.example/ws',
    () => '/..%2F..%2F..%2Fetc%2Fpasswd',
    () => '/../../../../etc/passwd',
    () => '/%E0',
    () => '/%',
    () => '/%00index.html',
    () => '/' + 'a'.repeat(r.int(1000, 9000)),
    () => '/' + r.text(r.int(1, 200)),
    () => r.text(r.int(1, 40)),
    () => '/?' + 'x=1&'.repeat(r.int(100, 2000)),
  ])();
}

function cookie(r: SeededRandom, ctx: HostileContext): string {
  return r.pick<() => string>([
    () => ctx.cookie,
    () => ctx.cookie,
    () => 'studio_session=%E0',
    () => 'studio_session=%',
    () => 'studio_session=',
    () => 'studio_session',
    () => '=;;=;',
    () => `studio_session=${junk(r, 40)}`,
    () => `a=b; ${ctx.cookie}; studio_session=wrong`,
    () => `studio_session=wrong; ${ctx.cookie}`,
    () => `${ctx.cookie}${junk(r, 3)}`,
    () => 'x=' + 'y'.repeat(r.int(100, 6000)),
    () => Array.from({ length: r.int(10, 300) }, (_, i) => `c${i}=${junk(r, 4)}`).join('; '),
  ])();
}

function headers(r: SeededRandom, ctx: HostileContext, upgrade: boolean): string[] {
  const lines: string[] = [];
  const host = r.pick([
    `127.0.0.1:${ctx.port}`,
    `127.0.0.1:${ctx.port}`,
    `localhost:${ctx.port}`,
    'evil.example',
    `127.0.0.1:${ctx.port}.evil.example`,
    '',
    junk(r, 20),
    null,
  ]);
  if (host !== null) lines.push(`Host: ${host}`);
  if (r.chance(0.1)) lines.push(`Host: evil.example`);
  if (r.chance(0.4)) {
    lines.push(
      `Origin: ${r.pick([`http://127.0.0.1:${ctx.port}`, 'http://evil.example', 'null', junk(r, 30), ''])}`,
    );
  }
  if (r.chance(0.7)) lines.push(`Cookie: ${cookie(r, ctx)}`);
  if (r.chance(0.1)) lines.push(`Cookie: ${cookie(r, ctx)}`);
  if (r.chance(0.15))
    lines.push(`Authorization: ${r.pick(['Bearer ', 'Bearer x', 'Basic %%%', junk(r, 30)])}`);
  if (upgrade) {
    if (r.chance(0.9))
      lines.push(`Connection: ${r.pick(['Upgrade', 'upgrade', 'keep-alive, Upgrade', junk(r, 8)])}`);
    if (r.chance(0.9)) lines.push(`Upgrade: ${r.pick(['websocket', 'WebSocket', 'h2c', junk(r, 8)])}`);
    if (r.chance(0.85)) lines.push(`Sec-WebSocket-Version: ${r.pick(['13', '13', '8', '', junk(r, 3)])}`);
    if (r.chance(0.85)) {
      lines.push(
        `Sec-WebSocket-Key: ${r.pick([randomBytes(16).toString('base64'), randomBytes(16).toString('base64'), '', junk(r, 24)])}`,
      );
    }
    if (r.chance(0.2)) lines.push(`Sec-WebSocket-Extensions: ${r.pick(['permessage-deflate', junk(r, 40)])}`);
    if (r.chance(0.1)) lines.push(`Sec-WebSocket-Protocol: ${junk(r, 20)}`);
  }
  if (r.chance(0.2))
    lines.push(`Range: ${r.pick(['bytes=0-', 'bytes=-0', 'bytes=99999999999-', 'bytes=5-1', junk(r, 12)])}`);
  if (r.chance(0.1)) {
    lines.push(`Content-Length: ${r.pick(['0', '5', '-1', '99999999999999', 'abc', String(r.int(0, 100))])}`);
  }
  if (r.chance(0.05)) lines.push(`Transfer-Encoding: ${r.pick(['chunked', 'gzip, chunked', junk(r, 6)])}`);
  if (r.chance(0.05)) lines.push(`X-Huge: ${'h'.repeat(r.int(9000, 40000))}`);
  if (r.chance(0.03)) lines.push(junk(r, r.int(1, 30)));
  if (r.chance(0.03)) lines.push(`${junk(r, 10)}: ${junk(r, 10)}`);
  return lines;
}

/** One request from the generator. */
export function hostileRequest(r: SeededRandom, ctx: HostileContext): HostileRequest {
  if (r.chance(0.06)) {
    const n = r.int(1, 4000);
    return { what: `${n} random bytes`, bytes: r.bytes(n), complete: r.chance(0.5), upgrade: false };
  }
  if (r.chance(0.15)) return nearlyValid(r, ctx);
  const upgrade = r.chance(0.35);
  const method = upgrade && r.chance(0.8) ? 'GET' : r.pick(METHODS);
  const t = upgrade && r.chance(0.6) ? '/ws' : target(r);
  const version = r.chance(0.85) ? 'HTTP/1.1' : r.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', '', r.text(8)]);
  const head = `${method} ${t} ${version}\r\n${headers(r, ctx, upgrade).join('\r\n')}\r\n\r\n`;
  // After a handshake, random bytes are frames the WebSocket parser must refuse.
  const body = r.chance(upgrade ? 0.6 : 0.2) ? r.bytes(r.int(1, 3000)) : Buffer.alloc(0);
  let bytes = Buffer.concat([Buffer.from(head, 'latin1'), body]);
  const complete = r.chance(0.85);
  if (!complete) bytes = bytes.subarray(0, r.int(1, Math.max(1, bytes.length - 1)));
  const what = `${method} ${t.slice(0, 60)} ${version} (${complete ? 'complete' : `cut at ${bytes.length} bytes`}${upgrade ? ', upgrade' : ''})`;
  return { what, bytes, complete, upgrade };
}

/**
 * A request the page could almost have sent (this host, the session cookie) with one thing wrong,
 * so that it gets past the first checks: into the routes, or through the handshake to garbage frames.
 */
function nearlyValid(r: SeededRandom, ctx: HostileContext): HostileRequest {
  const upgrade = r.chance(0.5);
  const base = [`Host: 127.0.0.1:${ctx.port}`, `Cookie: ${ctx.cookie}`];
  if (upgrade) {
    const handshake = [
      ...base,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    ];
    const frames = r.bytes(r.int(1, 2000));
    return {
      what: `handshake, then ${frames.length} bytes of random frames`,
      bytes: Buffer.concat([Buffer.from(`GET /ws HTTP/1.1\r\n${handshake.join('\r\n')}\r\n\r\n`), frames]),
      complete: true,
      upgrade: true,
    };
  }
  const method = r.pick(['GET', 'GET', 'HEAD', 'POST']);
  const t = target(r);
  const extra = r.chance(0.5) ? headers(r, ctx, false).filter((h) => !/^(Host|Cookie):/i.test(h)) : [];
  const body = method === 'POST' ? r.bytes(r.int(0, 3000)) : Buffer.alloc(0);
  const lines = [...base, ...extra];
  if (method === 'POST' && !extra.some((h) => /^(Content-Length|Transfer-Encoding):/i.test(h))) {
    lines.push(`Content-Length: ${body.length}`);
  }
  return {
    what: `${method} ${t.slice(0, 60)} with the session cookie`,
    bytes: Buffer.concat([
      Buffer.from(`${method} ${t} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1'),
      body,
    ]),
    complete: r.chance(0.9),
    upgrade: false,
  };
}
