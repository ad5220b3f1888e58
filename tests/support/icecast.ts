/**
 * A real icecast2 for tests and benchmarks, on 127.0.0.1 with a configuration of its own.
 *
 * icecast2 refuses to run as root, so when the tests run as root it runs as the Debian package's
 * user `icecast2` (node's spawn changes uid/gid); its temporary folder (configuration, logs, pid) is
 * handed to that user. Debian's defaults that matter here and differ from ours: 100 clients (we
 * allow 2,000: the fan-out benchmarks connect 1,000) and a 64 KB burst on connect (configurable:
 * the burst is most of a listener's latency).
 *
 * A relay (`relay: { master, mounts }`) pulls the master's mounts at start and keeps them
 * (`on-demand` 0). When the master's source goes away the relay's mount ends too, and Icecast 2.4
 * tries the master again a few seconds later; an attempt that fails (the mount has no source yet:
 * 404) is retried only after `master-update-interval`, 120 s unless set: we set 2 s.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { markGenerator } from '../../src-main/live/timing-marks';

export interface IcecastRelayMount {
  /** The master's mount, e.g. `/xa-a.mp3`. */
  mount: string;
  /** Where the relay serves it (default: the same path). */
  localMount?: string;
}

export interface IcecastOptions {
  /** The source password (default: random). */
  sourcePassword?: string;
  /** Bytes sent to a new listener at once; 0 turns the burst off. Default 65535 (Debian's). */
  burstSize?: number;
  /** Most listeners at once (default 2,000; Debian's is 100). */
  clients?: number;
  /** Most sources (mounts fed) at once (default 20). */
  sources?: number;
  /** Bytes a listener may fall behind before icecast drops it (default 524288, Debian's). */
  queueSize?: number;
  /**
   * Relay these mounts of a master icecast (pulled at start, kept: on-demand 0). `retrySec`
   * (default 2) is Icecast's `master-update-interval`: a relay that failed to connect (the
   * master down, or its mount without a source: 404) is tried again only that long after, 120 s
   * by default in Icecast 2.4.
   */
  relay?: { master: { host: string; port: number }; mounts: IcecastRelayMount[]; retrySec?: number };
  /** A fixed port (default: a free one). `restart()` always keeps the port it had. */
  port?: number;
}

