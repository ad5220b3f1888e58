import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { chooseSaveFileSchema, HostKind } from '../contract';
import type { z } from 'zod';
import type { SafeStorageLike } from '../platform/secret-box';
import type { StatusCallbackConfig } from '../publish/status-callbacks';
import type { ScheduleClock } from '../schedule/schedule-clock';

/** The OS's own windows, when the host has them (the Electron app). */
export interface HostDialogs {
  /** Resolves with the chosen absolute path, or `null` when the user closed the window. */
  chooseSaveFile(options: z.output<typeof chooseSaveFileSchema>): Promise<string | null>;
  /** The "open" window for one existing file: its absolute path, or `null` when closed. */
  chooseOpenFile(options: z.output<typeof chooseSaveFileSchema>): Promise<string | null>;
}

export interface StudioConfig {
  /** The library folder: database, audio, caches. */
  dataDir: string;
  appVersion: string;
  host: HostKind;
  env: NodeJS.ProcessEnv;
  /** Absent in the web host and the CLI: `system.chooseSaveFile` and `chooseOpenFile` are then UNAVAILABLE. */
  dialogs?: HostDialogs;
  /** The user's home folder, where the folder browser starts (default the OS's; tests give their own). */
  homeDir?: string;
  /**
   * Electron's safeStorage (the desktop app only): secrets are sealed by the OS's keychain, else by
   * a key file in the data folder (platform/secret-box.ts).
   */
  safeStorage?: SafeStorageLike;
  /** The outbox's retry delays (default: 2 s doubling up to 10 min); tests shorten them. */
  outboxRetry?: { baseDelayMs: number; maxDelayMs: number };
  /**
   * The province's status callbacks (publish/status-callbacks.ts): where the receiver listens once
   * the outbox starts. Absent: from STUDIO_PUBLISH_CALLBACK_LISTEN / _URL, else off. Tests give
   * 127.0.0.1 and port 0.
   */
  statusCallbacks?: StatusCallbackConfig;
  /**
   * The background runner's pace (default: the link checked every 30 s while offline, the
   * province's statuses every 3 min); tests shorten them.
   */
  outboxRunner?: { checkEveryMs?: number; syncEveryMs?: number };
  /**
   * The command line's standard input, the PCM of a live source `pcm:-` (s16le 48 kHz stereo):
   * `studio live --source pcm:-` gives it. Only the CLI does; without it (every window) a `pcm:-`
   * source is refused.
   */
  standardInput?: Readable;
  /**
   * Where the live stream server listens (default every interface: receivers are elsewhere on the
   * network). Tests give 127.0.0.1.
   */
  liveStreamHost?: string;
  /** The as-aired recording's segment length (default 15 minutes; tests make a test hour's short). */
  asAiredSegmentMs?: number;
  /** The schedule's clock (default the PC's); tests give one shifted to a slot's hour. */
  scheduleClock?: ScheduleClock;
}

const APP_FOLDER = 'studio-truyen-thanh';

/** The OS's per-user application data folder, shared by the Electron app, the web host and the CLI. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER);
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), APP_FOLDER);
}

/** `--data DIR` wins, then `STUDIO_DATA_DIR`, then the OS default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag || env.STUDIO_DATA_DIR || defaultDataDir(env));
}
