import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StudioError } from '../contract';

/**
 * The connection a repository writes its SQL on. Only `store/` opens it; a service receives it and
 * keeps every statement about its own tables in its own repository.
 */
export type Sql = BetterSqlite3.Database;

/** A prepared statement on that connection (repositories keep theirs). */
export type SqlStatement = BetterSqlite3.Statement<unknown[]>;

/**
 * A repository's statements, each prepared once on first use and kept: `prepare(sql)(source)`.
 * Preparing is parsing and planning, which a list called on every keystroke should not repeat.
 */
export function preparedOnce(sql: Sql): (source: string) => SqlStatement {
  const statements = new Map<string, SqlStatement>();
  return (source) => {
    let statement = statements.get(source);
    if (!statement) {
      statement = sql.prepare(source);
      statements.set(source, statement);
    }
    return statement;
  };
}

/** One numbered step of a schema owner's tables. Versions start at 1 and have no gaps. */
export interface TableMigration {
  version: number;
  /** What it changes, for the record in `schema_migrations` ("assets table"). */
  name: string;
  /** SQL run as it is, or a function for steps that move data. */
  up: string | ((sql: Sql) => void);
}

/** A service's tables: its name (the owner) and every step that brings them to today's shape. */
export interface SchemaOwner {
  owner: string;
  migrations: readonly TableMigration[];
}

/** The database's own format, in SQLite's `user_version`: 1 = owners' steps kept in `schema_migrations`. */
export const DATABASE_FORMAT = 1;

export const DATABASE_FILE = 'studio.sqlite';

export interface IntegrityReport {
  /** SQLite's `integrity_check`: `['ok']` when the file is sound. */
  integrity: string[];
  /** Rows whose foreign key points at nothing (`foreign_key_check`). */
  foreignKeyProblems: number;
}

/**
 * The records database: one SQLite file in WAL mode. A commit that has returned is on the disk
 * (`synchronous=FULL`: in WAL mode NORMAL may lose the last commits at a power cut, and a station PC
 * on a commune's mains loses power often); foreign keys are enforced.
 */
export class Database {
  private constructor(
    readonly file: string,
    readonly sql: Sql,
  ) {}

  /**
   * Opens (or creates) the database and brings every owner's tables to today's shape, all pending
   * steps in one transaction: a crash mid-way leaves the file as it was.
   */
  static open(file: string, owners: readonly SchemaOwner[]): Database {
    mkdirSync(path.dirname(file), { recursive: true });
    let sql: Sql;
    try {
      sql = new BetterSqlite3(file);
      sql.pragma('journal_mode = WAL');
    } catch (err) {
      throw damaged(file, err);
    }
    try {
      sql.pragma('synchronous = FULL');
      sql.pragma('foreign_keys = ON');
      // Another process (a CLI beside the studio) may hold the write lock for a moment.
      sql.pragma('busy_timeout = 5000');
      migrate(sql, owners);
    } catch (err) {
      sql.close();
      throw err instanceof StudioError ? err : damaged(file, err);
    }
    return new Database(file, sql);
  }

  /** Runs `work` in one transaction: all of it is committed, or none of it. */
  transaction<T>(work: () => T): T {
    return this.sql.transaction(work)();
  }

  /** The version each owner's tables are at. */
  versions(): Record<string, number> {
    const rows = this.sql
      .prepare('SELECT owner, MAX(version) AS version FROM schema_migrations GROUP BY owner')
      .all() as { owner: string; version: number }[];
    return Object.fromEntries(rows.map((r) => [r.owner, r.version]));
  }

  integrity(): IntegrityReport {
    const integrity = (this.sql.pragma('integrity_check') as { integrity_check: string }[]).map(
      (r) => r.integrity_check,
    );
    const foreignKeyProblems = (this.sql.pragma('foreign_key_check') as unknown[]).length;
    return { integrity, foreignKeyProblems };
  }

  /** SQLite's online backup: a consistent copy, taken while the studio goes on writing. */
  async backupTo(target: string): Promise<void> {
    mkdirSync(path.dirname(target), { recursive: true });
    await this.sql.backup(target);
  }

  get sqliteVersion(): string {
    return (this.sql.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  }

  close(): void {
    if (this.sql.open) this.sql.close();
  }
}

function migrate(sql: Sql, owners: readonly SchemaOwner[]): void {
  const format = sql.pragma('user_version', { simple: true }) as number;
  if (format > DATABASE_FORMAT) throw tooNew(`định dạng ${format}`);
  const run = sql.transaction(() => {
    if (format < 1) {
      sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        owner TEXT NOT NULL,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        PRIMARY KEY (owner, version)
      ) STRICT`);
      sql.pragma(`user_version = ${DATABASE_FORMAT}`);
    }
    const current = sql.prepare('SELECT MAX(version) AS v FROM schema_migrations WHERE owner = ?');
    const record = sql.prepare(
      'INSERT INTO schema_migrations (owner, version, name, applied_at) VALUES (?, ?, ?, ?)',
    );
    for (const { owner, migrations } of owners) {
      checkNumbering(owner, migrations);
      const at = (current.get(owner) as { v: number | null }).v ?? 0;
      if (at > migrations.length) throw tooNew(`bảng "${owner}" phiên bản ${at}`);
      for (const m of migrations.slice(at)) {
        if (typeof m.up === 'string') sql.exec(m.up);
        else m.up(sql);
        record.run(owner, m.version, m.name, new Date().toISOString());
      }
    }
  });
  run.immediate();
}

/** A programming error, caught by the first test that opens the owner: steps are 1, 2, 3… */
function checkNumbering(owner: string, migrations: readonly TableMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`Schema owner ${owner}: step ${i + 1} is numbered ${m.version}`);
    }
  });
}

function tooNew(what: string): StudioError {
  return new StudioError(
    'STORE_TOO_NEW',
    'Dữ liệu này được ghi bởi một phiên bản Studio mới hơn. Hãy cập nhật Studio rồi mở lại; ' +
      'dữ liệu được giữ nguyên, không có gì bị ghi đè.',
    undefined,
    `Cơ sở dữ liệu: ${what}`,
  );
}

function damaged(file: string, err: unknown): StudioError {
  return new StudioError(
    'STORE_CORRUPT',
    'Không mở được cơ sở dữ liệu của Studio: tệp bị hỏng hoặc không phải cơ sở dữ liệu. ' +
      'Không có gì bị ghi đè. Hãy khôi phục từ bản sao lưu gần nhất.',
    undefined,
    `${file}: ${(err as Error)?.message ?? String(err)}`,
  );
}
