import { parseArgs } from 'node:util';
import { ROLES, StudioError, type Role, type UserSummary } from '../../contract';
import { COMMON_OPTIONS, openSession, type CliCommand, type CliIo, type CliSession } from '../cli-context';
import { readNewPassword } from '../password-input';

/** The roles as staff call them (DOMAIN.md), for what the command prints. */
const ROLE_NAMES: Record<Role, string> = {
  reporter: 'phóng viên',
  editor: 'biên tập viên',
  announcer: 'phát thanh viên',
  chiefEditor: 'lãnh đạo duyệt',
  operator: 'kỹ thuật viên phát sóng',
  archivist: 'lưu trữ',
  admin: 'quản trị',
};

const USAGE = [
  'studio user add TÊN --roles reporter,editor --password-stdin [--display-name TÊN_HIỂN_THỊ] [--json]',
  'studio user list [--json]',
  'studio user disable|enable TÊN [--json]',
  'studio user reset-password TÊN --password-stdin [--json]',
].join('\n       ');

/**
 * `studio user add|list|disable|enable|reset-password …`: the station's users, through the same
 * `users.*` calls as the users screen (an admin's, or the local admin's while there is no user:
 * the first user added must then be an admin). `--password-stdin` is always the password of the
 * user being added or reset: piped in (its last line break removed), or typed twice at a terminal.
 * `--json` prints ONE object per command (fields may be added, never renamed or removed): the
 * user `{ "id", "name", "displayName", "roles", "disabled", "mustChangePassword", "createdAt",
 * "lastSignInAt" }`, or for `list` an array of them.
 */
export const userCommand: CliCommand = {
  name: 'user',
  summary: 'Quản lý người dùng: thêm, liệt kê, khoá, mở khoá, đặt lại mật khẩu',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...COMMON_OPTIONS,
        roles: { type: 'string' },
        'display-name': { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, name, ...extra] = positionals;
    const usage = () => new StudioError('INVALID_REQUEST', `Cách dùng: ${USAGE}`);
    if (extra.length > 0 || !action) throw usage();
    if (action !== 'list' && !name) throw usage();
    const needsPassword = action === 'add' || action === 'reset-password';
    if (needsPassword && !values['password-stdin']) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Thiếu --password-stdin (mật khẩu của người dùng). Cách dùng: ${USAGE}`,
      );
    }
    const roles = action === 'add' ? parseRoles(values.roles) : null;
    // Read before the studio opens: typing must not hold the data folder.
    const password = needsPassword ? await readNewPassword() : null;

    const session = await openSession(values.data);
    try {
      const show = (user: UserSummary | UserSummary[]) => print(user, values.json, io);
      switch (action) {
        case 'list':
          show(await session.call('users.list', {}));
          break;
        case 'add':
          show(
            await session.call('users.add', {
              name: name as string,
              displayName: values['display-name'] ?? (name as string),
              roles: roles as Role[],
              password: password as string,
            }),
          );
          break;
        case 'disable':
        case 'enable': {
          const user = await byName(session, name as string);
          show(await session.call('users.setDisabled', { id: user.id, disabled: action === 'disable' }));
          break;
        }
        case 'reset-password': {
          const user = await byName(session, name as string);
          show(await session.call('users.resetPassword', { id: user.id, password: password as string }));
          break;
        }
        default:
          throw usage();
      }
    } finally {
      await session.close();
    }
    return 0;
  },
};

function parseRoles(given: string | undefined): Role[] {
  const roles = (given ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new StudioError(
      'INVALID_REQUEST',
      `${unknown.length > 0 ? `Không có vai trò "${unknown.join(', ')}". ` : 'Thiếu --roles. '}` +
        `Các vai trò: ${ROLES.map((r) => `${r} (${ROLE_NAMES[r]})`).join(', ')}.`,
    );
  }
  return [...new Set(roles)] as Role[];
}

async function byName(session: CliSession, name: string): Promise<UserSummary> {
  const wanted = name.trim().toLowerCase();
  const user = (await session.call('users.list', {})).find((u) => u.name === wanted);
  if (!user) throw new StudioError('NOT_FOUND', `Không có người dùng tên "${name}".`);
  return user;
}

function describe(user: UserSummary): string {
  const roles = user.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ');
  const state = user.disabled ? ' [đã khoá]' : user.mustChangePassword ? ' [phải đổi mật khẩu]' : '';
  return `${user.name.padEnd(20)} ${user.displayName} (${roles})${state}`;
}

function print(user: UserSummary | UserSummary[], json: boolean, io: CliIo): void {
  if (json) io.out(JSON.stringify(user));
  else if (Array.isArray(user)) {
    if (user.length === 0) io.out('Chưa có người dùng nào.');
    for (const u of user) io.out(describe(u));
  } else io.out(describe(user));
}
