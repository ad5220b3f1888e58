import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { diskInfo } from '../../platform/disk';

/** Space always left free on the data disk, so an upload never fills it to the last byte. */
const RESERVE_BYTES = 200 * 1024 ** 2;

/**
 * A page in a browser has files but no paths, while imports take paths. The web host therefore
 * receives a dropped or picked file's bytes here and keeps them under `<dataDir>/incoming/`, with
 * the original name (the title comes from it); the import then copies them into the library.
 */
export async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  dataDir: string,
): Promise<void> {
  const name = safeFileName(url.searchParams.get('name'));
  if (!name)
    return reply(res, 400, { code: 'INVALID_REQUEST', message: 'Thiếu tên tệp hoặc tên tệp không hợp lệ.' });

  const length = Number(req.headers['content-length'] ?? NaN);
  const disk = await diskInfo(dataDir);
  if (Number.isFinite(length) && length + RESERVE_BYTES > disk.freeBytes) {
    req.resume();
    return reply(res, 507, {
      code: 'DISK_FULL',
      message: `Ổ đĩa không đủ chỗ cho tệp "${name}". Hãy giải phóng dung lượng rồi thử lại.`,
    });
  }
  const dir = path.join(incomingDir(dataDir), randomUUID());
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  try {
    await pipeline(req, createWriteStream(file, { flags: 'wx' }));
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    const full = (err as NodeJS.ErrnoException).code === 'ENOSPC';
    return reply(res, full ? 507 : 400, {
      code: full ? 'DISK_FULL' : 'INVALID_REQUEST',
      message: full
        ? `Ổ đĩa đầy khi nhận tệp "${name}". Hãy giải phóng dung lượng rồi thử lại.`
        : `Tệp "${name}" không được gửi trọn vẹn. Hãy thử lại.`,
    });
  }
  reply(res, 200, { path: file });
}

/** The last path segment only, in NFC, without control characters; null when nothing is left. */
export function safeFileName(raw: string | null): string | null {
  if (!raw) return null;
  const base = raw.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20)
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? null : clean;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function incomingDir(dataDir: string): string {
  return path.join(dataDir, 'incoming');
}

/**
 * The library keeps its own copy of every imported file, so an uploaded file is removed once
 * its import is over (whatever the outcome: a failed file would be uploaded again anyway).
 */
export async function removeUploaded(dataDir: string, files: readonly string[]): Promise<void> {
  const root = incomingDir(dataDir) + path.sep;
  const dirs = new Set(files.map((f) => path.dirname(path.resolve(f))).filter((d) => d.startsWith(root)));
  await Promise.all([...dirs].map((d) => rm(d, { recursive: true, force: true })));
}

/** Uploads older than a day are leftovers of a studio that stopped mid-import. */
export async function removeStaleUploads(dataDir: string, now = Date.now()): Promise<void> {
  const root = incomingDir(dataDir);
  const entries = await readdir(root).catch(() => [] as string[]);
  for (const name of entries) {
    const dir = path.join(root, name);
    const info = await stat(dir).catch(() => null);
    if (info && now - info.mtimeMs > 24 * 3600 * 1000) await rm(dir, { recursive: true, force: true });
  }
}
