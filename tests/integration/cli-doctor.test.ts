import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeStudio } from '../../src-main/app/composition/compose-studio';
import { clockLine } from '../../src-main/cli/commands/doctor';
import type { DoctorReport } from '../../src-main/contract';
import { useTempDirs } from '../support/temp-dir';
import { runStudioCli } from '../support/cli';

const tempDir = useTempDirs();

const studio = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runStudioCli(args, { env, timeoutMs: 60_000 });

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

  it('says whether the clock is synchronised (NTP), from what and by how much, the same in JSON and in words', async () => {
    const data = await tempDir();
    const json = studio(['doctor', '--json', '--data', data]);
    const { clock } = JSON.parse(json.stdout) as DoctorReport;
    expect([true, false, null]).toContain(clock.synchronised);
    expect(clock.message).toMatch(/^(Đồng hồ máy|Không biết đồng hồ máy)/);
    const text = studio(['doctor', '--data', data]).stdout;
    // This machine's answer, whatever it is, said the same way in both.
    expect(text).toContain(clockLine(clock));
    if (clock.synchronised !== true) expect(text).toContain(clock.message);
    if (clock.synchronised === null) expect(clock).toMatchObject({ source: null, offsetMs: null });
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

  it('only reads the data folder, beside a studio that holds it, even with a lost settings file', async () => {
    const data = await tempDir();
    const running = await composeStudio({ dataDir: data, appVersion: 't', host: 'web', env: process.env });
    try {
      await running.services.settings.update({ ffmpegPath: '/usr/bin/ffmpeg' });
      const db = path.join(data, 'db');
      // Written compactly, so that a rewrite (always indented) would show in the bytes.
      const bak = await readFile(path.join(db, 'settings.json.bak'), 'utf8');
      await writeFile(path.join(db, 'settings.json.bak'), JSON.stringify(JSON.parse(bak)));
      const snapshot = async () => {
        const out: Record<string, string> = {};
        for (const name of (await readdir(db)).sort()) {
          const file = path.join(db, name);
          out[name] = `${(await stat(file)).mtimeMs} ${await readFile(file, 'utf8')}`;
        }
        return out;
      };

      const before = await snapshot();
      const r = studio(['doctor', '--json', '--data', data], { FFMPEG_BIN: '' });
      expect(r.code).toBe(0);
      expect(await snapshot()).toEqual(before);
      // It read the station's ffmpeg choice.
      const report = JSON.parse(r.stdout) as DoctorReport;
      expect(report.checks.find((c) => c.id === 'ffmpeg')?.source).toBe('setting');

      // The settings file lost: the doctor reads the backup and leaves the repair to the studio.
      await rm(path.join(db, 'settings.json'));
      const lost = await snapshot();
      const again = studio(['doctor', '--json', '--data', data], { FFMPEG_BIN: '' });
      expect(again.code).toBe(0);
      expect(await snapshot()).toEqual(lost);
      const checks = (JSON.parse(again.stdout) as DoctorReport).checks;
      expect(checks.find((c) => c.id === 'ffmpeg')?.source).toBe('setting');
    } finally {
      await running.close();
    }
  });
});
