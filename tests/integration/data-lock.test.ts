import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/app/studio';
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
