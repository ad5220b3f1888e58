import { readAppVersion } from '../app/app-version';
import { resolveDataDir, type StudioConfig } from '../app/config';
import type { Connection } from '../app/connection';
import { anonymousCaller, localCaller } from '../app/policy';
import type { Router } from '../app/router';
import { createDoctor, createStudio, type Studio } from '../app/studio';
import { StudioError, type CallName, type DoctorReport, type RequestIn, type ResultOf } from '../contract';
import { readPassword } from './password-input';

/** Flags every command takes. */
export const COMMON_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export const APP_VERSION = readAppVersion();

export function openStudio(
  dataFlag: string | undefined,
  host: 'cli' | 'web' = 'cli',
  extra: Pick<StudioConfig, 'standardInput'> = {},
): Promise<Studio> {
  return createStudio({
    dataDir: resolveDataDir(dataFlag),
    appVersion: APP_VERSION,
    host,
    env: process.env,
    ...extra,
  });
}

/**
 * Who the command acts as: `--user NAME` (a global option, taken off the command line by `main`
 * before the command reads it), with the password from STUDIO_PASSWORD or typed at a prompt.
 */
let actingUser: string | null = null;

export function actAs(user: string | null): void {
  actingUser = user;
}

/** Messages of the CLI's sign-in, in the staff's words. */
const USERS_EXIST =
  'Thư mục dữ liệu này đã có người dùng: hãy chạy lệnh với --user TÊN (mật khẩu lấy từ biến STUDIO_PASSWORD hoặc được hỏi khi chạy).';

/**
 * A command's way into the studio: one connection, as the hosts open one per window. Its calls go
 * through the router (validation, permission) and it hears the events that caller may read. With
 * `--user` it signs in through the router like a window; without, it is the local admin, which
 * may act only while the data folder has no users (else UNAUTHORIZED: exit status 3).
 */
export interface CliSession {
  studio: Studio;
  connection: Connection;
  /** One call; a failure is thrown as a StudioError (with main's code, message and details). */
  call<K extends CallName>(name: K, request: RequestIn<K>, signal?: AbortSignal): Promise<ResultOf<K>>;
  /** Closes the connection, then the studio (work in progress finishes first). */
  close(): Promise<void>;
}

/**
 * `standardInput`: this process's stdin, for a command whose live source is `pcm:-` (`studio live`);
 * no other command hands it to the studio.
 */
export async function openSession(
  dataFlag: string | undefined,
  extra: Pick<StudioConfig, 'standardInput'> = {},
): Promise<CliSession> {
  // Asked before the studio opens: a prompt must not hold the data folder's lock.
  const password = actingUser ? await readPassword(actingUser) : null;
  const studio = await openStudio(dataFlag, 'cli', extra);
  const connection = studio.connect(actingUser ? anonymousCaller('cli') : localCaller('cli'));
  try {
    if (actingUser && password !== null) {
      const reply = await connection.call('auth.signIn', { name: actingUser, password });
      if (!reply.ok) throw new StudioError(reply.error.code, reply.error.message, reply.error.details);
    } else {
      const state = await connection.call('auth.state', {});
      if (state.ok && !(state.result as { setupNeeded: boolean }).setupNeeded) {
        throw new StudioError('UNAUTHORIZED', USERS_EXIST);
      }
    }
  } catch (err) {
    connection.close();
    await studio.close();
    throw err;
  }
  return {
    studio,
    connection,
    async call(name, request, signal) {
      const reply = await connection.call(name, request, signal);
      if (!reply.ok) {
        const e = reply.error;
        throw new StudioError(e.code, e.message, e.details, e.technical);
      }
      return reply.result as never;
    },
    async close() {
      // Events of work finishing while the studio closes (a take handed to the library) still come.
      await studio.close();
      connection.close();
    },
  };
}

/** The doctor's report, through the router like every call (the doctor opens no studio and takes no lock). */
export async function doctorReport(dataFlag: string | undefined): Promise<DoctorReport> {
  const router: Router = await createDoctor({
    dataDir: resolveDataDir(dataFlag),
    appVersion: APP_VERSION,
    host: 'cli',
    env: process.env,
  });
  const reply = await router.call('system.doctor', {}, localCaller('cli'));
  if (!reply.ok) throw reply.error;
  return reply.result as DoctorReport;
}
