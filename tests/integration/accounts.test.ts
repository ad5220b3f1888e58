/**
 * Accounts through the real router of a composed studio: the first admin, signing in (and being
 * slowed down after wrong passwords, measured in time, across a restart), users managed by an
 * admin, sessions that follow sign-in, sign-out, lock, resume, the idle time and a disabled user,
 * and the audit entries they leave (never a password). Real scrypt (N=2^17): each hash is ~0.4 s,
 * so the tests count them.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anonymousCaller } from '../../src-main/app/policy';
import type { EventName, EventPayload, SignInResult, StudioErrorShape, Reply } from '../../src-main/contract';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const ADMIN = { name: 'quantri', displayName: 'Quản trị viên', password: 'mật khẩu quản trị' };
const LAN = {
  name: 'lan',
  displayName: 'Nguyễn Thị Lan',
  roles: ['reporter' as const],
  password: 'lan-đi-phỏng-vấn',
};

const errorOf = (reply: Reply): StudioErrorShape | null => (reply.ok ? null : reply.error);
const codeOf = (reply: Reply): string => (reply.ok ? 'OK' : reply.error.code);

async function auditText(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'audit');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
  return (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('');
}

async function auditEntries(dataDir: string): Promise<Array<Record<string, unknown>>> {
  return (await auditText(dataDir))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the first start', () => {
  it('needs setup until the first admin exists, then refuses a second setup', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    expect(await t.call('auth.state', {})).toMatchObject({ setupNeeded: true, user: null, locked: false });
    // The first user must be an admin: a studio nobody can manage is never made.
    expect(await t.fail('users.add', LAN)).toMatchObject({ code: 'CONFLICT' });

    const done = await t.call('auth.setup', ADMIN);
    expect(done.resumeToken).toMatch(/^[0-9a-f]{64}$/);
    expect(done.session).toMatchObject({
      setupNeeded: false,
      locked: false,
      idleLockMinutes: 15,
      user: { name: 'quantri', displayName: 'Quản trị viên', roles: ['admin'], disabled: false },
    });
    expect(done.session.permissions).toContain('users.manage');

    const other = t.studio.connect(anonymousCaller('web'));
    const again = await other.call('auth.setup', { ...ADMIN, name: 'khac' });
    expect(errorOf(again)).toMatchObject({ code: 'CONFLICT' });
    expect(await other.call('auth.state', {})).toMatchObject({
      ok: true,
      result: { setupNeeded: false, user: null, permissions: [] },
    });
  });
});

describe('signing in', () => {
  it('lets the right password in, refuses a wrong one or name alike, and slows the tries down', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    let t = await studios.open(dataDir);
    await t.call('auth.setup', ADMIN);
    const window = t.studio.connect(anonymousCaller('web'));
    const signIn = (password: string, name = ADMIN.name) => window.call('auth.signIn', { name, password });

    // A wrong name costs the scrypt work of a wrong password: no quick answer tells names apart.
    let start = performance.now();
    expect(codeOf(await signIn('sai mật khẩu', 'khongco'))).toBe('SIGN_IN_FAILED');
    const unknownMs = performance.now() - start;
    start = performance.now();
    const wrong = await signIn('sai mật khẩu 1');
    const wrongMs = performance.now() - start;
    expect(errorOf(wrong)).toMatchObject({ code: 'SIGN_IN_FAILED' });
    expect(unknownMs).toBeGreaterThan(wrongMs / 3);

    // Three wrong tries are free; the fourth makes the next one wait 1 s, even with the right password.
    expect(codeOf(await signIn('sai mật khẩu 2'))).toBe('SIGN_IN_FAILED');
    expect(codeOf(await signIn('sai mật khẩu 3'))).toBe('SIGN_IN_FAILED');
    expect(codeOf(await signIn('sai mật khẩu 4'))).toBe('SIGN_IN_FAILED');
    const blockedAt = performance.now();
    const throttled = await signIn(ADMIN.password);
    expect(errorOf(throttled)).toMatchObject({ code: 'SIGN_IN_THROTTLED', details: { retryAfterSec: 1 } });
    expect(errorOf(throttled)?.message).toContain('1 giây');

    // The count is a record: after a restart and the wait, the next wrong try doubles the wait to 2 s.
    await studios.closeAll();
    t = await studios.open(dataDir);
    const reopened = t.studio.connect(anonymousCaller('web'));
    await waitUntil(blockedAt + 1050);
    expect(codeOf(await reopened.call('auth.signIn', { name: ADMIN.name, password: 'sai lần 5' }))).toBe(
      'SIGN_IN_FAILED',
    );
    const secondBlock = performance.now();
    const doubled = await reopened.call('auth.signIn', { name: ADMIN.name, password: ADMIN.password });
    expect(errorOf(doubled)).toMatchObject({ code: 'SIGN_IN_THROTTLED', details: { retryAfterSec: 2 } });
    await waitUntil(secondBlock + 1000);
    expect(codeOf(await reopened.call('auth.signIn', { name: ADMIN.name, password: ADMIN.password }))).toBe(
      'SIGN_IN_THROTTLED',
    );
    await waitUntil(secondBlock + 2100);
    const ok = await reopened.call('auth.signIn', { name: ADMIN.name, password: ADMIN.password });
    expect(ok).toMatchObject({ ok: true, result: { session: { user: { name: 'quantri' } } } });
    expect(codeOf(await reopened.call('users.list', {}))).toBe('OK');

    // Every try is in the audit log with the name tried, never with a password.
    const entries = await auditEntries(dataDir);
    const tries = entries.filter((e) => e.action === 'auth.signIn');
    expect(tries.map((e) => (e.details as { refused?: string } | undefined)?.refused ?? 'ok')).toEqual([
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_FAILED',
      'SIGN_IN_THROTTLED',
      'SIGN_IN_FAILED',
      'SIGN_IN_THROTTLED',
      'SIGN_IN_THROTTLED',
      'ok',
    ]);
    expect(tries[0]).toMatchObject({ actor: { userId: null }, details: { name: 'khongco' } });
    expect(tries.at(-1)).toMatchObject({ actor: { userName: 'quantri' }, object: { kind: 'user' } });
    const text = await auditText(dataDir);
    for (const secret of [ADMIN.password, 'sai mật khẩu', 'sai lần 5']) expect(text).not.toContain(secret);
    const settings = await readFile(path.join(dataDir, 'db', 'settings.json'), 'utf8');
    expect(settings).not.toContain(ADMIN.password);
  }, 30_000);
});

describe('users managed by an admin', () => {
  it('adds, disables (the open window loses access at once), resets and lets users change their password', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    const t = await studios.open(dataDir);
    await t.call('auth.setup', ADMIN);
    const lan = await t.call('users.add', { ...LAN, displayName: LAN.displayName });
    expect(lan).toMatchObject({
      name: 'lan',
      roles: ['reporter'],
      disabled: false,
      mustChangePassword: false,
    });
    expect(await t.fail('users.add', LAN)).toMatchObject({ code: 'CONFLICT' });
    expect((await t.call('users.list', {})).map((u) => u.name)).toEqual(['lan', 'quantri']);

    const window = await t.signIn('lan', LAN.password);
    expect(codeOf(await window.call('programme.list', {}))).toBe('OK');
    expect(codeOf(await window.call('users.list', {}))).toBe('FORBIDDEN');
    const heard: EventName[] = [];
    window.subscribe((event) => heard.push(event));
    t.studio.events.emit('programme.changed', {} as EventPayload<'programme.changed'>);
    expect(heard).toEqual(['programme.changed']);

    // Disabled: the open window is anonymous at its very next call and event.
    expect(await t.call('users.setDisabled', { id: lan.id, disabled: true })).toMatchObject({
      disabled: true,
    });
    expect(codeOf(await window.call('programme.list', {}))).toBe('FORBIDDEN');
    t.studio.events.emit('programme.changed', {} as EventPayload<'programme.changed'>);
    expect(heard).toEqual(['programme.changed']);
    expect(await window.call('auth.state', {})).toMatchObject({ ok: true, result: { user: null } });
    expect(codeOf(await window.call('auth.signIn', { name: 'lan', password: LAN.password }))).toBe(
      'SIGN_IN_FAILED',
    );

    // The last enabled admin keeps the role and stays enabled.
    const admin = (await t.call('users.list', {})).find((u) => u.name === 'quantri');
    expect(await t.fail('users.setDisabled', { id: admin!.id, disabled: true })).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await t.fail('users.update', { id: admin!.id, roles: ['editor'] })).toMatchObject({
      code: 'CONFLICT',
    });
    // Roles change at once for an open window too.
    await t.call('users.setDisabled', { id: lan.id, disabled: false });
    expect(await t.call('users.update', { id: lan.id, roles: ['reporter', 'editor'] })).toMatchObject({
      roles: ['reporter', 'editor'],
    });

    // Reset: a new password the user must change at the next sign-in.
    expect(await t.call('users.resetPassword', { id: lan.id, password: 'tạm thời 123' })).toMatchObject({
      mustChangePassword: true,
    });
    const again = t.studio.connect(anonymousCaller('web'));
    expect(codeOf(await again.call('auth.signIn', { name: 'lan', password: LAN.password }))).toBe(
      'SIGN_IN_FAILED',
    );
    const signed = await again.call('auth.signIn', { name: 'lan', password: 'tạm thời 123' });
    expect(signed).toMatchObject({ ok: true, result: { session: { user: { mustChangePassword: true } } } });
    // Until Lan chooses her own password, the one the admin knows opens nothing but the change.
    expect(codeOf(await again.call('library.list', {}))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(signed).toMatchObject({ result: { session: { permissions: [] } } });
    expect(
      codeOf(
        await again.call('auth.changePassword', { current: 'sai rồi nhé', next: 'mật khẩu riêng của lan' }),
      ),
    ).toBe('SIGN_IN_FAILED');
    const changed = await again.call('auth.changePassword', {
      current: 'tạm thời 123',
      next: 'mật khẩu riêng của lan',
    });
    expect(changed).toMatchObject({ ok: true, result: { user: { mustChangePassword: false } } });
    expect((await again.call('library.list', {})).ok).toBe(true);
    await t.signIn('lan', 'mật khẩu riêng của lan');

    // Who did it is in the log: the admin's id and name; never a password.
    const entries = await auditEntries(dataDir);
    const adds = entries.filter((e) => e.action === 'users.add');
    expect(adds).toEqual([
      expect.objectContaining({
        actor: { userId: admin!.id, userName: 'quantri', host: 'web' },
        object: { kind: 'user', id: lan.id },
        details: { name: 'lan', displayName: LAN.displayName, roles: ['reporter'] },
      }),
    ]);
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['auth.setup', 'users.setDisabled', 'users.update', 'users.resetPassword']),
    );
    const text = await auditText(dataDir);
    for (const secret of [LAN.password, 'tạm thời 123', 'mật khẩu riêng của lan', ADMIN.password]) {
      expect(text).not.toContain(secret);
    }
  }, 30_000);
});

describe('a session', () => {
  it('resumes by its token, locks and unlocks with the password, ends at sign-out, and locks when idle', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const { resumeToken } = (await t.call('auth.setup', ADMIN)) as SignInResult;

    // A reloaded window (a new connection) takes the session back with its token.
    const reloaded = t.studio.connect(anonymousCaller('web'));
    expect(codeOf(await reloaded.call('auth.resume', { resumeToken: 'a'.repeat(64) }))).toBe('UNAUTHORIZED');
    expect(await reloaded.call('auth.resume', { resumeToken })).toMatchObject({
      ok: true,
      result: { user: { name: 'quantri' }, locked: false },
    });
    expect(codeOf(await reloaded.call('users.list', {}))).toBe('OK');

    // Locked: only session calls; a wrong password does not unlock; the right one does.
    expect(await reloaded.call('auth.lock', {})).toMatchObject({
      ok: true,
      result: { locked: true, permissions: [] },
    });
    expect(codeOf(await reloaded.call('users.list', {}))).toBe('SESSION_LOCKED');
    expect(codeOf(await t.connection.call('users.list', {}))).toBe('SESSION_LOCKED');
    expect(
      codeOf(await reloaded.call('auth.changePassword', { current: ADMIN.password, next: 'x'.repeat(9) })),
    ).toBe('SESSION_LOCKED');
    // Resuming a locked session gives it back locked.
    const third = t.studio.connect(anonymousCaller('web'));
    expect(await third.call('auth.resume', { resumeToken })).toMatchObject({
      ok: true,
      result: { locked: true },
    });
    expect(codeOf(await reloaded.call('auth.unlock', { password: 'không đúng đâu' }))).toBe('SIGN_IN_FAILED');
    expect(await reloaded.call('auth.unlock', { password: ADMIN.password })).toMatchObject({
      ok: true,
      result: { locked: false },
    });
    expect(codeOf(await third.call('users.list', {}))).toBe('OK');

    // Signed out: every connection holding the session is anonymous, and the token is spent.
    expect(await reloaded.call('auth.signOut', {})).toMatchObject({ ok: true, result: { user: null } });
    expect(codeOf(await t.connection.call('users.list', {}))).toBe('FORBIDDEN');
    expect(codeOf(await t.studio.connect(anonymousCaller('web')).call('auth.resume', { resumeToken }))).toBe(
      'UNAUTHORIZED',
    );

    // Idle for the setting's time: main locks the session, and its token no longer resumes it.
    const window = await t.signIn(ADMIN.name, ADMIN.password);
    expect(codeOf(await window.call('settings.update', { idleLockMinutes: 2 }))).toBe('OK');
    const state = await window.call('auth.state', {});
    expect(state).toMatchObject({ ok: true, result: { idleLockMinutes: 2, locked: false } });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
    // A call within the time keeps it open (asking who one is does not count).
    expect(codeOf(await window.call('programme.list', {}))).toBe('OK');
    vi.setSystemTime(Date.now() + 119_000);
    expect(codeOf(await window.call('auth.state', {}))).toBe('OK');
    expect(codeOf(await window.call('programme.list', {}))).toBe('OK');
    vi.setSystemTime(Date.now() + 120_000);
    expect(codeOf(await window.call('programme.list', {}))).toBe('SESSION_LOCKED');
    expect(await window.call('auth.state', {})).toMatchObject({ ok: true, result: { locked: true } });
  }, 30_000);
});

async function waitUntil(at: number): Promise<void> {
  const ms = at - performance.now();
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
