import { constants } from 'node:fs';
import { access, mkdir, statfs } from 'node:fs/promises';
import type { DiskInfo } from '../contract';

/** Free and total space of the file system holding `dir`, and whether we may write there. */
export async function diskInfo(dir: string): Promise<DiskInfo> {
  let writable: boolean;
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    writable = true;
  } catch {
    writable = false;
  }
  try {
    const s = await statfs(dir);
    return { path: dir, writable, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return { path: dir, writable, freeBytes: 0, totalBytes: 0 };
  }
}

/** A disk size as staff read it on screens and in the CLI: "12.3 GB". */
export function formatGiB(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