export interface IcecastServer {
  readonly host: string;
  readonly port: number;
  readonly sourcePassword: string;
  readonly adminPassword: string;
  /** `http://127.0.0.1:PORT/mount`. */
  url(mount: string): string;
  /** The pid of the icecast2 process now (null while stopped). */
  pid(): number | null;
  /** The mounts that have a source now, with their listeners, from `/status-json.xsl`. */
  mounts(): Promise<{ mount: string; listeners: number; contentType: string }[]>;
  /** Resolves once `mount` has a source (rejects after `timeoutMs`). */
  waitForMount(mount: string, timeoutMs?: number): Promise<void>;
  /** The tail of icecast's error log (for a failing test's message). */
  errorLog(): string;
  /** Stops the process (its sources and listeners are cut); `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** The uid/gid icecast2 runs as: the `icecast2` user when we are root, else ourselves. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'icecast2'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'icecast2'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function configXml(o: {
  port: number;
  dir: string;
  sourcePassword: string;
  adminPassword: string;
  burstSize: number;
  clients: number;
  sources: number;
  queueSize: number;
  relay?: IcecastOptions['relay'];
}): string {
  const relays = (o.relay?.mounts ?? []).map(
    (m) => `
  <relay>
    <server>${xmlEscape(o.relay!.master.host)}</server>
    <port>${o.relay!.master.port}</port>
    <mount>${xmlEscape(m.mount)}</mount>
    <local-mount>${xmlEscape(m.localMount ?? m.mount)}</local-mount>
    <on-demand>0</on-demand>
    <relay-shoutcast-metadata>0</relay-shoutcast-metadata>
  </relay>`,
  );
  return `<icecast>
  <location>127.0.0.1</location>
  <admin>test@localhost</admin>
  <limits>
    <clients>${o.clients}</clients>
    <sources>${o.sources}</sources>
    <queue-size>${o.queueSize}</queue-size>
    <client-timeout>30</client-timeout>
    <header-timeout>15</header-timeout>
    <source-timeout>5</source-timeout>
    <burst-on-connect>${o.burstSize > 0 ? 1 : 0}</burst-on-connect>
    <burst-size>${o.burstSize}</burst-size>
  </limits>
  <authentication>
    <source-password>${xmlEscape(o.sourcePassword)}</source-password>
    <relay-password>${xmlEscape(o.adminPassword)}</relay-password>
    <admin-user>admin</admin-user>
    <admin-password>${xmlEscape(o.adminPassword)}</admin-password>
  </authentication>
  <hostname>${HOST}</hostname>${
    o.relay ? `\n  <master-update-interval>${o.relay.retrySec ?? 2}</master-update-interval>` : ''
  }
  <listen-socket>
    <port>${o.port}</port>
    <bind-address>${HOST}</bind-address>
  </listen-socket>${relays.join('')}
  <fileserve>1</fileserve>
  <paths>
    <basedir>/usr/share/icecast2</basedir>
    <logdir>${xmlEscape(o.dir)}</logdir>
    <webroot>/usr/share/icecast2/web</webroot>
    <adminroot>/usr/share/icecast2/admin</adminroot>
    <pidfile>${xmlEscape(path.join(o.dir, 'icecast.pid'))}</pidfile>
  </paths>
  <logging>
    <accesslog>access.log</accesslog>
    <errorlog>error.log</errorlog>
    <loglevel>3</loglevel>
    <logsize>10000</logsize>
  </logging>
  <security>
    <chroot>0</chroot>
  </security>
</icecast>
`;
}

function getJson(url: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(parts).toString('utf8')));
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startIcecast(options: IcecastOptions = {}): Promise<IcecastServer> {
  const user = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-icecast-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const sourcePassword = options.sourcePassword ?? randomBytes(9).toString('base64url');
  const adminPassword = randomBytes(9).toString('base64url');
  const configPath = path.join(dir, 'icecast.xml');
  let port = options.port ?? (await freePort());
  let child: ChildProcess | null = null;

  const writeConfig = () => {
    writeFileSync(
      configPath,
      configXml({
        port,
        dir,
        sourcePassword,
        adminPassword,
        burstSize: options.burstSize ?? 65535,
        clients: options.clients ?? 2000,
        sources: options.sources ?? 20,
        queueSize: options.queueSize ?? 524288,
        relay: options.relay,
      }),
    );
    // It holds the passwords: readable by icecast's user only.
    chmodSync(configPath, 0o600);
    if (user) chownSync(configPath, user.uid, user.gid);
  };

  const errorLog = () => {
    try {
      return readFileSync(path.join(dir, 'error.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  };

  const launch = async (): Promise<void> => {
    writeConfig();
    const proc = spawn('icecast2', ['-c', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(user ?? {}),
      cwd: dir,
    });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited = false;
    proc.once('exit', () => (exited = true));
    child = proc;
    // Up once its status page answers.
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (exited) {
        child = null;
        throw new Error(`icecast2 ended at start: ${stderr.trim()}\n${errorLog()}`);
      }
      try {
        await getJson(`http://${HOST}:${port}/status-json.xsl`, 1_000);
        return;
      } catch {
        if (Date.now() > deadline) {
          proc.kill('SIGKILL');
          child = null;
          throw new Error(`icecast2 did not answer on port ${port}: ${stderr.trim()}\n${errorLog()}`);
        }
        await sleep(50);
      }
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(killer);
  };

  // A free port may be taken between our probe and icecast's bind: try another (unless fixed).
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      if (options.port !== undefined || attempt >= 3) {
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      port = await freePort();
    }
  }

  const mounts = async () => {
    const status = (await getJson(`http://${HOST}:${port}/status-json.xsl`, 2_000)) as {
      icestats?: { source?: unknown };
    };
    const raw = status.icestats?.source;
    const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as {
      listenurl?: string;
      listeners?: number;
      server_type?: string;
    }[];
    return list.map((s) => ({
      mount: s.listenurl ? new URL(s.listenurl).pathname : '',
      listeners: s.listeners ?? 0,
      contentType: s.server_type ?? '',
    }));
  };

  return {
    host: HOST,
    get port() {
      return port;
    },
    sourcePassword,
    adminPassword,
    url: (mount) => `http://${HOST}:${port}${mount.startsWith('/') ? mount : `/${mount}`}`,
    pid: () => child?.pid ?? null,
    mounts,
    async waitForMount(mount, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await mounts().catch(() => []);
        if (found.some((m) => m.mount === mount)) return;
        if (Date.now() > deadline) {
          throw new Error(`no source on ${mount} after ${timeoutMs} ms\n${errorLog()}`);
        }
        await sleep(100);
      }
    },
    errorLog,
    stop,
    async start() {
      if (child) return;
      await launch();
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface MountFeed {
  /** When the source's sample 0 was made (ms since the epoch): the marks count from here. */
  startMs: number;
  /** The ffmpeg that encodes and sends (for a test that kills it). */
  pid(): number | null;
  /** Stops the source (the mount ends). */
  close(): Promise<void>;
}

