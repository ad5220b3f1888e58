import { z } from 'zod';
import type { BackupInfo, BackupList, RecordsCheckReport } from '../records-models';
import { call, emptyRequest } from './define';

const backupFile = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .regex(/\.sqlite$/i, 'Tệp sao lưu phải có đuôi .sqlite');

export const recordsCalls = {
  /** SQLite's integrity check and the store's own (every asset's file present with its hash). */
  'system.checkRecords': call<RecordsCheckReport>()({ request: emptyRequest, permission: 'system.read' }),
  /**
   * Writes a backup of the records (the database and the JSON collections) to `file`; never over
   * an existing file. The audio files are not in it.
   */
  'system.backup': call<BackupInfo>()({
    request: z.object({ file: backupFile }).strict(),
    permission: 'settings.write',
  }),
  /** The daily backups and a restore waiting for the next start. */
  'system.backups': call<BackupList>()({ request: emptyRequest, permission: 'system.read' }),
  /**
   * Checks a backup and restores it at the next start of the studio (the records cannot be swapped
   * under open windows). What it replaces is kept in `db/before-restore-…/`. `file: null` cancels.
   */
  'system.restore': call<BackupList>()({
    request: z.object({ file: backupFile.nullable() }).strict(),
    permission: 'settings.write',
  }),
} as const;
