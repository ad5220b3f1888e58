export {
  Collection,
  type CollectionOptions,
  type Migration,
  type OpenOutcome,
  type Restoration,
} from './collection';
export { RecoveryLog } from './recovery-log';
export { Store } from './store';
export { acquireDataLock } from './data-lock';
export {
  Database,
  DATABASE_FILE,
  type Sql,
  preparedOnce,
  type SqlStatement,
  type SchemaOwner,
  type TableMigration,
  type IntegrityReport,
} from './database';
export {
  TextIndex,
  searchWords,
  typoCandidates,
  type FacetValues,
  type FieldText,
  type TextFacet,
  type TextField,
  type TextFilter,
  type TextIndexSpec,
  type TextQuery,
} from './text-search';
export {
  applyPendingRestore,
  cancelPendingRestore,
  dailyBackup,
  listBackups,
  pendingRestore,
  readBackupSummary,
  restoreBackup,
  schedulePendingRestore,
  writeBackup,
  type BackupSummary,
  type RestoreReport,
} from './backup';
export {
  lowdbMoveTables,
  lowdbMove,
  moveLowdbCollections,
  MOVED_SUFFIX,
  type LowdbMove,
  type LowdbMoveSpec,
  type LowdbMoveReport,
} from './lowdb-move';
