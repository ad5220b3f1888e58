import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderRoot } from '../contract';

export interface UserFolderPlaces {
  /** The user's home folder. */
  home: string;
  /** The studio's own export folder (`<data folder>/exports`). */
  exportsDir: string;
  /** The user's login name: removable media mount under `/media/<user>` and `/run/media/<user>`. */
  user: string;
}

/** Where a request may write a file: throws PATH_NOT_ALLOWED for any other place. */
export interface WritablePlaces {
  assertMayWrite(file: string): Promise<void>;
}

/** The folder with every symlink resolved, or `null` when it is not an existing folder. */
export async function realFolder(dir: string): Promise<string | null> {
  try {
    const real = await realpath(dir);
    return (await stat(real)).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

/**
 * The folders a person on this PC keeps their own files in, symlinks resolved, those that exist:
 * what the studio's folder browser shows and may write to. Everything else (system folders, other
 * users' homes) stays out of reach of a request, whoever sends it.
 */
export async function userFolderRoots(places: UserFolderPlaces): Promise<FolderRoot[]> {
  const candidates: FolderRoot[] = [
    { kind: 'home', path: places.home },
    { kind: 'exports', path: places.exportsDir },
    { kind: 'removable', path: path.join('/media', places.user) },
    { kind: 'removable', path: path.join('/run/media', places.user) },
    { kind: 'removable', path: '/mnt' },
  ];
  const roots: FolderRoot[] = [];
  for (const c of candidates) {
    const real = await realFolder(c.path);
    if (real && !roots.some((r) => r.path === real)) roots.push({ kind: c.kind, path: real });
  }
  return roots;
}

/** `child` is `parent` or somewhere below it (both absolute and resolved). */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The root `dir` lies in, not through a hidden folder (`.config`, `.ssh`): those hold programs'
 * settings, not the user's recordings, and are where a written file could do harm.
 */
export function rootOf<R extends { path: string }>(dir: string, roots: readonly R[]): R | null {
  // The deepest root first: the export folder may itself sit in a hidden folder of the home.
  const sorted = [...roots].sort((a, b) => b.path.length - a.path.length);
  for (const root of sorted) {
    if (!isInside(dir, root.path)) continue;
    const rel = path.relative(root.path, dir);
    if (rel === '' || !rel.split(path.sep).some((part) => part.startsWith('.'))) return root;
  }
  return null;
}
