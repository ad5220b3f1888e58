/**
 * The web host and accounts: a page's WebSocket starts as nobody (never the local admin, also before
 * the first admin exists), and its `/media` and `/upload` requests carry only the browser's cookie,
 * allowed what a signed-in WebSocket connection of that host may do.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStudio, type Studio } from '../../src-main/app/studio';
import { startWebHost, type WebHost } from '../../src-main/hosts/web/web-host';
import { runStudioCli } from '../support/cli';
import { hostRequest, sessionCookie } from '../support/host-request';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let host: WebHost | null = null;
let studio: Studio | null = null;
afterEach(async () => {
  await host?.close();
  await studio?.close();
  host = null;
  studio = null;
});

type Message = Record<string, unknown>;

/** A WebSocket of the page, with a way to make calls and to wait for an event. */
async function page(h: WebHost) {
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws`, { headers: { cookie: sessionCookie(h) } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const messages: Message[] = [];
  const waiting: Array<() => void> = [];
  ws.on('message', (d) => {
    messages.push(JSON.parse(d.toString()) as Message);
    for (const w of waiting.splice(0)) w();
  });
  const until = async (match: (m: Message) => boolean): Promise<Message> => {
    for (;;) {
      const found = messages.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  let id = 0;
  return {
    ws,
    until,
    call: (call: string, request: unknown = {}) => {
      const n = ++id;
      ws.send(JSON.stringify({ id: n, call, request }));
      return until((m) => m.id === n);
    },
  };
}

it('serves media and takes uploads only for a signed-in window of the page', async () => {
  const dir = await tempDir();
  const staticDir = path.join(dir, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Studio</title>');
  studio = await createStudio({
    dataDir: path.join(dir, 'data'),
    appVersion: 't',
    host: 'web',
    env: process.env,
  });
  host = await startWebHost({ studio, staticDir });
  const h = host;
  const media = (id: string) => hostRequest(h, `/media/${id}`, { cookie: sessionCookie(h) });
  const upload = () =>
    hostRequest(h, '/upload?name=tin.wav', { cookie: sessionCookie(h) }, Buffer.from('RIFF'));

  // The first start: the window sets the admin up, and is signed in as them.
  const first = await page(h);
  const setup = await first.call('auth.setup', {
    name: 'quantri',
    displayName: 'Quản trị viên',
    password: 'mật khẩu quản trị',
  });
  expect(setup).toMatchObject({ ok: true });
  const wav = path.join(dir, 'tin.wav');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=0.5', wav]);
  expect(await first.call('library.import', { paths: [wav] })).toMatchObject({ ok: true });
  const finished = await first.until((m) => m.event === 'import.finished');
  const asset = (finished.payload as { results: Array<{ asset?: { id: string } }> }).results[0]?.asset;
  expect(asset?.id).toMatch(/^[0-9a-f]{64}$/);
  const id = asset?.id as string;

  expect((await media(id)).status).toBe(200);
  expect((await upload()).status).toBe(200);

  // Signed out: the page's cookie alone plays nothing and uploads nothing.
  expect(await first.call('auth.signOut')).toMatchObject({ ok: true, result: { user: null } });
  expect((await media(id)).status).toBe(404);
  expect((await upload()).status).toBe(403);

  // Another window signs in: the page may play again, until that window goes away.
  const second = await page(h);
  expect(await second.call('auth.signIn', { name: 'quantri', password: 'mật khẩu quản trị' })).toMatchObject({
    ok: true,
  });
  expect((await media(id)).status).toBe(200);
  second.ws.close();
  await expect.poll(async () => (await media(id)).status).toBe(404);
  first.ws.close();
}, 30_000);

it('lets a page on a fresh data folder only set the admin up: calls, media and uploads wait for it', async () => {
  const dir = await tempDir();
  const staticDir = path.join(dir, 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Studio</title>');
  const dataDir = path.join(dir, 'data');
  // A file already in the library, imported on this PC before the first start on screen.
  const wav = path.join(dir, 'tin.wav');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=0.5', wav]);
  const imported = runStudioCli(['import', '--json', '--data', dataDir, wav]);
  expect(imported.code, imported.stderr).toBe(0);
  const id = (JSON.parse(imported.stdout) as Array<{ asset: { id: string } }>)[0]?.asset.id as string;
  expect(id).toMatch(/^[0-9a-f]{64}$/);

  studio = await createStudio({ dataDir, appVersion: 't', host: 'web', env: process.env });
  host = await startWebHost({ studio, staticDir });
  const h = host;
  const media = () => hostRequest(h, `/media/${id}`, { cookie: sessionCookie(h) });
  const upload = () =>
    hostRequest(h, '/upload?name=tin.wav', { cookie: sessionCookie(h) }, Buffer.from('RIFF'));

  // A crafted page with the cookie: it may ask where the studio stands and set the admin up, nothing else.
  const crafted = await page(h);
  expect(await crafted.call('auth.state')).toMatchObject({
    ok: true,
    result: { setupNeeded: true, user: null, permissions: [] },
  });
  expect(await crafted.call('library.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await crafted.call('users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect((await media()).status).toBe(404);
  expect((await upload()).status).toBe(403);

  // The first start's screen sets the admin up: that window may then do what an admin does.
  expect(
    await crafted.call('auth.setup', {
      name: 'quantri',
      displayName: 'Quản trị viên',
      password: 'mật khẩu quản trị',
    }),
  ).toMatchObject({ ok: true });
  expect(await crafted.call('library.list')).toMatchObject({ ok: true, result: { total: 1 } });
  expect((await media()).status).toBe(200);
  crafted.ws.close();
}, 60_000);
