import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The address `studio serve` prints to open the studio once. */
const LAUNCH_URL = /(http:\/\/127\.0\.0\.1:(\d+)\/\?code=\S+)/;

export interface ServedStudio {
  child: ChildProcess;
  port: number;
  /** The one-time address it printed. */
  launchUrl: string;
  /** Everything it printed so far, stdout and stderr. */
  log(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, as a user closing it; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** `studio serve` as a user starts it, in its own process, on `dataDir`. */
export async function serveStudio(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
  extraArgs: readonly string[] = [],
): Promise<ServedStudio> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'bin/studio.js'), 'serve', '--data', dataDir, ...extraArgs],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`studio serve did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = LAUNCH_URL.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`studio serve exited (${code}):\n${log}`));
    });
  });
  return {
    child,
    port: Number(match[2]),
    launchUrl: match[1] ?? '',
    log: () => log,
    alive: () => exitCode === undefined,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
