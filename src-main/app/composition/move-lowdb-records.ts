/**
 * What an older release kept in lowdb files moves into the records database on the first start:
 * the library's year files, the edit and programme indexes, in one transaction, the old files kept
 * beside it, renamed (store/lowdb-move.ts). Each service says how its collections are read and
 * writes them through its own repository.
 */
import { editIndexMove } from '../../edit/project-store';
import { libraryMove } from '../../media/library';
import type { Logger } from '../../platform/logger';
import { programmeIndexMove } from '../../programme/programme-store';
import { moveLowdbCollections, type Database, type LowdbMoveReport, type Store } from '../../store';

export async function moveLowdbRecords(
  database: Database,
  store: Store,
  log?: Logger,
): Promise<LowdbMoveReport> {
  const report = await moveLowdbCollections(database, store.dbDir, [
    libraryMove(database),
    editIndexMove(database),
    programmeIndexMove(database),
  ]);
  if (report.moved.length > 0 || report.renamedOnly.length > 0) {
    log?.info('Moved lowdb records into the database', { ...report });
  }
  return report;
}
