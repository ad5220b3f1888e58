/**
 * A machine with no locale (a fresh Debian, a minimal container, `env -i`): Chromium there takes
 * file names as ASCII and silently drops "Phỏng vấn.wav" from the file chooser, so nothing is
 * imported. `studio serve --open` (what `npm start` runs without Electron) must give the window it
 * opens a UTF-8 locale. This drives that very window: a `chromium` first on PATH runs the real
 * Chromium headless with a DevTools port, in the environment the studio gave it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { inputDir, makeTone } from './audio';
import { addUserByCli, E2E_ADMIN, expect, signIn, test } from './fixtures';
import { importAll } from './steps';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What `env -i PATH=… HOME=…` leaves: no LANG, no LC_*. */
function bareEnv(pathPrefix: string): NodeJS.ProcessEnv {
  return { PATH: `${pathPrefix}${path.delimiter}${process.env.PATH ?? ''}`, HOME: os.homedir() };
}

/** A `chromium` that runs Debian's Chromium headless and reachable over DevTools, nothing else changed. */
function headlessChromiumOnPath(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-chromium-'));
  const wrapper = path.join(dir, 'chromium');
  writeFileSync(wrapper, '#!/bin/sh\nexec /usr/bin/chromium --headless --remote-debugging-port=0 "$@"\n');
  chmodSync(wrapper, 0o755);
  return dir;
}

async function devToolsPort(profileDir: string, serve: ChildProcess, log: () => string): Promise<number> {
  const file = path.join(profileDir, 'DevToolsActivePort');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (serve.exitCode !== null) throw new Error(`studio serve exited (${serve.exitCode}):\n${log()}`);
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').split('\n')[0]);
      if (port > 0) return port;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Chromium opened by studio serve --open has no DevTools port:\n${log()}`);
}

test('with no LANG, the window of `studio serve --open` imports a file named in Vietnamese', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-bare-locale-'));
  const wrapperDir = headlessChromiumOnPath();
  const talk = makeTone(path.join(inputDir('bare-locale'), 'Phỏng vấn.wav'), '0.5*sin(2*PI*440*t)', 2);
  addUserByCli(dataDir, E2E_ADMIN);
  const serve = spawn(
    process.execPath,
    [path.join(root, 'bin/studio.js'), 'serve', '--open', '--data', dataDir],
    { cwd: root, env: bareEnv(wrapperDir), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  serve.stdout.on('data', (d: Buffer) => (log += d.toString()));
  serve.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise((resolve) => serve.once('exit', resolve));
  let browser: Browser | null = null;
  try {
    const port = await devToolsPort(path.join(dataDir, 'chromium-profile'), serve, () => log);
    // isLocal: the file chooser gets the files' paths, as when a user picks them, not their bytes.
    browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { isLocal: true });
    const context = browser.contexts()[0];
    if (!context) throw new Error('Chromium opened no window');
    // The window starts on a private page of the data folder that sends it on to the studio.
    const studioPage = () => context.pages().find((p) => p.url().startsWith('http://127.0.0.1'));
    await expect.poll(() => studioPage() !== undefined, { timeout: 30_000 }).toBe(true);
    const page = studioPage()!;
    await signIn(page, E2E_ADMIN);
    await expect(page.getByRole('heading', { name: 'Thư viện', level: 1 })).toBeVisible({ timeout: 30_000 });

    await importAll(page, [talk], 30_000);
    await expect(page.getByTestId('asset-table').locator('tbody tr')).toContainText('Phỏng vấn');
  } finally {
    // Closing the window is what stops the studio, as when a user closes it.
    if (browser) await (await browser.newBrowserCDPSession()).send('Browser.close').catch(() => undefined);
    else serve.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (serve.exitCode === null) serve.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(wrapperDir, { recursive: true, force: true });
  }
});
