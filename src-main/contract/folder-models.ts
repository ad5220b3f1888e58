/**
 * The studio's own folder browser (`system.listFolder`): the web host has no "save as" window of
 * the OS, so the UI shows the user's folders through the contract. Only the user's folders are
 * shown and written to: their home folder, the studio's export folder and removable media.
 */

/** Where browsing can start: `home` (thư mục cá nhân), `exports` (thư mục xuất của studio), `removable` (USB). */
export type FolderRootKind = 'home' | 'exports' | 'removable';

export interface FolderRoot {
  kind: FolderRootKind;
  /** Absolute, symlinks resolved. */
  path: string;
}

export interface FolderListing {
  /** The folder shown: absolute, symlinks resolved. */
  path: string;
  /** The folder above, or `null` at a root (browsing never leaves the user's folders). */
  parent: string | null;
  roots: FolderRoot[];
  /** Sub-folder names (hidden ones left out), sorted the Vietnamese way. */
  folders: string[];
  /** Audio file names already there (to warn before writing over one), or backup files' when asked. */
  files: string[];
  /** More entries than the listing holds: only the first ones are given. */
  truncated: boolean;
  /** The studio may write here. */
  writable: boolean;
}

/** `system.chooseFolder`: the folder the user chose to save in (symlinks resolved). */
export interface ChosenFolder {
  path: string;
}
