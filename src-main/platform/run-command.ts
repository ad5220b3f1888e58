import { spawn } from 'node:child_process';
import { createLimiter } from './limiter';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Short probes (versions, device lists) run a few at a time, whoever asks: a hundred doctor
 * reports at once once started several hundred programs on the studio PC. The rest wait their
 * turn; each waits only for probes, which all end within their timeout.
 */
export const PROBES_AT_ONCE = 4;
const probes = createLimiter({ concurrency: PROBES_AT_ONCE, queue: Infinity });

/**
 * Runs a program to completion and collects its output. Never throws for a failing program:
 * callers decide what a non-zero exit means. Rejects only when the program cannot start.
 * For short probes only: long work (imports, renders) is bounded by its own service.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  return probes.run(() => spawnAndCollect(file, args, options));
}

function spawnAndCollect(
  file: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 10_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
