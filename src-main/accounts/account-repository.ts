/** The accounts' records: the only place with SQL about `users` and `sign_in_failures` (account-tables.ts). */
import { preparedOnce, type Sql, type SqlStatement } from '../store';

export interface UserRow {
  id: string;
  name: string;
  displayName: string;
  /** JSON array of role names. */
  roles: string;
  passwordHash: string;
  disabled: number;
  mustChangePassword: number;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface FailureRow {
  name: string;
  failures: number;
  lastFailureAt: string;
  blockedUntil: string | null;
}

const USER_COLUMNS = `id, name, display_name AS displayName, roles, password_hash AS passwordHash,
  disabled, must_change_password AS mustChangePassword, created_at AS createdAt,
  last_sign_in_at AS lastSignInAt`;

export class AccountRepository {
  private readonly prepare: (source: string) => SqlStatement;

  constructor(private readonly sql: Sql) {
    this.prepare = preparedOnce(sql);
  }

  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T {
    return this.sql.transaction(work)();
  }

  count(): number {
    return (this.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }

  all(): UserRow[] {
    return this.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY name`).all() as UserRow[];
  }

  byId(id: string): UserRow | undefined {
    return this.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  }

  byName(name: string): UserRow | undefined {
    return this.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE name = ?`).get(name) as UserRow | undefined;
  }

  /** Enabled users holding the admin role. */
  enabledAdmins(): UserRow[] {
    return this.prepare(
      `SELECT ${USER_COLUMNS} FROM users
       WHERE disabled = 0 AND EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = 'admin')`,
    ).all() as UserRow[];
  }

  insert(row: UserRow): void {
    this.prepare(
      `INSERT INTO users (id, name, display_name, roles, password_hash, disabled, must_change_password,
         created_at, last_sign_in_at)
       VALUES (@id, @name, @displayName, @roles, @passwordHash, @disabled, @mustChangePassword,
         @createdAt, @lastSignInAt)`,
    ).run(row);
  }

  update(row: UserRow): void {
    this.prepare(
      `UPDATE users SET display_name = @displayName, roles = @roles, password_hash = @passwordHash,
         disabled = @disabled, must_change_password = @mustChangePassword,
         last_sign_in_at = @lastSignInAt
       WHERE id = @id`,
    ).run(row);
  }

  failures(name: string): FailureRow | undefined {
    return this.prepare(
      `SELECT name, failures, last_failure_at AS lastFailureAt, blocked_until AS blockedUntil
       FROM sign_in_failures WHERE name = ?`,
    ).get(name) as FailureRow | undefined;
  }

  setFailures(row: FailureRow): void {
    this.prepare(
      `INSERT INTO sign_in_failures (name, failures, last_failure_at, blocked_until)
       VALUES (@name, @failures, @lastFailureAt, @blockedUntil)
       ON CONFLICT (name) DO UPDATE SET failures = excluded.failures,
         last_failure_at = excluded.last_failure_at, blocked_until = excluded.blocked_until`,
    ).run(row);
  }

  clearFailures(name: string): void {
    this.prepare('DELETE FROM sign_in_failures WHERE name = ?').run(name);
  }

  /** Forgets counts whose last failure is older than `before` (ISO time). */
  pruneFailures(before: string): void {
    this.prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ?').run(before);
  }
}
