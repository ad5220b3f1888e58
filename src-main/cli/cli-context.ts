import { readAppVersion } from '../app/app-version';
import { resolveDataDir } from '../app/config';
import { createDoctor, createStudio, type Studio } from '../app/studio';
import type { DoctorService } from '../system/doctor-service';

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

export function openDoctor(dataFlag: string | undefined): Promise<DoctorService> {
  return createDoctor({
    dataDir: resolveDataDir(dataFlag),
    appVersion: APP_VERSION,
    host: 'cli',
    env: process.env,
  });
}
