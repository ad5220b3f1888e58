/** What `studio db check` and the System screen's check find (the `--json` shape: fields may be added, never renamed). */
export interface RecordsCheckReport {
  /** True when SQLite found the file sound and the store found no problem. */
  ok: boolean;
  engine: 'sqlite';
  sqliteVersion: string;
  /** SQLite's integrity_check: `["ok"]` when the file is sound, else what it found. */
  integrity: string[];
  /** Records per kind: `{ "assets": 1200, "editProjects": 40, "programmes": 310 }`. */
  counts: Record<string, number>;
  problems: RecordsProblem[];
}

export type RecordsProblemKind = 'integrity' | 'foreign-key' | 'asset-file-missing' | 'asset-file-changed';

export interface RecordsProblem {
  kind: RecordsProblemKind;
  /** In Vietnamese, for station staff. */
  message: string;
  /** The record concerned, when there is one. */
  id?: string;
  /** The file concerned, when there is one. */
  file?: string;
}

/** A backup file (`studio backup`, the daily backups, the System screen). */
export interface BackupInfo {
  file: string;
  createdAt: string;
  appVersion: string;
  /** The JSON collections it carries besides the database (`settings.json`…). */
  files: string[];
  sizeBytes: number;
}

export interface BackupList {
  /** The daily automatic backups, newest first. */
  daily: BackupInfo[];
  /** A backup chosen to be restored at the next start, or null. */
  pendingRestore: string | null;
}
