import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
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

  const incoming = path.join(dataDir, 'incoming');
  const length = Number(req.headers['content-length'] ?? NaN);
  const disk = await diskInfo(dataDir);
  if (Number.isFinite(length) && length + RESERVE_BYTES > disk.freeBytes) {
    req.resume();
    return reply(res, 507, {
      code: 'DISK_FULL',
      message: `Ổ đĩa không đủ chỗ cho tệp "${name}". Hãy giải phóng dung lượng rồi thử lại.`,
    });
  }
  const dir = path.join(incoming, randomUUID());
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
