import { chmod, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateFfmpeg, unpackedAsarPath } from '../../src-main/media/ffmpeg-locator';
import { ffmpegVersion } from '../../src-main/media/ffmpeg-check';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const REAL = '/usr/bin/ffmpeg';

/** Four real ffmpeg links in four folders, one for each place the locator looks. */
async function fourPlaces() {
  const root = await tempDir();
  const place = async (name: string) => {
    const dir = path.join(root, name);
    await mkdir(dir);
    const file = path.join(dir, 'ffmpeg');
    await symlink(REAL, file);
    return file;
  };
  return {
    setting: await place('setting'),
    env: await place('env'),
    staticBin: await place('static'),
    pathDir: path.dirname(await place('path')),
    root,
  };
}

describe('ffmpeg locator', () => {
  it('prefers the setting, then FFMPEG_BIN, then ffmpeg-static, then PATH', async () => {
    const p = await fourPlaces();
    const env = { PATH: p.pathDir, FFMPEG_BIN: p.env };
    const run = (settingPath: string | null, e: NodeJS.ProcessEnv, staticPath: string | null) =>
      locateFfmpeg({ settingPath, env: e, staticPath }).then((r) => r.found);

    // The setting runs by its real path: a link changed after the check cannot point elsewhere.
    expect(await run(p.setting, env, p.staticBin)).toEqual({ path: REAL, source: 'setting' });
    expect(await run(null, env, p.staticBin)).toEqual({ path: p.env, source: 'FFMPEG_BIN' });
    expect(await run(null, { PATH: p.pathDir }, p.staticBin)).toEqual({
      path: p.staticBin,
      source: 'ffmpeg-static',
    });
    expect(await run(null, { PATH: p.pathDir }, null)).toEqual({
      path: path.join(p.pathDir, 'ffmpeg'),
      source: 'PATH',
    });
  });

  it('passes over a setting that does not exist or is not executable and says so', async () => {
    const p = await fourPlaces();
    const notExec = path.join(p.root, 'not-exec');
    await writeFile(notExec, 'text');
    await chmod(notExec, 0o644);
    const result = await locateFfmpeg({
      settingPath: '/khong/ton/tai/ffmpeg',
      env: { PATH: p.pathDir, FFMPEG_BIN: notExec },
      staticPath: null,
    });
    expect(result.found?.source).toBe('PATH');
    expect(result.candidates.slice(0, 2)).toEqual([
      { source: 'setting', path: '/khong/ton/tai/ffmpeg', usable: false },
      { source: 'FFMPEG_BIN', path: notExec, usable: false },
    ]);
  });

  it('finds nothing when no place has ffmpeg', async () => {
    const empty = await tempDir();
    const result = await locateFfmpeg({ settingPath: null, env: { PATH: empty }, staticPath: null });
    expect(result.found).toBeNull();
  });

  it('runs the binary from app.asar.unpacked in a packaged app', () => {
    expect(unpackedAsarPath('/opt/Studio/resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/opt/Studio/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
    expect(unpackedAsarPath('C:\\S\\resources\\app.asar\\node_modules\\ffmpeg-static\\ffmpeg.exe')).toBe(
      'C:\\S\\resources\\app.asar.unpacked\\node_modules\\ffmpeg-static\\ffmpeg.exe',
    );
  });

  it('reads the version of a real ffmpeg and refuses a file that is not one', async () => {
    expect(await ffmpegVersion(REAL)).toMatch(/^\d+\.\d+/);
    expect(await ffmpegVersion('/bin/true')).toBeNull();
  });
});
