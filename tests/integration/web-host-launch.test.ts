/**
 * How `studio serve --open` (what `npm start` runs without Electron) hands the session to its
 * browser window. Every local user can read every process's command line (/proc/PID/cmdline): the
 * session token must never be on it, and what is on it must not open the studio a second time.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { caller, signedIn } from '../support/host-socket';
import { hostRequest, redeemLaunchUrl } from '../support/host-request';
import { commandLine, descendants } from '../support/process-tree';
import { serveStudio, type ServedStudio } from '../support/served-studio';
import { useTempDirs } from '../support/temp-dir';
import { writeLaunchPage } from '../../src-main/cli/commands/serve-launch-page';
import { findOnPath } from '../../src-main/platform/find-executable';

const tempDir = useTempDirs();
const served: ServedStudio[] = [];
afterEach(async () => {
  for (const s of served.splice(0)) await s.stop();
});

/**
 * A `chromium` first on PATH that is Debian's Chromium without a screen: the same program,
 * started by the same code, with the same arguments as on a station's PC.
 */
async function headlessChromiumOnPath(): Promise<NodeJS.ProcessEnv> {
  const real = (await findOnPath('chromium')) ?? (await findOnPath('chromium-browser'));
  if (!real) throw new Error('Chromium is needed for this test (npm run setup installs it)');
  const bin = path.join(await tempDir(), 'bin');
  await mkdir(bin);
  const wrapper = path.join(bin, 'chromium');
  await writeFile(wrapper, `#!/bin/sh\nexec ${real} --headless=new --disable-gpu "$@"\n`);
  await chmod(wrapper, 0o755);
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

/** Every command line under the studio's process, as another local user could read it. */
function commandLines(studio: ServedStudio): string[] {
  return descendants(studio.child.pid!).map(commandLine);
}

describe('studio serve --open', () => {
  it('opens its window with nothing secret on any command line, and the window gets a session', async () => {
    const studio = await serveStudio(await tempDir(), await headlessChromiumOnPath(), ['--open']);
    served.push(studio);
    // What the page's cookie carries is the session: the token itself.
    const cookie = await redeemLaunchUrl(studio.launchUrl);
    const token = cookie.split('=')[1]!;

    // The window has opened the studio with its own code too: two sessions opened.
    const sessions = () => studio.log().match(/cửa sổ studio đã mở/gi)?.length ?? 0;
    await expect.poll(sessions, { timeout: 60_000 }).toBe(2);
    const lines = commandLines(studio);
    const app = lines.find((l) => l.includes('--app='));
    expect(app, lines.join('\n')).toBeDefined();
    for (const line of lines) {
      expect(line).not.toContain(token);
      // Not even a one-time code, which another user could race the window to.
      expect(line).not.toMatch(/code=/);
    }
    // The window's start page, which held its code, is gone once used.
    const launchPage = fileURLToPath(/--app=(\S+)/.exec(app!)![1]!);
    await expect.poll(() => existsSync(launchPage)).toBe(false);
  }, 120_000);

  it('refuses a launch code used twice, and a WebSocket with the token in its address but no cookie', async () => {
    const studio = await serveStudio(await tempDir());
    served.push(studio);
    const cookie = await redeemLaunchUrl(studio.launchUrl);
    await expect(redeemLaunchUrl(studio.launchUrl)).rejects.toThrow('HTTP 401');

    const token = cookie.split('=')[1]!;
    const byAddress = new URL(`ws://127.0.0.1:${studio.port}/ws?token=${token}`);
    const { default: WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(byAddress, { headers: { origin: `http://127.0.0.1:${studio.port}` } });
      ws.once('open', () => resolve(101));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', () => resolve(0));
    });
    expect(status).toBe(401);

    // The page, with its cookie, works as before (once signed in).
    const ws = await signedIn(studio.port, { cookie });
    expect(await caller(ws)('settings.get')).toMatchObject({ ok: true });
    ws.close();
  }, 60_000);

  it('answers an unknown or used code with a page in staff words, the technical part folded away', async () => {
    const studio = await serveStudio(await tempDir());
    served.push(studio);
    const reply = await hostRequest({ port: studio.port }, '/?code=khong-dung');
    expect(reply.status).toBe(401);
    const page = reply.body.toString('utf8');
    expect(page).toContain('lang="vi"');
    expect(page).toMatch(/mở lại Studio từ biểu tượng/i);
    expect(page).toMatch(/<details>\s*<summary>Chi tiết kỹ thuật<\/summary>/);
    // No developer words in what a reporter reads first.
    const beforeDetails = page.slice(0, page.indexOf('<details>'));
    expect(beforeDetails).not.toMatch(/npm|studio serve|token|cookie/i);
  }, 60_000);

  it("writes the window's start page for this user's eyes only", async () => {
    const dir = await tempDir();
    const page = await writeLaunchPage(dir, 'http://127.0.0.1:1/?code=abc');
    expect((await stat(page.file)).mode & 0o777).toBe(0o600);
    expect(await readFile(page.file, 'utf8')).toContain('url=http://127.0.0.1:1/?code=abc');
    page.remove();
    expect(existsSync(page.file)).toBe(false);
  });
});
