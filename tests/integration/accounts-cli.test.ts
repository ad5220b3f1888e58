/**
 * The CLI acts as a user: the real `studio` command line on a data folder, adding users, signing in
 * with --user and STUDIO_PASSWORD, and the refusals that exit with status 3 (message on stderr).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UserSummary } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

describe('studio user and --user', () => {
  it('adds and lists users, acts as them, and refuses with exit status 3', async () => {
    const data = path.join(await tempDir(), 'data');
    const studio = (args: string[], options: { password?: string; input?: string } = {}) =>
      runStudioCli([...args, '--data', data], {
        input: options.input,
        env: { STUDIO_PASSWORD: options.password },
      });

    // No user yet: the local admin may act, and the first user must be an admin.
    expect(studio(['user', 'list']).stdout).toContain('Chưa có người dùng nào.');
    const notAdmin = studio(['user', 'add', 'lan', '--roles', 'reporter', '--password-stdin'], {
      input: 'lan-đi-phỏng-vấn\n',
    });
    expect(notAdmin.code).toBe(1);
    expect(notAdmin.stderr).toContain('người dùng đầu tiên phải là quản trị viên');
    const admin = studio(
      [
        'user',
        'add',
        'quantri',
        '--roles',
        'admin',
        '--display-name',
        'Quản trị viên',
        '--password-stdin',
        '--json',
      ],
      { input: 'mật khẩu quản trị\n' },
    );
    expect(admin.code, admin.stderr).toBe(0);
    expect(JSON.parse(admin.stdout)).toMatchObject({
      name: 'quantri',
      displayName: 'Quản trị viên',
      roles: ['admin'],
    });

    // Users exist: without --user the command is refused.
    const anonymous = studio(['user', 'list']);
    expect(anonymous.code).toBe(3);
    expect(anonymous.stderr).toContain('--user');

    const added = studio(
      ['user', 'add', 'lan', '--roles', 'reporter,editor', '--password-stdin', '--json', '--user', 'quantri'],
      { input: 'lan-đi-phỏng-vấn\n', password: 'mật khẩu quản trị' },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'lan', roles: ['reporter', 'editor'] });
    const unknownRole = studio(['user', 'add', 'hung', '--roles', 'superuser', '--password-stdin'], {
      input: 'x'.repeat(10),
    });
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.stderr).toContain('chiefEditor');

    const list = studio(['user', 'list', '--json', '--user', 'quantri'], { password: 'mật khẩu quản trị' });
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as UserSummary[]).map((u) => u.name)).toEqual(['lan', 'quantri']);

    // A reporter may not verify the audit log, nor manage users: exit 3, the message on stderr.
    const verify = studio(['audit', 'verify', '--user', 'lan'], { password: 'lan-đi-phỏng-vấn' });
    expect(verify.code).toBe(3);
    expect(verify.stderr).toContain('không có quyền');
    const manage = studio(['user', 'list', '--json', '--user', 'lan'], { password: 'lan-đi-phỏng-vấn' });
    expect(manage.code).toBe(3);
    expect(JSON.parse(manage.stdout)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(manage.stderr).toContain('không có quyền');
    // Nor put a backup back over everyone's records (the command runs outside any window).
    const backup = studio(
      ['backup', '--out', path.join(path.dirname(data), 'b.sqlite'), '--user', 'quantri'],
      {
        password: 'mật khẩu quản trị',
      },
    );
    expect(backup.code, backup.stderr).toBe(0);
    const restore = studio(['restore', path.join(path.dirname(data), 'b.sqlite'), '--user', 'lan'], {
      password: 'lan-đi-phỏng-vấn',
    });
    expect(restore.code).toBe(3);
    expect(restore.stderr).toContain('không có quyền');
    // A wrong password: exit 3.
    const wrong = studio(['library', 'list', '--user', 'lan'], { password: 'sai mật khẩu' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('mật khẩu không đúng');

    // Disabled: lan can no longer sign in.
    const disabled = studio(['user', 'disable', 'lan', '--user', 'quantri'], {
      password: 'mật khẩu quản trị',
    });
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('[đã khoá]');
    expect(studio(['library', 'list', '--user', 'lan'], { password: 'lan-đi-phỏng-vấn' }).code).toBe(3);

    // The admin may verify the log, which holds every change and sign-in with who made it.
    const ok = studio(['audit', 'verify', '--json', '--user', 'quantri'], { password: 'mật khẩu quản trị' });
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, firstProblem: null });
  }, 180_000);
});