export interface FeedMountOptions {
  codec?: 'mp3' | 'opus';
  /** e.g. '64k' (default for MP3) or '24k' (default for Opus). */
  bitrate?: string;
  /**
   * ffmpeg input arguments instead of the built-in source (timing marks over silence, made in real
   * time), e.g. `['-re', '-i', file]`.
   */
  input?: string[];
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Feeds `mount` with one ffmpeg encoding a live source in real time: timing marks over silence
 * (`src-main/live/timing-marks.ts`, so receiver-sim measures latency), or the given input. Resolves
 * once icecast lists the mount.
 *
 * ffmpeg's icecast protocol takes the source password in its URL, so it is on ffmpeg's command
 * line: fine for a test's throwaway password, never for a station's.
 */
export async function feedMount(
  server: IcecastServer,
  mount: string,
  options: FeedMountOptions = {},
): Promise<MountFeed> {
  const codec = options.codec ?? 'mp3';
  const encode =
    codec === 'mp3'
      ? ['-c:a', 'libmp3lame', '-b:a', options.bitrate ?? '64k', '-f', 'mp3', '-content_type', 'audio/mpeg']
      : [
          ...['-c:a', 'libopus', '-b:a', options.bitrate ?? '24k', '-f', 'ogg'],
          ...['-page_duration', '20000', '-content_type', 'audio/ogg'],
        ];
  const input = options.input ?? ['-f', 's16le', '-ar', '48000', '-ac', '2', '-i', 'pipe:0'];
  const target = `icecast://source:${encodeURIComponent(server.sourcePassword)}@${server.host}:${server.port}${mount}`;
  const encoder = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-fflags', 'nobuffer'],
      ...input,
      ...encode,
      ...['-flush_packets', '1', target],
    ],
    { stdio: [options.input ? 'ignore' : 'pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  encoder.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  encoder.stdin?.on('error', () => {
    // The encoder ended (closed, or killed by a test): its exit tells the story.
  });

  const startMs = now();
  let tick: NodeJS.Timeout | null = null;
  if (!options.input) {
    const source = markGenerator({ startMs });
    tick = setInterval(() => {
      const due = Math.floor(((now() - startMs) * 48_000) / 1000) - source.framesMade;
      if (due > 0 && encoder.stdin?.writable) encoder.stdin.write(source.next(due));
    }, 10);
  }

  const close = async () => {
    if (tick) clearInterval(tick);
    tick = null;
    encoder.stdin?.end();
    if (encoder.exitCode === null && encoder.signalCode === null) {
      const exited = new Promise((resolve) => encoder.once('exit', resolve));
      encoder.kill('SIGTERM');
      await exited;
    }
  };

  try {
    await Promise.race([
      server.waitForMount(mount),
      new Promise((_, reject) =>
        encoder.once('exit', (code) => reject(new Error(`ffmpeg (source) ended (${code}): ${stderr}`))),
      ),
    ]);
  } catch (err) {
    await close();
    throw err;
  }
  return { startMs, pid: () => encoder.pid ?? null, close };
}
