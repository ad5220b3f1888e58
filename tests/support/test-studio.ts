/**
 * A studio in a temporary data folder, driven through its router exactly as the UI drives it, with
 * assets imported from generated signals.
 */
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { composeStudio, type ComposedStudio } from '../../src-main/app/composition/compose-studio';
import type { StudioConfig } from '../../src-main/app/config';
import type { Connection } from '../../src-main/app/connection';
import { anonymousCaller, localCaller } from '../../src-main/app/policy';
import type {
  CallName,
  EventName,
  EventPayload,
  RequestIn,
  ResultOf,
  StudioErrorShape,
} from '../../src-main/contract';

export interface TestStudio {
  studio: ComposedStudio;
  dataDir: string;
  call<K extends CallName>(name: K, request: RequestIn<K>): Promise<ResultOf<K>>;
  /** The error a call fails with (the test fails if it succeeds). */
  fail<K extends CallName>(name: K, request: RequestIn<K>): Promise<StudioErrorShape>;
  importFile(file: string, title?: string): Promise<string>;
  events: Array<{ event: EventName; payload: EventPayload<EventName> }>;
  /**
   * The connection `call` and `fail` go through, opened as the local admin: what it may do while
   * the data folder has no users; once one exists it is anonymous until it signs in (`auth.setup`
   * through it signs it in as that first admin).
   */
  connection: Connection;
  /** A new connection (a window of its own), signed in as `name` through the router. */
  signIn(name: string, password: string): Promise<Connection>;
}

/**
 * `env`: what the studio's programs see (for example a private PulseAudio server's address).
 * `homeDir`: the user's home folder as the studio sees it (default: the folder holding the data
 * folder, the test's own temporary folder). `chosen`: folders the user has chosen to save in, as
 * through "Chọn nơi lưu…" (default: that home), so that renders and exports may write there.
 */
export async function openTestStudio(
  dataDir: string,
  {
    env = process.env,
    homeDir = path.dirname(dataDir),
    chosen = [homeDir],
    outboxRetry,
    outboxRunner,
    standardInput,
    asAiredSegmentMs,
    scheduleClock,
  }: {
    env?: NodeJS.ProcessEnv;
    homeDir?: string;
    chosen?: string[];
    outboxRetry?: StudioConfig['outboxRetry'];
    outboxRunner?: StudioConfig['outboxRunner'];
    /** What a `cli` connection may air as `pcm:-` (the CLI's standard input). */
    standardInput?: StudioConfig['standardInput'];
    /** The as-aired recording's segment length (a test hour's segments are seconds long). */
    asAiredSegmentMs?: number;
    /** The schedule's clock (a test's day shifted to the hour of its slots). */
    scheduleClock?: StudioConfig['scheduleClock'];
  } = {},
): Promise<TestStudio> {
  const studio = await composeStudio({
    dataDir,
    appVersion: 'test',
    host: 'web',
    env,
    homeDir,
    // The live stream server, when a test goes live: on this PC only.
    liveStreamHost: '127.0.0.1',
    ...(outboxRetry ? { outboxRetry } : {}),
    ...(outboxRunner ? { outboxRunner } : {}),
    ...(standardInput ? { standardInput } : {}),
    ...(asAiredSegmentMs ? { asAiredSegmentMs } : {}),
    ...(scheduleClock ? { scheduleClock } : {}),
  });
  for (const folder of chosen) await studio.services.folders.choose(folder);
  const connection = studio.connect(localCaller('web'));
  const events: TestStudio['events'] = [];
  studio.events.subscribe((event, payload) => events.push({ event, payload }));
  const raw = (name: string, request: unknown) => connection.call(name, request);
  return {
    studio,
    dataDir,
    events,
    connection,
    async signIn(name, password) {
      const window = studio.connect(anonymousCaller('web'));
      const reply = await window.call('auth.signIn', { name, password });
      if (!reply.ok) throw new Error(`auth.signIn failed: ${reply.error.code} ${reply.error.message}`);
      return window;
    },
    async call(name, request) {
      const reply = await raw(name, request);
      if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
      return reply.result as never;
    },
    async fail(name, request) {
      const reply = await raw(name, request);
      expect(reply.ok, `${name} should fail`).toBe(false);
      return (reply as { ok: false; error: StudioErrorShape }).error;
    },
    async importFile(file, title) {
      const r = await studio.services.media.importer.importOne(file, title ? { metadata: { title } } : {});
      if (!r.ok) throw new Error(r.error.message);
      return r.asset.id;
    },
  };
}

/**
 * Studios a test opens, all closed after it; `closeAll` closes them earlier, to open the same data
 * folder again (the data lock allows one studio per folder).
 */
export function useTestStudios(): {
  open(dataDir: string, options?: Parameters<typeof openTestStudio>[1]): Promise<TestStudio>;
  closeAll(): Promise<void>;
} {
  const opened: TestStudio[] = [];
  const closeAll = async () => {
    await Promise.all(opened.splice(0).map((t) => t.studio.close()));
  };
  afterEach(closeAll);
  return {
    async open(dataDir, options) {
      const t = await openTestStudio(dataDir, options);
      opened.push(t);
      return t;
    },
    closeAll,
  };
}

export function inDir(dir: string, name: string): string {
  return path.join(dir, name);
}
