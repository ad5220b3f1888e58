/**
 * The station's users: the first admin, adding users, their roles, password resets and changes,
 * disabling; and checking a password at sign-in (slowed down after wrong tries, `sign-in-throttle.ts`).
 * Passwords are never logged, stored or returned: only their scrypt hash is kept (`password-hash.ts`).
 * What a disabled user made stays, with their name on it: users are never deleted.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_ERROR_MESSAGES, StudioError, type Role, type UserSummary } from '../contract';
import type { Sql } from '../store';
import { AccountRepository, type UserRow } from './account-repository';
import { decoyHash, hashPassword, verifyPassword } from './password-hash';
import { SignInThrottle, type ThrottleOptions } from './sign-in-throttle';

/** Who a signed-in caller is, as the policy needs it. */
export interface UserIdentity {
  id: string;
  name: string;
  /** The name people know them by, for what others read (approval history, notifications). */
  displayName: string;
  roles: Role[];
  disabled: boolean;
  /** An admin reset the password: only `session` calls until the user sets their own. */
  mustChangePassword: boolean;
}

export interface AccountsOptions {
  sql: Sql;
  throttle?: Partial<ThrottleOptions>;
  now?: () => Date;
}

const LAST_ADMIN =
  'Đây là quản trị viên cuối cùng còn hoạt động: không thể khoá tài khoản này hay bỏ vai trò quản trị của nó. ' +
  'Hãy cấp quyền quản trị cho một người khác trước.';

const FIRST_ADMIN =
  'Studio chưa có người dùng nào: người dùng đầu tiên phải là quản trị viên (vai trò admin), để luôn có ' +
  'người quản lý được các tài khoản.';

export class Accounts {
  private readonly repo: AccountRepository;
  private readonly throttle: SignInThrottle;
  private readonly now: () => Date;
  /** Users are never deleted: once there is one, there always is. */
  private someUser: boolean;
  private decoy: Promise<string> | null = null;
  /** Tries for one name are checked one after another, so that parallel guesses are counted too. */
  private readonly tries = new Map<string, Promise<unknown>>();

  constructor(options: AccountsOptions) {
    this.repo = new AccountRepository(options.sql);
    this.throttle = new SignInThrottle(this.repo, options.throttle);
    this.now = options.now ?? (() => new Date());
    this.someUser = this.repo.count() > 0;
  }

  /** Whether any user exists (no: the first start, and the local admin may still act). */
  hasUsers(): boolean {
    if (!this.someUser) this.someUser = this.repo.count() > 0;
    return this.someUser;
  }

  list(): UserSummary[] {
    return this.repo.all().map(summary);
  }

  get(id: string): UserSummary | null {
    const row = this.repo.byId(id);
    return row ? summary(row) : null;
  }

  identity(id: string): UserIdentity | null {
    const row = this.repo.byId(id);
    return row
      ? {
          id: row.id,
          name: row.name,
          displayName: row.displayName,
          roles: rolesOf(row),
          disabled: row.disabled === 1,
          mustChangePassword: row.mustChangePassword === 1,
        }
      : null;
  }

  /** The first admin; CONFLICT once any user exists. */
  async setup(input: { name: string; displayName: string; password: string }): Promise<UserSummary> {
    if (this.hasUsers()) throw new StudioError('CONFLICT', 'Studio đã có quản trị viên. Hãy đăng nhập.');
    const row = await this.newRow({ ...input, roles: ['admin'] });
    // Checked again in the transaction: two first starts at once make one admin.
    this.repo.transaction(() => {
      if (this.repo.count() > 0)
        throw new StudioError('CONFLICT', 'Studio đã có quản trị viên. Hãy đăng nhập.');
      this.repo.insert(row);
    });
    this.someUser = true;
    return summary(row);
  }

  /** A new user; the first one (added by the local admin, say from the CLI) must be an admin. */
  async add(input: {
    name: string;
    displayName: string;
    roles: Role[];
    password: string;
  }): Promise<UserSummary> {
    if (!this.hasUsers() && !input.roles.includes('admin')) throw new StudioError('CONFLICT', FIRST_ADMIN);
    if (this.repo.byName(input.name)) throw nameTaken(input.name);
    const row = await this.newRow(input);
    this.repo.transaction(() => {
      if (this.repo.byName(input.name)) throw nameTaken(input.name);
      this.repo.insert(row);
    });
    this.someUser = true;
    return summary(row);
  }

  update(input: { id: string; displayName?: string; roles?: Role[] }): UserSummary {
    return this.repo.transaction(() => {
      const row = this.existing(input.id);
      if (input.roles && !input.roles.includes('admin')) this.keepAnAdmin(row);
      const next = {
        ...row,
        displayName: input.displayName ?? row.displayName,
        roles: input.roles ? JSON.stringify(input.roles) : row.roles,
      };
      this.repo.update(next);
      return summary(next);
    });
  }

