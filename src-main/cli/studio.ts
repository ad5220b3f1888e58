import { isStudioErrorShape, StudioError } from '../contract';
import { APP_VERSION, type CliCommand, type CliIo } from './cli-context';
import { auditCommand } from './commands/audit';
import { doctorCommand } from './commands/doctor';
import { exportCommand } from './commands/export';
import { importCommand } from './commands/import';
import { libraryCommand } from './commands/library';
import { programmeCommand } from './commands/programme';
import { recordCommand } from './commands/record';
import { backupCommand, dbCommand, restoreCommand } from './commands/records';
import { renderCommand } from './commands/render';
import { serveCommand } from './commands/serve';

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
];

function help(io: CliIo): void {
  io.out(`Studio Truyền thanh ${APP_VERSION}\n\nCách dùng: studio <lệnh> [tuỳ chọn]\n`);
  for (const c of COMMANDS) io.out(`  ${c.usage.padEnd(44)} ${c.summary}`);
  io.out('\nMọi lệnh nhận --data DIR (hoặc biến STUDIO_DATA_DIR) để chọn thư mục dữ liệu.');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
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
    if (json) io.out(JSON.stringify({ ok: false, error: shape }));
    else {
      io.err(shape.message);
      if ('technical' in shape && shape.technical) io.err(`Chi tiết kỹ thuật: ${shape.technical}`);
    }
    return shape.code === 'INVALID_REQUEST' ? 2 : 1;
  }
}

function isArgError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    String((err as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
  );
}
