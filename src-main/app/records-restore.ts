import path from 'node:path';
import { markIndexCatchUp } from '../audit/audit-files';
import { acquireDataLock, DATABASE_FILE, restoreBackup, type RestoreReport } from '../store';
import { RECORD_TABLES } from './composition/record-tables';
import type { StudioConfig } from './config';

/**
 * `studio restore FILE`: takes the data folder's lock (so the studio must be closed), checks the
 * backup (whole, a Studio backup, not from a newer studio), then puts it back. What it replaces is
 * kept in `db/before-restore-…/`.
 */
export async function restoreRecords(config: StudioConfig, file: string): Promise<RestoreReport> {
  const release = await acquireDataLock(config.dataDir, config.host);
  try {
    const jsonDir = path.join(config.dataDir, 'db');
    const report = await restoreBackup(
      file,
      { databaseFile: path.join(jsonDir, DATABASE_FILE), jsonDir },
      { owners: RECORD_TABLES },
    );
    await markIndexCatchUp(config.dataDir);
    return report;
  } finally {
    await release();
  }
}
