import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError, type HostKind } from '../contract';

interface LockOwner {
  pid: number;
  host: HostKind;
  startedAt: string;
}

const HOST_NAMES: Record<HostKind, string> = {
  electron: 'ứng dụng studio',
  web: 'studio chế độ web (studio serve)',
  cli: 'lệnh studio',
};

/**
 * One studio process per data folder. Two would each keep their own copy of the collections in
 * memory and the last write would win; worse, the second would "recover" the first one's take
 * in progress. A lock file names the owner; a lock whose process is gone is taken over.
 * The same process may open a folder again (tests do; a process runs one studio in practice).
 */
export async function acquireDataLock(dataDir: string, host: HostKind): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'studio.lock');
  const me: LockOwner = { pid: process.pid, host, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, JSON.stringify(me), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = await readOwner(file);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new StudioError(
        'CONFLICT',
        `Thư mục dữ liệu ${dataDir} đang được ${HOST_NAMES[owner.host]} dùng (tiến trình ${owner.pid}, ` +
          `mở lúc ${new Date(owner.startedAt).toLocaleString('vi-VN')}). Hãy làm việc trong studio đó, ` +
          'hoặc đóng nó trước; hoặc chọn thư mục khác bằng --data.',
        { pid: owner.pid, host: owner.host },
      );
    }
    await rm(file, { force: true });
  }
  throw new StudioError('CONFLICT', `Không giữ được thư mục dữ liệu ${dataDir}. Hãy thử lại.`);
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? (owner as LockOwner) : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
