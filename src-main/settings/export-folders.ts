import { constants as fsConstants } from 'node:fs';
import { access, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StudioError, type ChosenFolder, type FolderListing, type FolderRoot } from '../contract';
import {
  realFolder,
  rootOf,
  userFolderRoots,
  type UserFolderPlaces,
  type WritablePlaces,
} from '../platform/user-folders';
import type { Collection, CollectionOptions, Store } from '../store';

interface ChosenFolders {
  /** Folders the user chose to save in, most recent first (symlinks resolved). */
  chosen: string[];
}

const CHOSEN_FOLDERS: CollectionOptions<ChosenFolders> = {
  name: 'export-folders',
  label: 'các thư mục đã chọn để lưu tệp xuất',
  version: 1,
  schema: z.object({ chosen: z.array(z.string()) }),
  defaults: () => ({ chosen: [] }),
};

/** Enough to find last month's folders again; an old choice past this has to be made again. */
const MAX_CHOSEN = 20;
/** A listing is for a person to read: a folder with more entries shows the first ones. */
const MAX_ENTRIES = 2000;
const AUDIO_FILE = /\.(wav|mp3|opus|ogg|flac|m4a|aac)$/i;
/** The records' backups (`studio backup`, `system.backup`). */
const BACKUP_FILE = /\.sqlite$/i;

/**
 * Where the studio may write files a request names (exports, renders): its own export folder and
 * the folders the user chose (the studio's folder browser, within the user's folders, or the OS's
 * "save as" window of the Electron app). A request cannot name any other place: not `~/.bashrc`,
 * not `/etc`, not a symlink in a chosen folder that points elsewhere. Remembers the last folder.
 */
export class ExportFolders implements WritablePlaces {
  private constructor(
    private readonly collection: Collection<ChosenFolders>,
    private readonly places: UserFolderPlaces,
  ) {}

  static async open(store: Store, places: UserFolderPlaces): Promise<ExportFolders> {
    await mkdir(places.exportsDir, { recursive: true });
    return new ExportFolders(await store.collection(CHOSEN_FOLDERS), places);
  }

  get exportsDir(): string {
    return this.places.exportsDir;
  }

  roots(): Promise<FolderRoot[]> {
    return userFolderRoots(this.places);
  }

  /**
   * A folder of the user's to browse, with its audio files (or its backup files); without `dir`,
   * the last one chosen (or the export folder).
   */
  async list(dir?: string, kind: 'audio' | 'backups' = 'audio'): Promise<FolderListing> {
    const wanted = kind === 'backups' ? BACKUP_FILE : AUDIO_FILE;
    const roots = await this.roots();
    const real = dir === undefined ? await this.lastUsable(roots) : await this.userFolder(dir, roots);
    const root = rootOf(real, roots) as FolderRoot;
    const entries = await readdir(real, { withFileTypes: true }).catch(() => []);
    const folders: string[] = [];
    const files: string[] = [];
    for (const e of entries.slice(0, MAX_ENTRIES)) {
      if (e.name.startsWith('.')) continue;
      // A symlink shows as what it points to; opening it resolves it (and refuses one leading out).
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await isFolder(path.join(real, e.name))));
      if (isDir) folders.push(e.name);
      else if (wanted.test(e.name)) files.push(e.name);
    }
    const byName = (a: string, b: string) => a.localeCompare(b, 'vi', { numeric: true });
    return {
      path: real,
      parent: real === root.path ? null : path.dirname(real),
      roots,
      folders: folders.sort(byName),
      files: files.sort(byName),
      truncated: entries.length > MAX_ENTRIES,
      writable: await canWrite(real),
    };
  }

  /** The user chose `dir` in the studio's folder browser: exports may write there from now on. */
  async choose(dir: string): Promise<ChosenFolder> {
    const real = await this.userFolder(dir, await this.roots());
    await this.remember(real);
    return { path: real };
  }

  /** The user chose `file` in the OS's own "save as" window: its folder is theirs to write in. */
  async chooseNative(file: string): Promise<void> {
    const real = await realFolder(path.dirname(file));
    if (real) await this.remember(real);
  }

  /**
   * Throws PATH_NOT_ALLOWED unless `file` (in a folder that exists) lies in the export folder or a
   * chosen folder once every symlink is resolved, not under a hidden folder, and is not itself a
   * symlink (writing over it would write where it points) or a hidden file.
   */
  async assertMayWrite(file: string): Promise<void> {
    const dir = path.dirname(file);
    const real = await realFolder(dir);
    const allowed: Array<{ path: string }> = [];
    for (const d of [this.places.exportsDir, ...this.collection.read().chosen]) {
      const r = await realFolder(d);
      if (r) allowed.push({ path: r });
    }
    const name = path.basename(file);
    const link = await lstat(file).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (!real || !rootOf(real, allowed) || name.startsWith('.') || link) {
      throw new StudioError(
        'PATH_NOT_ALLOWED',
        `Studio chỉ lưu tệp vào thư mục xuất của studio hoặc thư mục bạn đã chọn bằng nút "Chọn nơi lưu…"; ` +
          `"${file}" không nằm trong thư mục như vậy. Hãy bấm "Chọn nơi lưu…" rồi chọn một thư mục ` +
          'trong thư mục cá nhân hoặc ổ USB.',
        { path: file, reason: link ? 'symlink' : 'not-chosen' },
      );
    }
  }

  private async userFolder(dir: string, roots: FolderRoot[]): Promise<string> {
    if (!path.isAbsolute(dir)) {
      throw new StudioError('PATH_NOT_ALLOWED', undefined, { path: dir, reason: 'relative' });
    }
    const real = await realFolder(dir);
    if (!real) {
      throw new StudioError(
        'NOT_FOUND',
        `Không tìm thấy thư mục "${dir}". Có thể nó vừa bị xoá hoặc ổ USB đã được rút ra; hãy chọn thư mục khác.`,
        { path: dir },
      );
    }
    if (!rootOf(real, roots)) {
      throw new StudioError('PATH_NOT_ALLOWED', undefined, { path: dir, resolved: real });
    }
    return real;
  }

  private async lastUsable(roots: FolderRoot[]): Promise<string> {
    for (const d of this.collection.read().chosen) {
      const real = await realFolder(d);
      if (real && rootOf(real, roots)) return real;
    }
    return (await realFolder(this.places.exportsDir)) ?? this.places.exportsDir;
  }

  private async remember(real: string): Promise<void> {
    await this.collection.update((s) => ({
      chosen: [real, ...s.chosen.filter((d) => d !== real)].slice(0, MAX_CHOSEN),
    }));
  }
}

async function isFolder(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function canWrite(dir: string): Promise<boolean> {
  return access(dir, fsConstants.W_OK).then(
    () => true,
    () => false,
  );
}
