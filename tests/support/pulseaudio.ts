/**
 * A private PulseAudio server for tests that record real audio (there is no sound card on build
 * machines). Each server lives in its own temporary folder, so it never meets the user's sound
 * server or another test's, and is torn down after the tests.
 *
 * What it provides:
 * - `studio_test_mic` (the default source): a steady 440 Hz sine at −6 dBFS, as a normal input
 *   (not a monitor). It is a remapped monitor of a null sink that `module-sine` plays into.
 *   `module-sine-source` would be simpler but it delivers audio in 2-second blocks, which no real
 *   microphone does and which would make the level meter jump.
 * - a loopback from that monitor into a second null sink with 10 ms latency: it keeps the null sink
 *   rendering in small blocks (a null sink otherwise renders up to 2 s ahead, so the first second
 *   of a new capture would arrive late and in one lump).
 *
 * The order in test.pa matters. PulseAudio 14+ moves streams to a new default sink or source, so
 * the defaults are set before the streams that must stay where they are; and the loopback attaches
 * before the sine starts, or the sink's first block would already be 2 s long.
 *
 * Two other machines, for the microphone check: `inputs: 'none'`, a sound server with no input at
 * all (no sound card); `inputs: 'dead'`, whose default source is a pipe nobody writes to, like a
 * microphone that is there but sends nothing (a dead USB microphone).
 *
 * Clients (sox, pactl, the studio) find the server through `env` (PULSE_SERVER); nothing in
 * process.env is changed. Root may run it: `--system=false` only makes it print a warning.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const TEST_SOURCE = 'studio_test_mic';
export const DEAD_SOURCE = 'studio_dead_mic';
export const TEST_FREQUENCY_HZ = 440;
/** Peak level of the test tone: module-sine plays at half of full scale. */
export const TEST_TONE_PEAK_DBFS = -6.02;

const NULL_SINK_FIRST_BLOCK_MS = 2000;

export interface PulseAudioServer {
  /** Environment for client programs: reaches this server and no other. */
  env: NodeJS.ProcessEnv;
  dir: string;
  /** The default source; '' when the server has none. */
  source: string;
  pid: number;
  /** Runs pactl against this server; throws with its stderr when it fails. */
  pactl(...args: string[]): string;
  stop(): Promise<void>;
}

/** Whether this machine can run the recording tests (scripts/setup.sh installs both). */
export function hasPulseAudioAndSox(): boolean {
  const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  return ok('pulseaudio', ['--version']) && ok('sox', ['--version']) && ok('pactl', ['--version']);
}

export type PulseInputs = 'sine' | 'none' | 'dead';

/** Lines of test.pa after the protocol module, for each kind of machine. */
function inputModules(inputs: PulseInputs, dir: string): string[] {
  if (inputs === 'none') return [];
  if (inputs === 'dead') {
    return [
      `load-module module-pipe-source source_name=${DEAD_SOURCE} file=${path.join(dir, 'dead.fifo')} ` +
        'rate=48000 channels=1 format=s16le source_properties=device.description=Micro_hong',
      `set-default-source ${DEAD_SOURCE}`,
    ];
  }
  return [
    'load-module module-null-sink sink_name=studio_test_out rate=48000',
    'load-module module-null-sink sink_name=studio_test_drain rate=48000',
    'set-default-sink studio_test_out',
    `load-module module-remap-source master=studio_test_out.monitor source_name=${TEST_SOURCE} ` +
      'source_properties=device.description=Micro_thu_nghiem',
    `set-default-source ${TEST_SOURCE}`,
    'load-module module-loopback source=studio_test_out.monitor sink=studio_test_drain latency_msec=10',
    `load-module module-sine sink=studio_test_out frequency=${TEST_FREQUENCY_HZ}`,
  ];
}

export async function startPulseAudio(inputs: PulseInputs = 'sine'): Promise<PulseAudioServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-pulse-'));
  const runtime = path.join(dir, 'runtime');
  const socket = path.join(dir, 'native');
  await mkdir(path.join(dir, 'home'), { recursive: true });
  await mkdir(runtime, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, 'client.conf'), 'autospawn = no\n');
  await writeFile(
    path.join(dir, 'test.pa'),
    [
      `load-module module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
      ...inputModules(inputs, dir),
      '',
    ].join('\n'),
  );

  const daemonEnv: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: path.join(dir, 'home'),
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: path.join(dir, 'home', '.config'),
    PULSE_RUNTIME_PATH: path.join(runtime, 'pulse'),
    PULSE_STATE_PATH: path.join(dir, 'state'),
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULSE_SERVER: `unix:${socket}`,
    PULSE_CLIENTCONFIG: path.join(dir, 'client.conf'),
    PULSE_COOKIE: path.join(dir, 'cookie'),
  };

  const daemon: ChildProcess = spawn(
    'pulseaudio',
    [
      '--daemonize=no',
      '--system=false',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--disable-shm=yes',
      '--log-target=stderr',
      '--log-level=error',
      '-n',
      '-F',
      path.join(dir, 'test.pa'),
    ],
    { env: daemonEnv, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  daemon.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  // If the test process dies without its teardown, do not leave a sound server behind.
  const killOnExit = () => daemon.kill('SIGKILL');
  process.once('exit', killOnExit);

  const pactl = (...args: string[]): string => {
    const r = spawnSync('pactl', args, { env: { ...env, LC_ALL: 'C' }, encoding: 'utf8', timeout: 5000 });
    if (r.status !== 0) throw new Error(`pactl ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
    return r.stdout;
  };

  const stop = async () => {
    process.off('exit', killOnExit);
    if (daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (daemon.exitCode !== null || daemon.signalCode !== null) {
      await stop();
      throw new Error(`PulseAudio did not start: ${stderr.trim() || `exit ${daemon.exitCode}`}`);
    }
    try {
      const info = pactl('info');
      if (
        inputs === 'none' ||
        info.includes(`Default Source: ${inputs === 'dead' ? DEAD_SOURCE : TEST_SOURCE}`)
      )
        break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`PulseAudio did not answer within 15 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // A new null sink renders its first block at the largest latency (2 s) before it notices the
  // loopback asking for 10 ms; a capture opened during that block gets nothing until it ends.
  if (inputs === 'sine') await new Promise((r) => setTimeout(r, NULL_SINK_FIRST_BLOCK_MS + 300));

  const source = inputs === 'sine' ? TEST_SOURCE : inputs === 'dead' ? DEAD_SOURCE : '';
  return { env, dir, source, pid: daemon.pid ?? 0, pactl, stop };
}
