import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StudioError, type HostKind } from '../contract';
import {
  currentBootId,
  currentBootTime,
  isProcessRunning,
  linuxBootSeconds,
  processStartTicks,
} from '../platform/process-identity';

const LOCK_NAME = 'studio.lock';

/**
 * What a lock file says. Locks written before version 0.x hold only the first three fields; the rest
 * tell a restarted machine or a reused process number from the studio that wrote the lock.
 */
interface LockOwner {
  pid: number;
  host: HostKind;
  startedAt: string;
  hostname?: string;
  /** Unique to this lock file: a takeover is claimed under this name. */
  nonce?: string;
  /** Linux's id of the boot the lock was written in. */
  bootId?: string | null;
  /** Linux: the owner's start, in clock ticks since the boot (`/proc/PID/stat`). */
  processStart?: string | null;
  /** When the machine had booted (ms since 1970), for systems without a boot id. */
  bootTime?: number;
}

const HOST_NAMES: Record<HostKind, string> = {
  electron: 'ứng dụng studio',
  web: 'studio chế độ web (studio serve)',
  cli: 'lệnh studio',
};

/** A lock file this young that cannot be read yet is being written (only without hard links). */
const BEING_WRITTEN_MS = 10_000;
/** Two boot times this far apart mean the machine restarted. */
const REBOOT_TOLERANCE_MS = 120_000;
/** Leftovers of a process killed while it took the lock, removed once they are this old. */
const LEFTOVER_MS = 60_000;
const MAX_ATTEMPTS = 100;
/** A takeover of a takeover of a takeover: each level needs a process killed at the exact moment. */
const MAX_DEPTH = 3;

/** Nonces of the lock files (locks and takeover claims) this process has written and not removed. */
const mine = new Set<string>();

/**
 * One studio process per data folder. Two would each keep their own copy of the collections in
 * memory and the last write would win; worse, the second would "recover" the first one's take in
 * progress. The lock file names its owner and appears whole or not at all (it is written aside and
 * hard-linked into place, which fails if a lock exists). A lock whose owner is gone (the process
 * died, the machine restarted, its number now belongs to another program) is replaced, and only one
 * process can do that: the one that first creates the claim file named after that very lock.
 */
export async function acquireDataLock(dataDir: string, host: HostKind): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_NAME);
  const claimed = await claim(file, host, 0);
  if (!claimed.ok) {
    if (claimed.holder) throw heldBy(dataDir, file, claimed.holder);
    throw new StudioError(
      'CONFLICT',
      `Không giữ được thư mục dữ liệu ${dataDir}: một studio khác đang mở nó cùng lúc. Hãy thử lại.`,
    );
  }
  await removeLeftovers(dataDir);
  return async () => {
    mine.delete(claimed.nonce);
    const found = await readLock(file);
    if (found?.owner?.nonce === claimed.nonce) await rm(file, { force: true });
  };
}

type Claim = { ok: true; nonce: string } | { ok: false; holder: LockOwner | null };

async function claim(file: string, host: HostKind, depth: number): Promise<Claim> {
  let holder: LockOwner | null = null;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const me = ownerRecord(host);
    if (await createExclusive(file, me)) return { ok: true, nonce: me.nonce };
    const found = await readLock(file);
    if (!found) continue; // released meanwhile
    const verdict = judge(found);
    if (verdict === 'held') return { ok: false, holder: found.owner };
    if (verdict === 'being-written') {
      await pause();
      continue;
    }
    // Gone. Whoever creates the claim named after this lock replaces it; the others look again.
    if (depth >= MAX_DEPTH) return { ok: false, holder: null };
    const marker = `${file}.takeover-${found.id}`;
    const takeover = await claim(marker, host, depth + 1);
    if (!takeover.ok) {
      holder = takeover.holder;
      await pause();
      continue;
    }
    try {
      // Nobody else can replace this lock now; it is still the one judged gone, or it was replaced
      // before we claimed (then we look again).
      if ((await readLock(file))?.id === found.id) {
        const winner = ownerRecord(host);
        await replace(file, winner);
        return { ok: true, nonce: winner.nonce };
      }
    } finally {
      mine.delete(takeover.nonce);
      await rm(marker, { force: true });
    }
  }
  return { ok: false, holder };
}

function ownerRecord(host: HostKind): LockOwner & { nonce: string } {
  return {
    pid: process.pid,
    host,
    startedAt: new Date().toISOString(),
    hostname: os.hostname(),
    nonce: randomUUID(),
    bootId: currentBootId(),
    processStart: processStartTicks(process.pid),
    bootTime: currentBootTime(),
  };
}

