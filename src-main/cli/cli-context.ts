import { readAppVersion } from '../app/app-version';
import { resolveDataDir } from '../app/config';
import { localCaller } from '../app/policy';
import type { Router } from '../app/router';
import { createDoctor, createStudio, type Studio } from '../app/studio';
import type { DoctorReport } from '../contract';

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

export function openStudio(dataFlag: string | undefined, host: 'cli' | 'web' = 'cli'): Promise<Studio> {
  return createStudio({ dataDir: resolveDataDir(dataFlag), appVersion: APP_VERSION, host, env: process.env });
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
