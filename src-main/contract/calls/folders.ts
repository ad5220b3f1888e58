import { z } from 'zod';
import type { ChosenFolder, FolderListing } from '../folder-models';
import { call } from './define';

const folderPath = z.string().trim().min(1).max(4096);

export const folderCalls = {
  /**
   * One of the user's folders (home, the studio's export folder, removable media): its sub-folders
   * and the audio files in it (`files: 'backups'`: the records' backup files, `.sqlite`, instead).
   * Without `path`: the folder last chosen, else the export folder. Anything outside those folders
   * (after resolving symlinks) is PATH_NOT_ALLOWED.
   */
  'system.listFolder': call<FolderListing>()({
    request: z
      .object({ path: folderPath.optional(), files: z.enum(['audio', 'backups']).default('audio') })
      .strict(),
    permission: 'system.read',
  }),
  /**
   * The user chose this folder to save in (the studio's "save as" window): exports may now write
   * there, and the next listing opens on it. Only the user's folders (as `system.listFolder`).
   */
  'system.chooseFolder': call<ChosenFolder>()({
    request: z.object({ path: folderPath }).strict(),
    permission: 'system.read',
  }),
} as const;
