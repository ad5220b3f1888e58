import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { containedFile } from '../contained-file';
import { newStyleNonce, withStyleNonce } from '../style-nonce';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
};

/**
 * Serves a file of the built renderer. Paths that leave `root`, also through a link, are refused;
 * unknown paths get index.html so that the UI's own routes survive a reload.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  /** The CSP of a page, allowing inline styles with this nonce (see csp.ts). */
  pagePolicy: (styleNonce: string) => string,
): Promise<void> {
  const decoded = safeDecode(urlPath);
  const resolved = decoded === null ? null : path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (resolved === null || (resolved !== root && !resolved.startsWith(root + path.sep))) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Đường dẫn không hợp lệ.');
    return;
  }
  const found = await containedFile(root, resolved);
  if (found === 'outside') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Không tìm thấy tệp.');
    return;
  }
  const file = found === 'missing' ? path.join(root, 'index.html') : found.file;
  const ext = path.extname(file);
  const headers: Record<string, string> = { 'content-type': TYPES[ext] ?? 'application/octet-stream' };
  headers['cache-control'] = ext === '.html' ? 'no-store' : 'public, max-age=3600';
  if (ext === '.html') {
    const html = await readFile(file, 'utf8').catch(() => null);
    if (html !== null) {
      const nonce = newStyleNonce();
      res.writeHead(200, { ...headers, 'content-security-policy': pagePolicy(nonce) });
      res.end(withStyleNonce(html, nonce));
      return;
    }
  }
  const stream = createReadStream(file);
  stream.on('error', () => {
    if (!res.headersSent) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    }
    res.end('Giao diện studio chưa được dựng. Hãy chạy: npm run build');
  });
  stream.once('open', () => {
    res.writeHead(200, headers);
    stream.pipe(res);
  });
}

function safeDecode(p: string): string | null {
  try {
    const d = decodeURIComponent(p);
    return d.includes('\0') ? null : d;
  } catch {
    return null;
  }
}