  async resetPassword(input: { id: string; password: string }): Promise<UserSummary> {
    this.existing(input.id);
    const passwordHash = await hashPassword(input.password);
    return this.repo.transaction(() => {
      const next = { ...this.existing(input.id), passwordHash, mustChangePassword: 1 };
      this.repo.update(next);
      return summary(next);
    });
  }

  setDisabled(input: { id: string; disabled: boolean }): UserSummary {
    return this.repo.transaction(() => {
      const row = this.existing(input.id);
      if (input.disabled) this.keepAnAdmin(row);
      const next = { ...row, disabled: input.disabled ? 1 : 0 };
      this.repo.update(next);
      return summary(next);
    });
  }

  /**
   * The user whose name and password these are, enabled. SIGN_IN_FAILED alike for a wrong name, a
   * wrong password or a disabled user (after the same scrypt work); SIGN_IN_THROTTLED, with
   * `details.retryAfterSec`, while the name must wait after too many wrong tries.
   */
  signIn(name: string, password: string): Promise<UserSummary> {
    return this.oneAtATime(name, async () => {
      const row = await this.checked(name, password);
      const next = { ...row, lastSignInAt: this.now().toISOString() };
      this.repo.update(next);
      return summary(next);
    });
  }

  /** The password of a signed-in user again (unlocking): throttled like a sign-in under their name. */
  async confirm(id: string, password: string): Promise<UserSummary> {
    const row = this.existing(id);
    return this.oneAtATime(row.name, async () => summary(await this.checked(row.name, password)));
  }

  /** The user's own new password, after the current one; clears a reset's "must change". */
  async changePassword(id: string, current: string, next: string): Promise<UserSummary> {
    await this.confirm(id, current);
    const passwordHash = await hashPassword(next);
    return this.repo.transaction(() => {
      const row = { ...this.existing(id), passwordHash, mustChangePassword: 0 };
      this.repo.update(row);
      return summary(row);
    });
  }

  private async checked(name: string, password: string): Promise<UserRow> {
    const wait = this.throttle.waitMs(name);
    if (wait > 0) {
      const retryAfterSec = Math.ceil(wait / 1000);
      throw new StudioError(
        'SIGN_IN_THROTTLED',
        `${DEFAULT_ERROR_MESSAGES.SIGN_IN_THROTTLED} (Thử lại sau ${retryAfterSec} giây.)`,
        { retryAfterSec },
      );
    }
    const row = this.repo.byName(name);
    // An unknown name costs the same scrypt work as a known one.
    const ok = await verifyPassword(password, row?.passwordHash ?? (await this.decoyHash()));
    if (!row || !ok || row.disabled === 1) {
      this.throttle.failed(name);
      throw new StudioError('SIGN_IN_FAILED');
    }
    this.throttle.succeeded(name);
    return row;
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= decoyHash();
    return this.decoy;
  }

  private oneAtATime<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = this.tries.get(name) ?? Promise.resolve();
    const run = before.then(work, work);
    // Only the order matters here: the caller of `run` gets its error.
    const settled = run.catch(() => undefined);
    this.tries.set(name, settled);
    void settled.then(() => {
      if (this.tries.get(name) === settled) this.tries.delete(name);
    });
    return run;
  }

  private async newRow(input: {
    name: string;
    displayName: string;
    roles: Role[];
    password: string;
  }): Promise<UserRow> {
    return {
      id: randomUUID().replaceAll('-', ''),
      name: input.name,
      displayName: input.displayName,
      roles: JSON.stringify(input.roles),
      passwordHash: await hashPassword(input.password),
      disabled: 0,
      mustChangePassword: 0,
      createdAt: this.now().toISOString(),
      lastSignInAt: null,
    };
  }

  private existing(id: string): UserRow {
    const row = this.repo.byId(id);
    if (!row) throw new StudioError('NOT_FOUND', 'Không tìm thấy người dùng này. Hãy tải lại danh sách.');
    return row;
  }

  /** Refuses to take away the last enabled admin (by disabling them or removing their role). */
  private keepAnAdmin(row: UserRow): void {
    if (row.disabled === 1 || !rolesOf(row).includes('admin')) return;
    if (this.repo.enabledAdmins().every((a) => a.id === row.id))
      throw new StudioError('CONFLICT', LAST_ADMIN);
  }
}

function rolesOf(row: UserRow): Role[] {
  try {
    const roles = JSON.parse(row.roles) as unknown;
    return Array.isArray(roles) ? (roles.filter((r) => typeof r === 'string') as Role[]) : [];
  } catch {
    // A damaged role list grants nothing (rolesGrant ignores what it does not know).
    return [];
  }
}

function summary(row: UserRow): UserSummary {
  return {
    id: row.id,
    name: row.name,
    displayName: row.displayName,
    roles: rolesOf(row),
    disabled: row.disabled === 1,
    mustChangePassword: row.mustChangePassword === 1,
    createdAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
  };
}

function nameTaken(name: string): StudioError {
  return new StudioError('CONFLICT', `Đã có người dùng tên "${name}". Hãy chọn tên đăng nhập khác.`);
}
