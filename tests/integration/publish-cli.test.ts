/**
 * `studio publish configure|check` (issue 14): the real command line on a data folder, against a
 * real provincial sandbox, through the CLI's connection (so `--user` and exit status 3 apply).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublishCheckResult, PublishSettings } from '../../src-main/contract';
import { runStudioCli, type CliRun } from '../support/cli';
import { sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');

/** As runStudioCli, without blocking: the sandbox answering the command runs in this process. */
function runAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/studio.js'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('studio publish', () => {
  it('configures with the token from stdin, checks the connection, and refuses who may not', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const province = await sandbox(path.join(dir, 'sandbox'));
    try {
      const studio = (args: string[], options: { input?: string; password?: string } = {}) =>
        runStudioCli([...args, '--data', data], {
          input: options.input,
          env: { STUDIO_PASSWORD: options.password },
        });

      const missing = studio(['publish', 'configure', '--endpoint', province.url, '--station', 'TT-01']);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('--token-stdin');

      const configured = studio(
        ['publish', 'configure', '--endpoint', province.url, '--station', 'TT-01', '--token-stdin', '--json'],
        { input: `${TOKEN}\n` },
      );
      expect(configured.code, configured.stderr).toBe(0);
      expect(JSON.parse(configured.stdout) as PublishSettings).toEqual({
        endpoint: province.url,
        stationCode: 'TT-01',
        authKind: 'bearer',
        tokenSet: true,
        clientId: null,
        clientSecretSet: false,
        tokenUrl: null,
        protocol: 'reference',
        fieldMapping: { rename: {}, subjectAreas: {}, priorities: {} },
      });
      expect(configured.stdout + configured.stderr).not.toContain(TOKEN);
      expect(await readFile(path.join(data, 'db', 'publish.json'), 'utf8')).not.toContain(TOKEN);

      const check = await runAsync(['publish', 'check', '--json', '--data', data]);
      expect(check.code, check.stderr).toBe(0);
      expect(JSON.parse(check.stdout) as PublishCheckResult).toMatchObject({
        outcome: 'ok',
        endpoint: province.url,
      });
      const told = await runAsync(['publish', 'check', '--data', data]);
      expect(told.stdout).toContain('mã truy cập được chấp nhận');

      // A wrong token: the check says so and exits 1.
      studio(['publish', 'configure', '--endpoint', province.url, '--station', 'TT-01', '--token-stdin'], {
        input: 'sai-mã\n',
      });
      const refused = await runAsync(['publish', 'check', '--data', data]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('từ chối mã truy cập');

      // With users, only an admin may: a reporter is refused with exit status 3, as is nobody.
      const admin = studio(['user', 'add', 'quantri', '--roles', 'admin', '--password-stdin'], {
        input: 'mật khẩu quản trị\n',
      });
      expect(admin.code, admin.stderr).toBe(0);
      const reporter = studio(
        ['user', 'add', 'lan', '--roles', 'reporter', '--password-stdin', '--user', 'quantri'],
        { input: 'lan-đi-phỏng-vấn\n', password: 'mật khẩu quản trị' },
      );
      expect(reporter.code, reporter.stderr).toBe(0);
      const asReporter = studio(
        [
          'publish',
          'configure',
          '--endpoint',
          province.url,
          '--station',
          'X',
          '--token-stdin',
          '--user',
          'lan',
        ],
        { input: 'mã-khác\n', password: 'lan-đi-phỏng-vấn' },
      );
      expect(asReporter.code).toBe(3);
      expect(asReporter.stderr).toContain('không có quyền');
      expect(studio(['publish', 'check']).code).toBe(3);
      const asAdmin = studio(
        [
          'publish',
          'configure',
          '--endpoint',
          province.url,
          '--station',
          'TT-02',
          '--token-stdin',
          '--user',
          'quantri',
        ],
        { input: `${TOKEN}\n`, password: 'mật khẩu quản trị' },
      );
      expect(asAdmin.code, asAdmin.stderr).toBe(0);
      expect(asAdmin.stdout).toContain('Mã truy cập: đã lưu');
    } finally {
      await province.close();
    }
  }, 180_000);

  it('configures OAuth2 client credentials (the secret from stdin), the protocol and a field mapping', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const province = await sandbox(path.join(dir, 'sandbox'));
    try {
      const studio = (args: string[], input?: string) => runStudioCli([...args, '--data', data], { input });
      const target = ['publish', 'configure', '--endpoint', province.url, '--station', 'TT-01'];

      const missing = studio([...target, '--auth', 'oauth2', '--secret-stdin'], `${TOKEN}\n`);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('--client-id');
      expect(studio([...target, '--auth', 'kerberos', '--token-stdin'], 'x\n').stderr).toContain('--auth là');

      const mapping = path.join(dir, 'mapping.json');
      await writeFile(mapping, JSON.stringify({ subjectAreas: { 'Phòng chống thiên tai': 'PCTT' } }));
      const configured = studio(
        [
          ...target,
          '--auth',
          'oauth2',
          '--client-id',
          'studio-tt-01',
          '--secret-stdin',
          '--mapping',
          mapping,
          '--json',
        ],
        `${TOKEN}\n`,
      );
      expect(configured.code, configured.stderr).toBe(0);
      expect(JSON.parse(configured.stdout) as PublishSettings).toMatchObject({
        authKind: 'oauth2',
        clientId: 'studio-tt-01',
        clientSecretSet: true,
        tokenSet: false,
        protocol: 'reference',
        fieldMapping: { rename: {}, subjectAreas: { 'Phòng chống thiên tai': 'PCTT' }, priorities: {} },
      });
      expect(configured.stdout + configured.stderr).not.toContain(TOKEN);
      expect(await readFile(path.join(data, 'db', 'publish.json'), 'utf8')).not.toContain(TOKEN);
      const ok = await runAsync(['publish', 'check', '--json', '--data', data]);
      expect(ok.code, ok.stdout).toBe(0);

      // A mapping the schema refuses is refused, and nothing changes.
      await writeFile(mapping, JSON.stringify({ rename: { title: 'summary' } }));
      const bad = studio(
        [...target, '--auth', 'oauth2', '--client-id', 'x', '--secret-stdin', '--mapping', mapping],
        'y\n',
      );
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('fieldMapping.rename.title');

      const wrong = studio(
        [
          ...target,
          '--auth',
          'oauth2',
          '--client-id',
          'studio-tt-01',
          '--secret-stdin',
          '--protocol',
          'flat',
        ],
        'khoá-sai\n',
      );
      expect(wrong.code, wrong.stderr).toBe(0);
      expect(wrong.stdout).toContain('khoá bí mật đã lưu');
      expect(wrong.stdout).toContain('Giao thức: flat');
      const refused = await runAsync(['publish', 'check', '--json', '--data', data]);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout) as PublishCheckResult).toMatchObject({ outcome: 'tokenRefused' });
    } finally {
      await province.close();
    }
  }, 180_000);
});
