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
  type SchemaOwner,
  type TableMigration,
  type IntegrityReport,
} from './database';
export {
  TextIndex,
  searchWords,
  typoCandidates,
  type FieldText,
  type TextField,
  type TextIndexSpec,
  type TextQuery,
} from './text-search';
