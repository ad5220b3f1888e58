/**
 * The ffmpeg path in Settings names a program the studio runs for every import, preview and
 * render. Only an actual ffmpeg may be saved there, and the studio runs nothing else from it,
 * even from a settings file written before this check or by hand.
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type TestStudio, useTestStudios } from '../support/test-studio';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const studios = useTestStudios();

async function studioIn(dataDir?: string): Promise<TestStudio> {
  return studios.open(dataDir ?? (await tempDir()), { env: { ...process.env, FFMPEG_BIN: '' } });
}

/** A program that leaves a mark when run, and prints what ffmpeg prints. */
async function markingScript(dir: string): Promise<{ file: string; marker: string }> {
  const marker = path.join(dir, 'da-chay.txt');
  const file = path.join(dir, 'ffmpeg');
  await writeFile(
    file,
    `#!/bin/sh\ntouch '${marker}'\necho 'ffmpeg version 6.1 Copyright (c) 2000-2024 the FFmpeg developers'\n`,
  );
  await chmod(file, 0o755);
  return { file, marker };
}

describe('settings.update ffmpegPath', () => {
  it('refuses a shell, a script that would leave a mark, and another program, without running them', async () => {
    const t = await studioIn();
    const dir = await tempDir();
    const script = await markingScript(dir);
    const other = path.join(dir, 'other', 'ffmpeg');
    await mkdir(path.dirname(other));
    await copyFile('/usr/bin/env', other);
    await chmod(other, 0o755);

    for (const candidate of ['/bin/sh', script.file, other]) {
      const error = await t.fail('settings.update', { ffmpegPath: candidate });
      expect(error.code, candidate).toBe('FFMPEG_NOT_VERIFIED');
      expect(error.message).toMatch(/không phải là ffmpeg/);
      expect(error.message).toMatch(/Tự tìm/);
      expect(error.technical).toContain(candidate);
    }
    expect(existsSync(script.marker), 'the script was run').toBe(false);
    expect((await t.call('settings.get', {})).ffmpegPath).toBeNull();
  });

  it('refuses an ffmpeg that another user of the PC could replace', async () => {
    const t = await studioIn();
    const shared = path.join(await tempDir(), 'shared');
    await mkdir(shared);
    await chmod(shared, 0o777);
    const copy = path.join(shared, 'ffmpeg');
    await copyFile('/usr/bin/ffmpeg', copy);
    await chmod(copy, 0o755);
    const error = await t.fail('settings.update', { ffmpegPath: copy });
    expect(error.code).toBe('FFMPEG_NOT_VERIFIED');
    expect(error.message).toMatch(/người dùng khác/);
  });

  it('saves a real ffmpeg, and the studio uses it', async () => {
    const t = await studioIn();
    const saved = await t.call('settings.update', { ffmpegPath: '/usr/bin/ffmpeg' });
    expect(saved.ffmpegPath).toBe('/usr/bin/ffmpeg');
    const report = await t.call('system.doctor', {});
    expect(report.checks.find((c) => c.id === 'ffmpeg')).toMatchObject({
      status: 'ok',
      source: 'setting',
      path: '/usr/bin/ffmpeg',
    });
  });

  it('does not run a program written into the settings file by hand: the doctor says so', async () => {
    const dataDir = await tempDir();
    await studioIn(dataDir).then((t) => t.call('settings.update', { uiLanguage: 'vi' }));
    await studios.closeAll();
    const script = await markingScript(await tempDir());
    const settingsFile = path.join(dataDir, 'db', 'settings.json');
    const { readFile } = await import('node:fs/promises');
    const stored = JSON.parse(await readFile(settingsFile, 'utf8')) as {
      data: { ffmpegPath: string | null };
    };
    stored.data.ffmpegPath = script.file;
    await writeFile(settingsFile, JSON.stringify(stored));

    const t = await studioIn(dataDir);
    const report = await t.call('system.doctor', {});
    const ffmpeg = report.checks.find((c) => c.id === 'ffmpeg');
    expect(ffmpeg?.source).not.toBe('setting');
    expect(ffmpeg?.advice).toContain(script.file);
    expect(existsSync(script.marker), 'the script was run').toBe(false);
  });
});
