import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export type ContainedFile = { file: string } | 'missing' | 'outside';

/**
 * Where `file` really is, when that is a regular file inside `root` (both with every link
 * resolved): a link planted in the built UI folder must not serve what it points to elsewhere.
 * 'missing' for nothing there, or a folder; 'outside' for anything that leads out of `root`.
 */
export async function containedFile(root: string, file: string): Promise<ContainedFile> {
  const realRoot = await realpath(root).catch(() => null);
  const real = await realpath(file).catch(() => null);
  if (realRoot === null || real === null) return 'missing';
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return 'outside';
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? { file: real } : 'missing';
}
