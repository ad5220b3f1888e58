/**
 * `studio live` as a script runs it, for the cli-live tests: the real command line, its stdin fed
 * marked PCM by a process of its own from its ready line on; a data folder with stations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { commandLine, descendants } from './process-tree';
import { openTestStudio } from './test-studio';

const root = path.resolve(__dirname, '../..');

export interface ReadyLine {
  ready: true;
  streams: Array<{ station: string; codec: string; url: string }>;
}

/** A running `studio live`, its stdout kept, its stdin fed marked PCM in real time once it is ready. */
export interface LiveRun {
  child: ChildProcess;
  /** The first line on stdout (rejects if the command ends first). */
  firstLine: Promise<string>;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

const marksModule = path.join(root, 'src-main/live/timing-marks.ts');
/**
 * The PCM source, a process of its own writing straight into the command's stdin (an OS pipe, no
 * hop through this busy process): timing marks over silence, made as the wall clock advances,
 * 10 ms at a time, from the line it is sent on (the ready line: what a script writes before then
 * waits in the pipe and plays that much later).
 */
const FEEDER = `
const { markGenerator } = await import(${JSON.stringify(marksModule)});
const { performance } = await import('node:perf_hooks');
const now = () => performance.timeOrigin + performance.now();
process.stdin.once('data', () => {
  const startMs = now();
  const source = markGenerator({ startMs });
  setInterval(() => {
    const due = Math.floor(((now() - startMs) * 48000) / 1000) - source.framesMade;
    if (due > 0) process.stdout.write(source.next(due));
  }, 10);
});
process.stdout.on('error', () => process.exit(0));
`;

const runs: LiveRun[] = [];
const feeders: ChildProcess[] = [];

/** Kills every `studio live` started, every process below it and its PCM source (afterEach). */
export async function stopLiveRuns(): Promise<void> {
  for (const feeder of feeders.splice(0)) feeder.kill('SIGKILL');
  for (const run of runs.splice(0)) {
    const left = [run.child.pid!, ...descendants(run.child.pid!)];
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await run.exited;
  }
}

export function startLive(args: string[], env: NodeJS.ProcessEnv = {}): LiveRun {
  const feeder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', FEEDER], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  feeders.push(feeder);
  const child = spawn(process.execPath, [path.join(root, 'bin/studio.js'), 'live', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: [feeder.stdout!, 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (t: string) => (err += t));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (t: string) => {
      out += t;
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    void exited.then((code) => reject(new Error(`studio live ended (${code}) before a line: ${err}`)));
  });
  void firstLine.then(
    () => feeder.stdin!.write('go\n'),
    () => undefined, // The test awaits firstLine itself and fails there.
  );
  const run: LiveRun = { child, firstLine, stdout: () => out, stderr: () => err, exited };
  runs.push(run);
  return run;
}

/** A data folder with three stations: two enabled (one in a group), one disabled. */
export async function stationsFolder(tempDir: () => Promise<string>, port: number): Promise<string> {
  const data = path.join(await tempDir(), 'data');
  const t = await openTestStudio(data);
  try {
    await t.call('stations.add', { code: 'XA-01', name: 'Xã Bản Vược' });
    await t.call('stations.add', { code: 'XA-02', name: 'Phường Cốc Lếu', group: 'Bát Xát' });
    await t.call('stations.add', { code: 'XA-03', name: 'Xã Y Tý' });
    await t.call('stations.setEnabled', { code: 'XA-03', enabled: false });
    // Receivers of this test reach the studio on 127.0.0.1.
    await t.call('stations.configure', { streamBaseUrl: `http://127.0.0.1:${port}` });
  } finally {
    await t.studio.close();
  }
  return data;
}

/** A port nobody listens on (bound, read, released). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** The processes left below `pid`, with their command lines (for a failure's message). */
export function childrenOf(pid: number): string[] {
  return descendants(pid).map((p) => `${p}: ${commandLine(p)}`);
}
