/**
 * `studio publish PROGRAMME` and `studio outbox run|list` (issue 14): the real command line on a data
 * folder with users, against a real provincial sandbox in this process (so the commands that reach
 * it run without blocking it). An operator queues an approved programme, runs the outbox until it is
 * empty, and the sandbox holds it exactly once; a reporter may not send.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { OutboxItem, OutboxRunResult } from '../../src-main/contract';
import { approvedProgramme } from '../support/approved-programme';
import { runStudioCli, type CliRun } from '../support/cli';
import { held, sandbox, TOKEN } from '../support/provincial';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');

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

const ADMIN_PASSWORD = 'mật khẩu quản trị';
const OPERATOR_PASSWORD = 'tuấn-trực-máy-phát';
const REPORTER_PASSWORD = 'lan-đi-phỏng-vấn';

describe('studio publish PROGRAMME, studio outbox run|list', () => {
  it('queues an approved programme as an operator, sends it once, lists it; a reporter may not', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const province = await sandbox(path.join(dir, 'sandbox'));
    try {
      const t = await openTestStudio(data);
      let programmeId: string;
      let sha: string;
      try {
        await t.call('auth.setup', { name: 'quantri', displayName: 'Quản trị', password: ADMIN_PASSWORD });
        await t.call('users.add', {
          name: 'tuan',
          displayName: 'Lê Văn Tuấn',
          roles: ['operator'],
          password: OPERATOR_PASSWORD,
        });
        await t.call('users.add', {
          name: 'lan',
          displayName: 'Phạm Thị Lan',
          roles: ['reporter'],
          password: REPORTER_PASSWORD,
        });
        await t.call('publish.configure', { endpoint: province.url, stationCode: 'TTVH-CB', token: TOKEN });
        const p = await approvedProgramme(t, dir, 'Bản tin phòng chống bão');
        programmeId = p.id;
        sha = p.approval.masterSha256 as string;
      } finally {
        await t.studio.close();
      }
      const as = (user: string, password: string) => (args: string[]) =>
        runStudioCli([...args, '--data', data, '--user', user], { env: { STUDIO_PASSWORD: password } });
      const operator = as('tuan', OPERATOR_PASSWORD);

      const refused = as('lan', REPORTER_PASSWORD)(['publish', programmeId]);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('không có quyền');

      const queued = operator(['publish', programmeId, '--json']);
      expect(queued.code, queued.stderr).toBe(0);
      const item = JSON.parse(queued.stdout) as OutboxItem;
      expect(item).toMatchObject({
        programmeId,
        state: 'queued',
        sha256: sha,
        bytesSent: 0,
        attempts: 0,
        lastError: null,
        queuedBy: 'Lê Văn Tuấn',
        alreadyQueued: false,
      });
      expect(operator(['publish', programmeId]).stdout).toContain('đã có trong hàng đợi');

      const listed = operator(['outbox', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout) as OutboxItem[]).toMatchObject([
        { programmeId, state: 'queued', bytesSent: 0, attempts: 0, lastError: null },
      ]);

      const run = await runAsync(
        ['outbox', 'run', '--until-empty', '--timeout', '60', '--json', '--data', data, '--user', 'tuan'],
        { STUDIO_PASSWORD: OPERATOR_PASSWORD },
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as OutboxRunResult;
      expect(result).toMatchObject({ sent: 1, failed: 0, pending: 0 });
      expect(result.items).toMatchObject([
        { programmeId, state: 'sent', bytesSent: item.bytes, attempts: 1 },
      ]);

      const bulletins = await held(province.url);
      expect(bulletins).toHaveLength(1);
      expect(bulletins[0]).toMatchObject({
        sha256: sha,
        bytes: item.bytes,
        title: 'Bản tin phòng chống bão',
      });

      const after = operator(['outbox', 'list', '--json']);
      expect(JSON.parse(after.stdout) as OutboxItem[]).toMatchObject([
        {
          programmeId,
          state: 'sent',
          bytesSent: item.bytes,
          attempts: 1,
          lastError: null,
          bulletinId: bulletins[0]?.id,
        },
      ]);
      const words = operator(['outbox', 'list']);
      expect(words.stdout).toContain('đã gửi 100%');
      // Nothing left: another run sends nothing and exits 0.
      const again = await runAsync(['outbox', 'run', '--data', data, '--user', 'tuan'], {
        STUDIO_PASSWORD: OPERATOR_PASSWORD,
      });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('Đã gửi 0, không gửi được 0, còn chờ 0.');
      expect(await held(province.url)).toHaveLength(1);
    } finally {
      await province.close();
    }
  }, 240_000);

  it('resumes after a SIGKILL mid-upload: the same upload, from the server’s offset, one bulletin', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const sandboxDir = path.join(dir, 'sandbox');
    // Every request of the protocol waits before its answer: time to kill the studio mid-way.
    const province = await sandbox(sandboxDir, 'slow:1500ms');
    try {
      const t = await openTestStudio(data);
      let programmeId: string;
      try {
        await t.call('publish.configure', { endpoint: province.url, stationCode: 'TTVH-CB', token: TOKEN });
        programmeId = (await approvedProgramme(t, dir, 'Bản tin tối', { seconds: 4 })).id;
        await t.call('publish.queue', { programmeId });
      } finally {
        await t.studio.close();
      }
      const uploads = async () =>
        (await readdir(path.join(sandboxDir, 'uploads')).catch(() => [])).filter((f) => f.endsWith('.json'));

      const child = spawn(
        process.execPath,
        [path.join(root, 'bin/studio.js'), 'outbox', 'run', '--until-empty', '--data', data],
        { cwd: root, stdio: 'ignore' },
      );
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const deadline = Date.now() + 60_000;
      while ((await uploads()).length === 0 && Date.now() < deadline) await delay(50);
      expect(await uploads()).toHaveLength(1);
      // The creation's answer reaches the studio, which writes the upload's URL; its PATCH then waits.
      await delay(700);
      child.kill('SIGKILL');
      expect(await exited).toBe(null);
      expect(await held(province.url)).toEqual([]);

      const list = runStudioCli(['outbox', 'list', '--json', '--data', data]);
      const [stopped] = JSON.parse(list.stdout) as OutboxItem[];
      expect(stopped).toMatchObject({ programmeId, attempts: 1 });
      expect(['queued', 'uploading']).toContain(stopped?.state);

      const run = await runAsync([
        'outbox',
        'run',
        '--until-empty',
        '--timeout',
        '60',
        '--json',
        '--data',
        data,
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout) as OutboxRunResult).toMatchObject({
        sent: 1,
        items: [{ programmeId, state: 'sent', attempts: 2 }],
      });
      expect(await held(province.url)).toHaveLength(1);
      // No second upload: the restart asked the server's offset of the first and went on from there.
      expect(await uploads()).toHaveLength(1);
    } finally {
      await province.close();
    }
  }, 240_000);

  it('syncs the province’s status, cancels, refuses a retry of a cancelled item, withdraws', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const province = await sandbox(path.join(dir, 'sandbox'));
    try {
      const t = await openTestStudio(data);
      let kept: string;
      let dropped: string;
      try {
        await t.call('publish.configure', { endpoint: province.url, stationCode: 'TTVH-CB', token: TOKEN });
        kept = (await approvedProgramme(t, dir, 'Bản tin sáng')).id;
        dropped = (await approvedProgramme(t, dir, 'Bản tin trưa')).id;
      } finally {
        await t.studio.close();
      }
      const cli = (args: string[]) => runStudioCli([...args, '--data', data]);
      const queued = JSON.parse(cli(['publish', kept, '--json']).stdout) as OutboxItem;
      const other = JSON.parse(cli(['publish', dropped, '--json']).stdout) as OutboxItem;

      const cancelled = cli(['outbox', 'cancel', other.id]);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(cancelled.stdout).toContain('Đã huỷ “Bản tin trưa”');
      const retried = cli(['outbox', 'retry', other.id]);
      expect(retried.code).not.toBe(0);
      expect(retried.stderr).toContain('đã bị huỷ');

      const run = await runAsync(['outbox', 'run', '--until-empty', '--timeout', '60', '--data', data]);
      expect(run.code, run.stderr).toBe(0);
      expect((await held(province.url)).map((b) => b.title)).toEqual(['Bản tin sáng']);
      const [b] = await held(province.url);
      await fetch(`${province.url}/sandbox/bulletins/${b?.id}/accept`, { method: 'POST' });

      const synced = await runAsync(['outbox', 'sync', '--json', '--data', data]);
      expect(synced.code, synced.stderr).toBe(0);
      expect(JSON.parse(synced.stdout)).toMatchObject({
        checked: 1,
        changed: 1,
        items: [{ id: queued.id, bulletinStatus: 'accepted' }],
      });
      expect(cli(['outbox', 'list']).stdout).toContain('đã gửi 100%, tỉnh đã duyệt');

      const withdrawn = await runAsync([
        'publish',
        'withdraw',
        queued.id,
        '--reason',
        'Trùng bản tin tỉnh đã có',
        '--json',
        '--data',
        data,
      ]);
      expect(withdrawn.code, withdrawn.stderr).toBe(0);
      expect(JSON.parse(withdrawn.stdout)).toMatchObject({
        bulletinStatus: 'withdrawn',
        bulletinReason: 'Trùng bản tin tỉnh đã có',
      });
      expect((await held(province.url))[0]).toMatchObject({ status: 'withdrawn' });
      expect(cli(['publish', 'withdraw', queued.id]).stderr).toContain('--reason');
    } finally {
      await province.close();
    }
  }, 240_000);
});
