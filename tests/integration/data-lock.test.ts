import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/app/studio';
import { acquireDataLock } from '../../src-main/store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/studio.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('one studio per data folder', () => {
  it('refuses a second studio process on the same folder in Vietnamese, while doctor still works', async () => {
    const data = await tempDir();
    const server = spawn(process.execPath, [path.join(root, 'bin/studio.js'), 'serve', '--data', data], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => d.toString().includes('http://') && resolve());
        server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const second = cli(['import', '--json', '--data', data, path.join(root, 'package.json')]);
      expect(second.status).toBe(1);
      const out = JSON.parse(second.stdout) as { ok: boolean; error: { code: string; message: string } };
      expect(out).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(out.error.message).toContain('đang được studio chế độ web (studio serve) dùng');
      expect(out.error.message).toContain(`hãy xoá tệp ${path.join(data, 'studio.lock')} rồi mở lại studio`);

      const doctor = cli(['doctor', '--json', '--data', data]);
      expect(doctor.status).toBe(0);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    // Closed properly, the folder is free again.
    const studio = await createStudio({ dataDir: data, appVersion: 't', host: 'cli', env: process.env });
    await studio.close();
  });

  it('takes over the lock of a studio that died without closing', async () => {
    const data = await tempDir();
    const killed = spawn(process.execPath, [path.join(root, 'bin/studio.js'), 'serve', '--data', data], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve) =>
      killed.stdout.on('data', (d: Buffer) => d.toString().includes('http://') && resolve()),
    );
    killed.kill('SIGKILL');
    await new Promise((r) => killed.once('exit', r));
    const studio = await createStudio({ dataDir: data, appVersion: 't', host: 'cli', env: process.env });
    await studio.close();
  });
});

/** The number of a process that has just ended. */
function deadPid(): number {
  const pid = spawnSync(process.execPath, ['-e', '']).pid;
  if (!pid) throw new Error('no pid');
  return pid;
}

let dead = 0;

/** A lock left by a studio killed without closing (every other round): this version's form, or an older one's. */
function staleLock(round: number): object | null {
  dead ||= deadPid();
  if (round % 4 === 1) return { pid: dead, host: 'web', startedAt: new Date().toISOString() };
  if (round % 4 === 3) {
    return {
      pid: dead,
      host: 'cli',
      startedAt: new Date().toISOString(),
      hostname: os.hostname(),
      nonce: `n${round}`,
      bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
      processStart: '1',
      bootTime: Date.now() - os.uptime() * 1000,
    };
  }
  return null;
}

async function writeLock(data: string, owner: object): Promise<void> {
  await mkdir(data, { recursive: true });
  await writeFile(path.join(data, 'studio.lock'), JSON.stringify(owner));
}

/** Runs every attempt at once; returns how many won (and releases them). */
async function race(data: string, attempts: number): Promise<{ won: number; codes: string[] }> {
  const results = await Promise.allSettled(
    Array.from({ length: attempts }, () => acquireDataLock(data, 'cli')),
  );
  const codes = results.flatMap((r) =>
    r.status === 'rejected' ? [(r.reason as { code: string }).code] : [],
  );
  for (const r of results) if (r.status === 'fulfilled') await r.value();
  return { won: results.filter((r) => r.status === 'fulfilled').length, codes };
}

describe('the data lock has one owner, however many ask at once', () => {
  it('in one process: one of 8 simultaneous attempts wins, 100 times, with and without a stale lock', async () => {
    const wins: number[] = [];
    for (let round = 0; round < 100; round++) {
      const data = await tempDir();
      const stale = staleLock(round);
      if (stale) await writeLock(data, stale);
      const { won, codes } = await race(data, 8);
      wins.push(won);
      expect(new Set(codes)).toEqual(new Set(['CONFLICT']));
    }
    expect(wins.filter((w) => w !== 1)).toEqual([]);
  });

  const children: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
  });

  it('across processes: one of 4 processes told to go at once wins, 30 times, with and without a stale lock', async () => {
    const contenders = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.join(root, 'tests/support/lock-contender.ts')],
          {
            cwd: root,
          },
        );
        children.push(child);
        const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
        const next = async () => JSON.parse(String((await lines.next()).value)) as Record<string, unknown>;
        expect(await next()).toMatchObject({ ready: true });
        return { send: (line: string) => child.stdin.write(`${line}\n`), next };
      }),
    );
    const wins: number[] = [];
    for (let round = 0; round < 30; round++) {
      const data = await tempDir();
      const stale = staleLock(round);
      if (stale) await writeLock(data, stale);
      const at = Date.now() + 100;
      for (const c of contenders) c.send(`go ${data} ${at}`);
      const answers = await Promise.all(contenders.map((c) => c.next()));
      wins.push(answers.filter((a) => a.won === true).length);
      for (const a of answers) if (a.won !== true) expect(a.code).toBe('CONFLICT');
      for (const c of contenders) c.send('release');
      await Promise.all(contenders.map((c) => c.next()));
      // Nothing is left behind: no lock, no half-made takeover.
      expect(await readdir(data)).toEqual([]);
    }
    expect(wins.filter((w) => w !== 1)).toEqual([]);
  });
});

