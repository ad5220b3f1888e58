import type { Logger } from '../platform/logger';
import { composeStudio } from './composition/compose-studio';
import type { StudioConfig } from './config';
import type { Connection } from './connection';
import type { Caller, Policy } from './policy';

export { createDoctor } from './composition/compose-studio';

/**
 * The studio as hosts and the CLI see it: one door, `connect(caller)`, whose calls go through the
 * router (validation, permission) and whose events are those the caller may read. No service,
 * router or event bus is reachable from here.
 */
export interface Studio {
  config: StudioConfig;
  /** Finishes work in progress before the process exits (hosts call it on quit). */
  close(): Promise<void>;
  /**
   * How a host or a command reaches the studio: a connection for one caller, whose calls go
   * through the router and which hears only the events that caller may read.
   */
  connect(caller: Caller): Connection;
  /** The studio's log (logs/studio.log in the data folder); hosts write theirs here too. */
  log: Logger;
  /**
   * Starts sending the outbox in the background (publish/outbox-runner.ts): the windows' hosts call
   * it; the CLI never does (`studio outbox run` sends, then exits). `close()` stops it.
   */
  startOutbox(): void;
  /**
   * Starts playing the schedule by itself (schedule/schedule-runner.ts): the desktop app and
   * `studio live` call it, so the schedule airs whether or not a window is open; what should be on
   * air now goes on at once. `close()` stops it.
   */
  startSchedule(): Promise<void>;
}

/**
 * Opens the studio on `config.dataDir` (holding its lock until `close()`: one studio process per
 * data folder) and gives back only its door. `policy` defaults to the station's roles (`rolePolicy`).
 */
export async function createStudio(config: StudioConfig, policy?: Policy): Promise<Studio> {
  const { close, connect, log, startOutbox, startSchedule } = await composeStudio(config, policy);
  return { config, close, connect, log, startOutbox, startSchedule };
}
