/**
 * What the studio repaired by itself after a crash, a kill or a lost file: the System screen lists
 * these, and each is also written to the log when it happens.
 */

/**
 * - `store-missing` / `store-damaged`: a data file was lost or damaged and was rebuilt from its backup;
 * - `import-finished`: an import killed after its copy was made but before its record was written
 *   was completed (the copy is in the library now);
 * - `import-removed`: what an interrupted import left behind was removed (nothing was lost: the
 *   original file was never touched);
 * - `store-restored` / `store-restore-failed`: a backup chosen on the System screen was restored at
 *   this start, or could not be (the records stayed as they were).
 */
export type RecoveryKind =
  | 'store-missing'
  | 'store-damaged'
  | 'import-finished'
  | 'import-removed'
  | 'store-restored'
  | 'store-restore-failed';

export interface RecoveryNotice {
  /** When it was done (ISO 8601). */
  at: string;
  kind: RecoveryKind;
  /** What happened and what to do, in Vietnamese: the line written to the log. */
  message: string;
  /** The file concerned, relative to the data folder. */
  file: string;
}
