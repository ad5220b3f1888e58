import { isStudioErrorShape, StudioError } from '../contract';
import { actAs, APP_VERSION, type CliCommand, type CliIo } from './cli-context';
import { archiveCommand } from './commands/archive';
import { asAiredCommand } from './commands/as-aired';
import { auditCommand } from './commands/audit';
import { broadcastLogCommand } from './commands/broadcast-log';
import { doctorCommand } from './commands/doctor';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { libraryCommand } from './commands/library';
import { liveCommand } from './commands/live';
import { monitorCommand } from './commands/monitor';
import { outboxCommand } from './commands/outbox';
import { programmeCommand } from './commands/programme';
import { provincialSandboxCommand } from './commands/provincial-sandbox';
import { publishCommand } from './commands/publish';
import { receiverSimCommand } from './commands/receiver-sim';
import { recordCommand } from './commands/record';
import { backupCommand, dbCommand, restoreCommand } from './commands/records';
import { renderCommand } from './commands/render';
import { reportCommand } from './commands/report';
import { serveCommand } from './commands/serve';
import { scheduleCommand } from './commands/schedule';
import { searchCommand } from './commands/search';
import { stationsCommand } from './commands/stations';
import { userCommand } from './commands/user';

const COMMANDS: CliCommand[] = [
  serveCommand,
  doctorCommand,
  importCommand,
  recordCommand,
  exportCommand,
  renderCommand,
  programmeCommand,
  libraryCommand,
  dbCommand,
  backupCommand,
  restoreCommand,
  auditCommand,
  userCommand,
  publishCommand,
  outboxCommand,
  stationsCommand,
  provincialSandboxCommand,
  receiverSimCommand,
  liveCommand,
  broadcastLogCommand,
  monitorCommand,
  asAiredCommand,
  scheduleCommand,
  reportCommand,
  archiveCommand,
  searchCommand,
];

function help(io: CliIo): void {
  io.out(`Studio Truyền thanh ${APP_VERSION}\n\nCách dùng: studio <lệnh> [tuỳ chọn]\n`);
  for (const c of COMMANDS) io.out(`  ${c.usage.padEnd(44)} ${c.summary}`);
  io.out('\nMọi lệnh nhận --data DIR (hoặc biến STUDIO_DATA_DIR) để chọn thư mục dữ liệu.');
  io.out(
    'Khi thư mục dữ liệu đã có người dùng, mọi lệnh cần --user TÊN (mật khẩu từ biến STUDIO_PASSWORD, hoặc được hỏi khi chạy).',
  );
}

/**
 * Refusals of who is acting, exit status 3: a permission the user lacks, a sign-in that failed or
 * must wait, no user named where one is needed. Decided here for every command.
 */
const REFUSED = new Set([
  'FORBIDDEN',
  'UNAUTHORIZED',
  'SIGN_IN_FAILED',
  'SIGN_IN_THROTTLED',
  'SESSION_LOCKED',
  'PASSWORD_CHANGE_REQUIRED',
]);

/** Takes the global `--user NAME` (or `--user=NAME`) off the command's arguments. */
function takeUser(args: string[]): { user: string | null; rest: string[] } {
  const rest: string[] = [];
  let user: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--user') {
      user = args[i + 1] ?? '';
      i++;
    } else if (arg.startsWith('--user=')) user = arg.slice('--user='.length);
    else rest.push(arg);
  }
  return { user, rest };
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...given] = argv;
  const { user, rest } = takeUser(given);
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out(APP_VERSION);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Không có lệnh "${name}". Gõ "studio help" để xem các lệnh.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Cách dùng: ${command.usage}\n${command.summary}`);
    return 0;
  }
  try {
    if (user !== null && !user.trim()) {
      throw new StudioError('INVALID_REQUEST', 'Thiếu tên người dùng sau --user.');
    }
    actAs(user === null ? null : user.trim().toLowerCase());
    return await command.run(rest, io);
  } catch (err) {
    const json = rest.includes('--json');
    const shape =
      err instanceof StudioError
        ? err.toShape()
        : isStudioErrorShape(err)
          ? err
          : isArgError(err)
            ? {
                code: 'INVALID_REQUEST' as const,
                message: `Tham số không hợp lệ: ${(err as Error).message}. Cách dùng: ${command.usage}`,
              }
            : {
                code: 'INTERNAL' as const,
                message: `Lỗi không mong muốn: ${(err as Error)?.message ?? String(err)}`,
              };
    const refused = REFUSED.has(shape.code);
    if (json) {
      io.out(JSON.stringify({ ok: false, error: shape }));
      // A refusal is said on stderr too: a script's log shows who was refused what.
      if (refused) io.err(shape.message);
    } else {
      io.err(shape.message);
      if ('technical' in shape && shape.technical) io.err(`Chi tiết kỹ thuật: ${shape.technical}`);
    }
    return shape.code === 'INVALID_REQUEST' ? 2 : refused ? 3 : 1;
  }
}

function isArgError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
  );
}
