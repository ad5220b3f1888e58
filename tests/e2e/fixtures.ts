/**
 * One fixture, two hosts: the specs get a `page` showing the real studio UI. When Electron's
 * binary is installed the fixture launches the app with Playwright's `_electron`; otherwise
 * (as on our build and CI machines, which cannot download it) it starts the web host through
 * the real CLI and opens Debian's Chromium against it.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, chromium, _electron, type Page } from '@playwright/test';
import { withUtf8Locale } from '../../src-main/platform/utf8-locale';
import { startPulseAudio } from '../support/pulseaudio';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** Electron's binary path, or null when its download was skipped. */
export function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** A station user the fixture creates through the real CLI before the studio starts. */
export interface E2eAccount {
  name: string;
  displayName?: string;
  /** Role names as in contract/permissions.ts (`reporter`, `chiefEditor`, `admin`…). */
  roles: string[];
  password: string;
}

/** The admin every spec's data folder has (unless a spec asks for a first start: `account: null`). */
export const E2E_ADMIN: E2eAccount = { name: 'admin', roles: ['admin'], password: 'mật-khẩu-quản-trị' };

/**
 * Creates a user in `dataDir` as a station's admin would: `studio user add NAME --password-stdin`,
 * as the local admin while the folder has no users, else as `by` (`--user`, STUDIO_PASSWORD).
 */
export function addUserByCli(
  dataDir: string,
  account: E2eAccount,
  env: NodeJS.ProcessEnv = process.env,
  by?: E2eAccount,
): void {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'bin/studio.js'),
      'user',
      'add',
      account.name,
      '--roles',
      account.roles.join(','),
      '--password-stdin',
      ...(account.displayName ? ['--display-name', account.displayName] : []),
      '--data',
      dataDir,
      ...(by ? ['--user', by.name] : []),
    ],
    {
      cwd: root,
      env: by ? { ...env, STUDIO_PASSWORD: by.password } : env,
      input: `${account.password}\n`,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0)
    throw new Error(`studio user add ${account.name} failed (${r.status}):\n${r.stderr}${r.stdout}`);
}

/**
 * Signs in through the sign-in screen, as staff do: name, password, Enter; resolves once the
 * studio shows who is signed in. The one way every spec signs in.
 */
export async function signIn(page: Page, account: Pick<E2eAccount, 'name' | 'password'>): Promise<void> {
  await page.getByTestId('sign-in-name').fill(account.name);
  await page.getByTestId('sign-in-password').fill(account.password);
  await page.getByTestId('sign-in-password').press('Enter');
  await page.getByTestId('user-menu').waitFor({ timeout: 30_000 });
}

/** Signs out through the user menu and signs `to` in on the same page (staff sharing one PC). */
export async function switchUser(page: Page, to: Pick<E2eAccount, 'name' | 'password'>): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await signIn(page, to);
}

export interface StudioFixture {
  page: Page;
  dataDir: string;
  host: 'electron' | 'web';
  /** Who the fixture signed in as (null: a first start, nobody exists yet). */
  account: E2eAccount | null;
  /** Saves a screenshot as a test artifact under test-results/screens/. */
  screenshot(name: string): Promise<string>;
}

async function startWebHost(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/studio.js'), 'serve', '--data', dataDir], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${log}`)), 30_000);
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?code=\S+)/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`web host exited (${code}):\n${log}`)));
  });
  return { url, child };
}

/**
 * A machine with no sound card, whatever this one has: no PulseAudio answers at this address, and
 * ALSA reads an empty configuration, so it knows no device at all.
 */
function noSoundCard(dir: string): NodeJS.ProcessEnv {
  const alsaConfig = path.join(dir, 'no-sound-card.conf');
  writeFileSync(alsaConfig, '');
  return { PULSE_SERVER: `unix:${path.join(dir, 'no-sound-server')}`, ALSA_CONFIG_PATH: alsaConfig };
}

export const test = base.extend<{
  studio: StudioFixture;
  microphone: boolean;
  dataFolder: string | null;
  account: E2eAccount | null;
  accounts: E2eAccount[];
}>({
  /**
   * `test.use({ microphone: true })`: main records from a private PulseAudio sine source.
   * Otherwise the machine has no microphone at all.
   */
  microphone: [false, { option: true }],
  /** `test.use({ dataFolder })`: a data folder the spec prepared (and removes); else a fresh one. */
  dataFolder: [null, { option: true }],
  /**
   * `test.use({ account })`: who signs in (created by the CLI beside the admin, with its roles);
   * `account: null`: nobody exists and nobody signs in (the first start's setup screen shows).
   */
  account: [E2E_ADMIN, { option: true }],
  /**
   * `test.use({ accounts: [...] })`: more people of the same station (a chief editor beside the
   * reporter who signs in), added by the admin through the CLI before the studio starts; a spec
   * signs them in with `signIn` (staff sharing one PC).
   */
  accounts: [[], { option: true }],
  studio: async ({ microphone, dataFolder, locale, account, accounts }, use, testInfo) => {
    const dataDir = dataFolder ?? mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-'));
    const pulse = microphone ? await startPulseAudio() : null;
    const soundless = mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-no-sound-'));
    // The studio and its browser always get a UTF-8 locale, as `npm test` and `npm start` give them:
    // without one Chromium drops files named in Vietnamese from the file chooser.
    const env = withUtf8Locale({ ...process.env, ...(pulse ? pulse.env : noSoundCard(soundless)) });
    if (account) {
      addUserByCli(dataDir, E2E_ADMIN, env);
      if (account.name !== E2E_ADMIN.name) addUserByCli(dataDir, account, env, E2E_ADMIN);
    }
    if (accounts.length > 0 && !account) throw new Error('accounts need the admin: not with account: null');
    for (const other of accounts) addUserByCli(dataDir, other, env, E2E_ADMIN);
    const screenshot = async (page: Page, name: string) => {
      const file = path.join(root, 'test-results', 'screens', `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
      return file;
    };
    const electron = electronBinary();
    if (electron) {
      const app = await _electron.launch({
        executablePath: electron,
        args: [path.join(root, 'out/main/main.js'), '--data', dataDir],
        env: env as Record<string, string>,
      });
      const page = await app.firstWindow();
      if (account) await signIn(page, account);
      await use({ page, dataDir, host: 'electron', account, screenshot: (n) => screenshot(page, n) });
      await app.close();
    } else {
      const { url, child } = await startWebHost(dataDir, env);
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: CHROMIUM_ARGS,
        env,
      });
      // `test.use({ locale })` gives the page another browser locale (the studio must not follow it).
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      // The launch address answers with a page that goes on to the studio by itself (a refresh):
      // hand the test the studio's page, not the one about to be replaced.
      await page.waitForURL((u) => !u.searchParams.has('code'), { waitUntil: 'load' });
      if (account) await signIn(page, account);
      await use({ page, dataDir, host: 'web', account, screenshot: (n) => screenshot(page, n) });
      await browser.close();
      child.kill('SIGTERM');
      if (errors.length > 0) throw new Error(`Errors in the page:\n${errors.join('\n')}`);
    }
    await pulse?.stop();
    if (!dataFolder) rmSync(dataDir, { recursive: true, force: true });
    rmSync(soundless, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
