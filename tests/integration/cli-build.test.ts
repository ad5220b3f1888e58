/**
 * The command line runs from its build (out/cli) while the build is current, and from the sources
 * otherwise: a stale build must never answer for edited code.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const root = path.resolve(__dirname, '../..');

function node(args: string[], env: NodeJS.ProcessEnv = {}, cwd = root) {
  const r = spawnSync(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bin/studio.js chooses the build or the sources', () => {
  /** A copy of bin/studio.js in a folder of its own, with a "build" and a "source" that say which ran. */
  async function miniRoot() {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'bin'));
    await mkdir(path.join(dir, 'out/cli'), { recursive: true });
    await mkdir(path.join(dir, 'src-main/cli'), { recursive: true });
    await copyFile(path.join(root, 'bin/studio.js'), path.join(dir, 'bin/studio.js'));
    await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}');
    await writeFile(path.join(dir, 'out/cli/studio.js'), "console.log('built');\n");
    await writeFile(path.join(dir, 'src-main/cli/run.ts'), "console.log('source' as string);\n");
    const builtAt = Date.now();
    await writeFile(
      path.join(dir, 'out/cli/sources.json'),
      JSON.stringify({ builtAt, sources: ['src-main/cli/run.ts'] }),
    );
    const source = path.join(dir, 'src-main/cli/run.ts');
    const setSourceTime = (ms: number) => utimes(source, new Date(ms), new Date(ms));
    const which = (env: NodeJS.ProcessEnv = {}) =>
      node([path.join(dir, 'bin/studio.js')], env, dir).stdout.trim();
    return { dir, builtAt, setSourceTime, which };
  }

  it('runs the build while every source is older than it', async () => {
    const r = await miniRoot();
    await r.setSourceTime(r.builtAt - 60_000);
    expect(r.which()).toBe('built');
  });

  it('runs the sources once one of them was saved after the build', async () => {
    const r = await miniRoot();
    await r.setSourceTime(r.builtAt + 1_000);
    expect(r.which()).toBe('source');
  });

  it('runs the sources when there is no build, or when asked to', async () => {
    const r = await miniRoot();
    await r.setSourceTime(r.builtAt - 60_000);
    expect(r.which({ STUDIO_CLI_FROM_SOURCE: '1' })).toBe('source');
    await rm(path.join(r.dir, 'out/cli/sources.json'));
    expect(r.which()).toBe('source');
  });
});

describe('the built command line', () => {
  // Built under out/ like the real one, since the studio finds its files from its package root.
  const out = path.join(root, 'out', `.test-cli-${process.pid}`);
  afterAll(() => rm(out, { recursive: true, force: true }));

  it('builds, and answers --version, help and doctor from the build alone', async () => {
    const build = node([path.join(root, 'scripts/build.mjs'), '--only', 'cli', '--out', out]);
    expect(build.code, build.stderr).toBe(0);
    const cli = path.join(out, 'cli/studio.js');
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };

    expect(node([cli, '--version']).stdout.trim()).toBe(pkg.version);
    const help = node([cli, 'help']);
    expect(help.stdout).toContain('studio serve');
    expect(help.stdout).toContain('studio import');

    const data = await tempDir();
    const doctor = node([cli, 'doctor', '--json', '--data', data]);
    expect(doctor.code, doctor.stderr).toBe(0);
    const report = JSON.parse(doctor.stdout) as { checks: { id: string; status: string }[] };
    expect(report.checks.find((c) => c.id === 'ffmpeg')?.status).toBe('ok');
  });
});
