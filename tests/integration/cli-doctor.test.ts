import { spawnSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src-main/contract';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');

function studio(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/studio.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('studio doctor', () => {
  it('prints what it found as JSON: ffmpeg with path and version, and the data folder', async () => {
    const data = await tempDir();
    const r = studio(['doctor', '--json', '--data', data]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DoctorReport;
    const ffmpeg = report.checks.find((c) => c.id === 'ffmpeg');
    expect(ffmpeg).toMatchObject({ status: 'ok', path: '/usr/bin/ffmpeg', source: 'PATH' });
    expect(ffmpeg?.version).toMatch(/^\d+\.\d+/);
    expect(report.dataDir.path).toBe(data);
    expect(report.dataDir.writable).toBe(true);
    expect(report.dataDir.freeBytes).toBeGreaterThan(0);
    expect(report.ready).toBe(true);
  });

  it('takes the data folder from STUDIO_DATA_DIR, and FFMPEG_BIN before PATH', async () => {
    const data = await tempDir();
    const r = studio(['doctor', '--json'], { STUDIO_DATA_DIR: data, FFMPEG_BIN: '/usr/bin/ffmpeg' });
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report.dataDir.path).toBe(data);
    expect(report.checks.find((c) => c.id === 'ffmpeg')?.source).toBe('FFMPEG_BIN');
  });

  it('says in Vietnamese what to do when ffmpeg is missing, and exits 1', async () => {
    const data = await tempDir();
    // A PATH holding only node: ffmpeg is nowhere to be found.
    const bin = await tempDir();
    await symlink(process.execPath, path.join(bin, 'node'));
    const r = studio(['doctor', '--data', data], { PATH: bin, FFMPEG_BIN: '' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[THIẾU] ffmpeg');
    expect(r.stdout).toContain('sudo apt-get install ffmpeg');
    expect(r.stdout).toContain('Chưa sẵn sàng');
  });

  it('refuses unknown commands and bad flags with a Vietnamese message', () => {
    const unknown = studio(['phat-song']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Không có lệnh "phat-song"');
    const badFlag = studio(['doctor', '--verbose']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('Tham số không hợp lệ');
  });
});