/** Creates `file` holding `owner`, whole, unless it exists. */
async function createExclusive(file: string, owner: LockOwner & { nonce: string }): Promise<boolean> {
  const text = JSON.stringify(owner);
  const aside = `${file}.${owner.nonce}.tmp`;
  mine.add(owner.nonce);
  await writeFile(aside, text, { flag: 'wx' });
  try {
    await link(aside, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      mine.delete(owner.nonce);
      return false;
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // A file system without hard links (FAT on a USB disk): create-exclusive, then write.
    try {
      await writeFile(file, text, { flag: 'wx' });
      return true;
    } catch (e) {
      mine.delete(owner.nonce);
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  } finally {
    await rm(aside, { force: true });
  }
}

async function replace(file: string, owner: LockOwner & { nonce: string }): Promise<void> {
  const aside = `${file}.${owner.nonce}.tmp`;
  mine.add(owner.nonce);
  await writeFile(aside, JSON.stringify(owner), { flag: 'wx' });
  await rename(aside, file);
}

interface FoundLock {
  /** Null when the file cannot be read as a lock (being written, or damaged). */
  owner: LockOwner | null;
  /** This lock file, as opposed to another one at the same path before or after it. */
  id: string;
  mtimeMs: number;
}

async function readLock(file: string): Promise<FoundLock | null> {
  let text: string;
  let info;
  try {
    [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
  } catch {
    return null;
  }
  let owner: LockOwner | null = null;
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.startedAt === 'string') owner = parsed as LockOwner;
  } catch {
    // not (yet) a lock
  }
  const id =
    owner?.nonce && /^[\w-]{1,64}$/.test(owner.nonce)
      ? owner.nonce
      : createHash('sha256').update(`${info.ino}:${text}`).digest('hex').slice(0, 32);
  return { owner, id, mtimeMs: info.mtimeMs };
}

/** Whether the lock's owner still holds it. When that cannot be checked, it does. */
function judge(found: FoundLock): 'held' | 'gone' | 'being-written' {
  const { owner } = found;
  if (!owner) return Date.now() - found.mtimeMs < BEING_WRITTEN_MS ? 'being-written' : 'gone';
  // Another computer sharing the folder: its processes cannot be seen from here.
  if (owner.hostname && owner.hostname !== os.hostname()) return 'held';
  const bootId = currentBootId();
  if (owner.bootId && bootId) {
    if (owner.bootId !== bootId) return 'gone';
  } else if (typeof owner.bootTime === 'number') {
    if (Math.abs(owner.bootTime - currentBootTime()) > REBOOT_TOLERANCE_MS) return 'gone';
  }
  if (!isProcessRunning(owner.pid)) return 'gone';
  if (owner.pid === process.pid) return owner.nonce && mine.has(owner.nonce) ? 'held' : 'gone';
  const started = processStartTicks(owner.pid);
  if (started === null) return 'held';
  if (owner.processStart) return started === owner.processStart ? 'held' : 'gone';
  // A lock without a start time: a program that began after the lock was written is not its owner
  // (Linux counts start times in hundredths of a second since the boot).
  const boot = linuxBootSeconds();
  if (boot === null) return 'held';
  const startedMs = (boot + Number(started) / 100) * 1000;
  return startedMs > Date.parse(owner.startedAt) + 5_000 ? 'gone' : 'held';
}

function heldBy(dataDir: string, file: string, owner: LockOwner | null): StudioError {
  const where = owner?.hostname && owner.hostname !== os.hostname() ? ` trên máy ${owner.hostname}` : '';
  const who = owner
    ? `${HOST_NAMES[owner.host] ?? 'một studio khác'}${where} dùng (tiến trình ${owner.pid}, mở lúc ` +
      `${new Date(owner.startedAt).toLocaleString('vi-VN')})`
    : 'một studio khác dùng';
  return new StudioError(
    'CONFLICT',
    `Thư mục dữ liệu ${dataDir} đang được ${who}. Hãy làm việc trong studio đó, hoặc đóng nó ` +
      'trước. Nếu chắc chắn không còn studio nào mở thư mục này ' +
      `(ví dụ máy kia đã tắt, hoặc studio bị tắt đột ngột), hãy xoá tệp ${file} rồi mở lại studio.`,
    { pid: owner?.pid ?? null, host: owner?.host ?? null, hostname: owner?.hostname ?? null, lockFile: file },
    // For whoever runs the command line: another data folder is one flag away.
    'Dòng lệnh: studio … --data THƯ_MỤC (hoặc biến STUDIO_DATA_DIR) để dùng một thư mục dữ liệu khác.',
  );
}

/** Claims and copies left by processes killed while they took the lock. */
async function removeLeftovers(dataDir: string): Promise<void> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(`${LOCK_NAME}.`)) continue;
    const file = path.join(dataDir, name);
    const info = await stat(file).catch(() => null);
    if (info && Date.now() - info.mtimeMs > LEFTOVER_MS) await rm(file, { force: true });
  }
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
}
