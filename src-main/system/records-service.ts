import path from 'node:path';
import type { BackupInfo, BackupList, RecordsCheckReport, RecordsProblem } from '../contract';
import {
  cancelPendingRestore,
  dailyBackup,
  listBackups,
  pendingRestore,
  readBackupSummary,
  schedulePendingRestore,
  writeBackup,
  type Database,
} from '../store';

export interface RecordsServiceDeps {
  database: Database;
  dataDir: string;
  /** The folder of the JSON collections a backup carries (`db/`). */
  jsonDir: string;
  appVersion: string;
  /** Records per kind, from each owner (`assets`, `editProjects`, `programmes`). */
  counts: () => Record<string, number>;
  /** The services' own checks of what the database points at (the library's files). */
  checkFiles: (signal?: AbortSignal) => Promise<RecordsProblem[]>;
  /** How many daily backups are kept. */
  keepDaily?: number;
}

/** The records as a whole: their check, backups, and restoring one (at the next start). */
export class RecordsService {
  constructor(private readonly deps: RecordsServiceDeps) {}

  async check(signal?: AbortSignal): Promise<RecordsCheckReport> {
    const { database } = this.deps;
    const { integrity, foreignKeyProblems } = database.integrity();
    const problems: RecordsProblem[] = [];
    if (integrity.length !== 1 || integrity[0] !== 'ok') {
      problems.push({
        kind: 'integrity',
        message: 'Cơ sở dữ liệu bị hỏng một phần. Hãy khôi phục từ bản sao lưu gần nhất.',
      });
    }
    if (foreignKeyProblems > 0) {
      problems.push({
        kind: 'foreign-key',
        message: `Có ${foreignKeyProblems} bản ghi trỏ tới bản ghi không còn tồn tại.`,
      });
    }
    problems.push(...(await this.deps.checkFiles(signal)));
    return {
      ok: problems.length === 0,
      engine: 'sqlite',
      sqliteVersion: database.sqliteVersion,
      integrity,
      counts: this.deps.counts(),
      problems,
    };
  }

  backup(file: string): Promise<BackupInfo> {
    return writeBackup(this.deps.database, this.deps.jsonDir, path.resolve(file), {
      appVersion: this.deps.appVersion,
    });
  }

  /** Today's daily backup, if it has not been made yet (at start, then once a day). */
  daily(now?: Date): Promise<string | null> {
    return dailyBackup(this.deps.database, this.deps.dataDir, this.deps.jsonDir, {
      appVersion: this.deps.appVersion,
      now,
      keep: this.deps.keepDaily,
    });
  }

  async backups(): Promise<BackupList> {
    const daily: BackupInfo[] = [];
    for (const b of await listBackups(this.deps.dataDir)) {
      // A daily backup that cannot be read is left out of the list, not offered for a restore.
      const info = await readBackupSummary(b.file).catch(() => null);
      if (info) daily.push(info);
    }
    return { daily, pendingRestore: await pendingRestore(this.deps.jsonDir) };
  }

  /** Checks `file` now and restores it at the next start; null cancels a restore not yet done. */
  async restore(file: string | null): Promise<BackupList> {
    if (file === null) await cancelPendingRestore(this.deps.jsonDir);
    else await schedulePendingRestore(this.deps.jsonDir, path.resolve(file));
    return this.backups();
  }
}
