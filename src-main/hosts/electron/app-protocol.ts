/**
 * The `app://studio/` protocol: serves the built renderer (out/renderer) to Electron windows.
 * Written against the web platform's Request/Response (what `protocol.handle` uses), with no
 * Electron import, so it is tested in plain Node.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, appContentSecurityPolicy } from './security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/** Headers on every response of the protocol, errors included. */
export function appResponseHeaders(): Record<string, string> {
  return {
    'content-security-policy': appContentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

export type ResolvedAppPath =
  { ok: true; file: string; fallback: boolean } | { ok: false; status: 400 | 404 };

/**
 * Maps a request URL to a file under `root`. Only `app://studio/...` is served; paths are
 * percent-decoded once, normalised, and must stay inside `root` (no `..`, no NUL, no
 * backslash tricks). Paths without a file extension fall back to index.html so the UI's own
 * routes survive a reload; a missing asset is a 404, not index.html.
 */
export function resolveAppPath(url: string, root: string): ResolvedAppPath {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '') {
    return { ok: false, status: 404 };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400 };
  const normalised = path.posix.normalize(`/${decoded}`);
  const base = path.resolve(root);
  const file = path.resolve(base, `.${normalised}`);
  if (file !== base && !file.startsWith(base + path.sep)) return { ok: false, status: 400 };
  if (normalised === '/' || normalised.endsWith('/')) {
    return { ok: true, file: path.join(base, 'index.html'), fallback: false };
  }
  if (path.posix.extname(normalised) === '') {
    return { ok: true, file: path.join(base, 'index.html'), fallback: true };
  }
  return { ok: true, file, fallback: false };
}

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** The handler given to `protocol.handle('app', ...)`. */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = appResponseHeaders();
    const text = (status: number, body: string, extra: Record<string, string> = {}) =>
      new Response(request.method === 'HEAD' ? null : body, {
        status,
        headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', ...extra },
      });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return text(405, 'Phương thức không được hỗ trợ.', { allow: 'GET, HEAD' });
    }
    const resolved = resolveAppPath(request.url, root);
    if (!resolved.ok) {
      return text(
        resolved.status,
        resolved.status === 400 ? 'Đường dẫn không hợp lệ.' : 'Không tìm thấy tệp.',
      );
    }
    const info = await stat(resolved.file).catch(() => null);
    if (!info?.isFile()) {
      return resolved.file.endsWith('index.html')
        ? text(404, 'Giao diện studio chưa được dựng. Hãy chạy: npm run build')
        : text(404, 'Không tìm thấy tệp.');
    }
    const body = request.method === 'HEAD' ? null : await readFile(resolved.file);
    return new Response(body, {
      status: 200,
      headers: {
        ...headers,
        'content-type': contentTypeOf(resolved.file),
        'cache-control': resolved.file.endsWith('.html') ? 'no-store' : 'no-cache',
      },
    });
  };
}
