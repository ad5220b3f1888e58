/**
 * What the live stream benchmarks run (issue 15): the three servers a commune receiver may pull
 * the same marked live source from, and `studio receiver-sim` (its own process, as an installer
 * runs it) pulling from each.
 *
 * - ours: the air (timing marks as `pcm:-` into the bus, its MP3 encoder) → the built-in stream
 *   server in this process;
 * - the simplest server one could write (tests/support/marked-stream-server.ts): marks → one
 *   ffmpeg → every listener, no burst;
 * - Icecast 2 (tests/support/icecast.ts) fed by one ffmpeg encoding the marks.
 * Every one MP3 at 64 kb/s.
 */
import { execFile, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Air } from '../src-main/live/air';
import { StreamServer } from '../src-main/live/outputs/stream-server';
import type { ReceiverSimReport } from '../src-main/live/receiver-sim/receiver-sim';
import { markGenerator } from '../src-main/live/timing-marks';
import { feedMount, startIcecast, type IcecastServer, type MountFeed } from '../tests/support/icecast';
import { startMarkedStreamServer } from '../tests/support/marked-stream-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const now = () => performance.timeOrigin + performance.now();
const TOKEN = 'benchmark-token-0123456789abcdef';

export interface Served {
  url: string;
  /** CPU time (user + system, ms) of whatever serves the receivers, so far. */
  cpuMs(): number;
  close(): Promise<void>;
}

/** The air with marks on its bus, and the built-in server over its MP3 tap. */
export async function serveOurs(
  ffmpeg: string,
): Promise<Served & { server: StreamServer; tapDelayMs(): { p50: number; p95: number } }> {
  const air = await Air.open({ ffmpeg, standby: false });
  const pcm = new PassThrough();
  const startMs = now();
  const marks = markGenerator({ startMs });
  // 200 ms ahead of the wall clock, as a source feeding `pcm:-` would be: the bus never waits.
  const timer = setInterval(() => {
    const due = Math.floor(((now() - startMs + 200) * 48_000) / 1000) - marks.framesMade;
    if (due > 0) pcm.write(marks.next(due));
  }, 10);
  air.bus.addSource('pcm:-', { id: 'marks', priority: 'playout', stream: pcm });
  const server = await StreamServer.start({
    port: 0,
    host: '127.0.0.1',
    stations: { acceptsToken: (code, token) => code === 'XA-01' && token === TOKEN },
  });
  server.attach(air.tap('mp3'));
  server.route('XA-01');
  // How late each chunk reaches the server after it was mixed: the air's share of the latency.
  const delays: number[] = [];
  air.tap('mp3').onChunk((c) => delays.push(now() - (c.mixedAt + c.durationMs)));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  return {
    server,
    url: `${server.address}/live/XA-01.mp3?token=${TOKEN}`,
    cpuMs: cpu,
    tapDelayMs() {
      const s = [...delays].sort((a, b) => a - b);
      const at = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN);
      return { p50: at(0.5), p95: at(0.95) };
    },
    async close() {
      clearInterval(timer);
      pcm.end();
      await server.close();
      await air.close();
    },
  };
}

/**
 * The built-in server alone in a process of its own (bench/fanout-server-child.ts), fed by one
 * ffmpeg as Icecast is: its CPU is the fan-out's, without the air's mixing and encoding beside it.
 */
export async function serveOursAlone(): Promise<Served & { listeners(): Promise<number> }> {
  const child = fork(path.join(root, 'bench/fanout-server-child.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: unknown) => {
        if (typeof m === 'object' && m !== null && key in m) {
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve((m as Record<string, T>)[key] as T);
        }
      };
      const onExit = () => reject(new Error('the stream server child exited'));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const url = await next<string>('url');
  return {
    url,
    cpuMs: () => processCpuMs(child.pid ?? null),
    listeners() {
      const answer = next<number>('listeners');
      child.send('stats');
      return answer;
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('close');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      child.kill('SIGKILL');
    },
  };
}

export async function serveSimplest(): Promise<Served> {
  const s = await startMarkedStreamServer({ codec: 'mp3', bitrate: '64k' });
  const self = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  return { url: s.url, cpuMs: self, close: () => s.close() };
}

/** Icecast with `burstSize` (its default 65,535 unless given), one mount fed with the marks. */
export async function serveIcecast(burstSize?: number): Promise<Served & { icecast: IcecastServer }> {
  const icecast = await startIcecast(burstSize === undefined ? {} : { burstSize });
  let f: MountFeed;
  try {
    f = await feedMount(icecast, '/xa-01.mp3', { codec: 'mp3', bitrate: '64k' });
  } catch (err) {
    await icecast.close();
    throw err;
  }
  return {
    icecast,
    url: icecast.url('/xa-01.mp3'),
    cpuMs: () => processCpuMs(icecast.pid()),
    async close() {
      await f.close();
      await icecast.close();
    },
  };
}

/** A process's user + system CPU so far, ms (from /proc; 0 when it is gone). */
export function processCpuMs(pid: number | null): number {
  if (pid === null) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 (from 1), here 11 and 12 after the name; in ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** `studio receiver-sim --json` in its own process; resolves with its report. */
export function receiverSim(url: string, count: number, seconds: number): Promise<ReceiverSimReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(root, 'bin/studio.js'), 'receiver-sim', '--url', url].concat([
        '--count',
        String(count),
        '--seconds',
        String(seconds),
        '--json',
      ]),
      { cwd: root, timeout: (seconds + 120) * 1000, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!stdout) reject(new Error(`receiver-sim failed: ${err?.message ?? ''} ${stderr.slice(-500)}`));
        else resolve(JSON.parse(stdout) as ReceiverSimReport);
      },
    );
  });
}

/** Stalls once playing has settled (after the first 2 s, before the run's last 300 ms). */
export function lateStalls(r: ReceiverSimReport): number {
  return r.receivers.reduce(
    (n, x) => n + x.stalls.filter((s) => s.atMs > 2_000 && s.atMs < r.seconds * 1000 - 300).length,
    0,
  );
}