describe('a lock file that cannot be read', () => {
  it('is taken over once it is old, and waited for while it may still be being written', async () => {
    const data = await tempDir();
    const lock = path.join(data, 'studio.lock');
    await writeFile(lock, '');
    const started = Date.now();
    const young = (await acquireDataLock(data, 'cli').catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(young.code).toBe('CONFLICT');
    expect(young.message).toContain('Hãy thử lại');
    expect(Date.now() - started).toBeGreaterThan(500);
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    await (
      await acquireDataLock(data, 'cli')
    )();
    expect(await readdir(data)).toEqual([]);
  });
});

describe('a lock naming a live process that is not the studio', () => {
  const sleepers: Array<{ kill(): void }> = [];
  afterEach(() => {
    for (const s of sleepers.splice(0)) s.kill();
  });
  const liveStranger = () => {
    const child = spawn('sleep', ['60']);
    sleepers.push(child);
    if (!child.pid) throw new Error('no pid');
    return child.pid;
  };
  const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

  it('is taken over when it was written before the computer restarted', async () => {
    const data = await tempDir();
    await writeLock(data, {
      pid: liveStranger(),
      host: 'electron',
      startedAt: new Date(Date.now() - 86_400_000).toISOString(),
      hostname: os.hostname(),
      bootId: 'f0f0f0f0-0000-4000-8000-000000000000',
      processStart: '4242',
      bootTime: Date.now() - 2 * 86_400_000,
    });
    const release = await acquireDataLock(data, 'cli');
    expect(JSON.parse(await readFile(path.join(data, 'studio.lock'), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    await release();
  });

  it('is taken over when its process number now belongs to another program', async () => {
    const stranger = liveStranger();
    const reused = await tempDir();
    await writeLock(reused, {
      pid: stranger,
      host: 'web',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      hostname: os.hostname(),
      bootId,
      processStart: '1',
      bootTime: Date.now() - os.uptime() * 1000,
    });
    await (
      await acquireDataLock(reused, 'cli')
    )();

    // A lock from before this version, which wrote no start time: the program started after it.
    const legacy = await tempDir();
    await writeLock(legacy, {
      pid: stranger,
      host: 'web',
      startedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await (
      await acquireDataLock(legacy, 'cli')
    )();
  });

  it('is respected when its studio really runs, and the message says how to go on if it does not', async () => {
    const data = await tempDir();
    const holder = await acquireDataLock(data, 'web');
    try {
      const err = (await acquireDataLock(data, 'cli').catch((e: unknown) => e)) as {
        code: string;
        message: string;
      };
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toContain('đang được studio chế độ web (studio serve) dùng');
      expect(err.message).toContain(`hãy xoá tệp ${path.join(data, 'studio.lock')}`);
    } finally {
      await holder();
    }
  });

  it('from another computer sharing the folder is respected, naming that computer', async () => {
    const data = await tempDir();
    await writeLock(data, {
      pid: 1,
      host: 'electron',
      startedAt: new Date().toISOString(),
      hostname: 'may-ban-tin-2',
      bootId: 'x',
      processStart: '1',
      bootTime: 0,
    });
    const err = (await acquireDataLock(data, 'cli').catch((e: unknown) => e)) as {
      code: string;
      message: string;
    };
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('máy may-ban-tin-2');
    expect(err.message).toContain(`hãy xoá tệp ${path.join(data, 'studio.lock')}`);
  });
});
