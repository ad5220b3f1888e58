/**
 * The `app://studio/` protocol: serves the built renderer (out/renderer) to Electron windows.
 * Written against the web platform's Request/Response (what `protocol.handle` uses), with no
 * Electron import, so it is tested in plain Node.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseByteRange } from '../byte-range';
import { containedFile } from '../contained-file';
import { newStyleNonce, withStyleNonce } from '../style-nonce';
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
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
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

/** `app://studio/media/<asset id>`: a library asset's audio, for the page's player. */
const MEDIA_PATH = /^\/media\/([0-9a-f]{64})$/;

/** Finds the file of a library asset; null when there is no such asset. */
export type MediaResolver = (assetId: string) => string | null;

/** The handler given to `protocol.handle('app', ...)`. */
export function createAppProtocolHandler(
  root: string,
  resolveMedia: MediaResolver = () => null,
): (request: Request) => Promise<Response> {
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
    const media = MEDIA_PATH.exec(safePathname(request.url));
    if (media?.[1]) {
      const file = resolveMedia(media[1]);
      return file ? mediaResponse(request, file, headers) : text(404, 'Không tìm thấy tệp âm thanh.');
    }
    const resolved = resolveAppPath(request.url, root);
    if (!resolved.ok) {
      return text(
        resolved.status,
        resolved.status === 400 ? 'Đường dẫn không hợp lệ.' : 'Không tìm thấy tệp.',
      );
    }
    const found = await containedFile(root, resolved.file);
    if (found === 'outside') return text(404, 'Không tìm thấy tệp.');
    if (found === 'missing') {
      return resolved.file.endsWith('index.html')
        ? text(404, 'Giao diện studio chưa được dựng. Hãy chạy: npm run build')
        : text(404, 'Không tìm thấy tệp.');
    }
    const isPage = resolved.file.endsWith('.html');
    const nonce = isPage ? newStyleNonce() : null;
    const bytes = await readFile(found.file);
    const body = nonce ? withStyleNonce(bytes.toString('utf8'), nonce) : bytes;
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        ...headers,
        ...(nonce ? { 'content-security-policy': appContentSecurityPolicy(nonce) } : {}),
        'content-type': contentTypeOf(resolved.file),
        'cache-control': isPage ? 'no-store' : 'no-cache',
      },
    });
  };
}

function safePathname(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST ? u.pathname : '';
  } catch {
    return '';
  }
}

/**
 * Streams an audio file with Range support, so the player can seek in a three-hour recording
 * without reading all of it.
 */
export async function mediaResponse(
  request: Request,
  file: string,
  headers: Record<string, string>,
): Promise<Response> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return new Response('Không tìm thấy tệp âm thanh.', { status: 404, headers });
  const size = info.size;
  const range = parseByteRange(request.headers.get('range'), size);
  if (range.kind === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
  }
  const { start, end } = range;
  const partial = range.kind === 'partial';
  const body =
    request.method === 'HEAD' || size === 0
      ? null
      : (Readable.toWeb(createReadStream(file, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status: partial ? 206 : 200,
    headers: {
      ...headers,
      'content-type': contentTypeOf(file),
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      ...(partial ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    },
  });
}
