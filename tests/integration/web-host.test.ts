import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStudio } from '../../src-main/app/studio';
import { startWebHost, type WebHost } from '../../src-main/hosts/web/web-host';
import { hostRequest, sessionCookie } from '../support/host-request';
import { connect as connectTo, inbox, signedIn } from '../support/host-socket';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
let host: WebHost | null = null;
let studio: Awaited<ReturnType<typeof createStudio>> | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
  // The studio holds the data folder's lock and its stores: closed, as the app closes it.
  await studio?.close();
  studio = null;
});

/** The UI folder of the last host started. */
let staticDir = '';

async function start(): Promise<WebHost> {
  const dataDir = await tempDir();
  staticDir = path.join(await tempDir(), 'renderer');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Studio Truyền thanh</title>');
  await writeFile(path.join(path.dirname(staticDir), 'secret.txt'), 'do not serve');
  studio = await createStudio({ dataDir, appVersion: 't', host: 'web', env: process.env });
  host = await startWebHost({ studio, staticDir });
  return host;
}

/** GET, or POST when a body is given; the body as text. */
async function get(h: WebHost, pathname: string, headers: Record<string, string> = {}, body?: Buffer) {
  const reply = await hostRequest(h, pathname, headers, body);
  return { ...reply, body: reply.body.toString('utf8') };
}

const cookie = sessionCookie;

const connect = (h: WebHost, headers: Record<string, string>) => connectTo(h.port, headers);
/** A window of the page, signed in (the first one sets the admin up): uploads need one. */
const page = (h: WebHost, headers: Record<string, string> = {}) =>
  signedIn(h.port, { cookie: cookie(h), ...headers });

describe('web host', () => {
  it('listens on 127.0.0.1 only and refuses every page without the session', async () => {
    const h = await start();
    expect(h.launchUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
    expect(h.launchUrl()).not.toContain(h.token);
    const none = await get(h, '/');
    expect(none.status).toBe(401);
    expect(none.body).toContain('mở lại Studio');
    expect((await get(h, '/?code=wrong')).status).toBe(401);
    // The token is the cookie's, never an address's.
    expect((await get(h, `/?token=${h.token}`)).status).toBe(401);
    expect((await get(h, '/', { cookie: 'studio_session=wrong' })).status).toBe(401);
  });

  it('trades the one-time code in the address for an HttpOnly cookie, then serves the UI with a CSP', async () => {
    const h = await start();
    const launch = new URL(h.launchUrl());
    const first = await get(h, launch.pathname + launch.search);
    // A page that goes on to the clean address by itself (a redirect would lose the cookie, see
    // opening-page.ts), never to another site.
    expect(first.status).toBe(200);
    expect(first.body).toContain('<meta http-equiv="refresh" content="0;url=/">');
    const offsite = await get(h, `//evil.example/${new URL(h.launchUrl()).search}`);
    expect(offsite.body).toContain('content="0;url=/evil.example/"');
    expect(String(first.headers['set-cookie'])).toMatch(/studio_session=.+; HttpOnly; SameSite=Strict/);
    const page = await get(h, '/', { cookie: cookie(h) });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Studio Truyền thanh');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // Inline styles only with this load's nonce, which the page finds in its head.
    const nonce = /<meta name="studio-style-nonce" content="([^"]+)">/.exec(page.body)?.[1];
    expect(page.headers['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    const again = await get(h, '/', { cookie: cookie(h) });
    expect(again.body).not.toContain(`content="${nonce}"`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a foreign Host header (DNS rebinding) and paths outside the UI folder', async () => {
    const h = await start();
    expect((await get(h, '/', { cookie: cookie(h), host: 'evil.example:80' })).status).toBe(421);
    const traversal = await get(h, '/..%2Fsecret.txt', { cookie: cookie(h) });
    expect(traversal.body).not.toContain('do not serve');
  });

  it('serves nothing through a link that leads out of the UI folder', async () => {
    const h = await start();
    await symlink(path.join(path.dirname(staticDir), 'secret.txt'), path.join(staticDir, 'logo.svg'));
    await symlink(path.dirname(staticDir), path.join(staticDir, 'assets'));
    await writeFile(path.join(staticDir, 'app.js'), 'console.log(1)');
    await symlink(path.join(staticDir, 'app.js'), path.join(staticDir, 'inside.js'));
    for (const target of ['/logo.svg', '/assets/secret.txt']) {
      const reply = await get(h, target, { cookie: cookie(h) });
      expect(reply.status, target).toBe(404);
      expect(reply.body).not.toContain('do not serve');
    }
    // A link that stays inside the folder is served (a build may use them).
    expect((await get(h, '/inside.js', { cookie: cookie(h) })).body).toBe('console.log(1)');
  });

  it('receives an uploaded file under its own name for import, only with the token', async () => {
    const h = await start();
    const window = await page(h);
    const bytes = Buffer.from('RIFF fake audio bytes');
    const name = encodeURIComponent('Phỏng vấn bà Lan.wav');
    expect((await get(h, `/upload?name=${name}`, {}, bytes)).status).toBe(401);
    const evil = await get(
      h,
      `/upload?name=${name}`,
      { cookie: cookie(h), origin: 'http://evil.example' },
      bytes,
    );
    expect(evil.status).toBe(401);

    const ok = await get(h, `/upload?name=${name}`, { cookie: cookie(h) }, bytes);
    expect(ok.status).toBe(200);
    const saved = (JSON.parse(ok.body) as { path: string }).path;
    expect(path.basename(saved)).toBe('Phỏng vấn bà Lan.wav');
    expect(await readFile(saved)).toEqual(bytes);

    const sneaky = await get(
      h,
      `/upload?name=${encodeURIComponent('../../db/settings.json')}`,
      { cookie: cookie(h) },
      bytes,
    );
    expect(path.basename((JSON.parse(sneaky.body) as { path: string }).path)).toBe('settings.json');
    expect(path.dirname((JSON.parse(sneaky.body) as { path: string }).path)).toContain(
      `${path.sep}incoming${path.sep}`,
    );
    window.close();
  });

  it('imports an uploaded file and then removes the upload, the library keeping its own copy', async () => {
    const h = await start();
    const wav = path.join(await tempDir(), 'tone.wav');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', wav]);
    const ws = await page(h);
    const next = inbox(ws);
    const up = await get(h, '/upload?name=Tin%20s%C3%A1ng.wav', { cookie: cookie(h) }, await readFile(wav));
    const uploaded = (JSON.parse(up.body) as { path: string }).path;

    ws.send(JSON.stringify({ id: 1, call: 'library.import', request: { paths: [uploaded] } }));
    let finished: Record<string, unknown> | null = null;
    while (!finished) {
      const m = await next();
      if (m.event === 'import.finished') finished = m.payload as Record<string, unknown>;
    }
    expect((finished.results as Array<{ ok: boolean }>)[0]?.ok).toBe(true);
    await expect.poll(() => existsSync(path.dirname(uploaded))).toBe(false);
    ws.close();
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    const h = await start();
    await expect(connect(h, {})).rejects.toThrow('HTTP 401');
    await expect(connect(h, { cookie: 'studio_session=nope' })).rejects.toThrow('HTTP 401');
    await expect(connect(h, { cookie: cookie(h), origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
  });

  it('answers contract calls and survives malformed messages with clear errors', async () => {
    const h = await start();
    const ws = await page(h, { origin: `http://127.0.0.1:${h.port}` });
    const nextMessage = inbox(ws);

    ws.send('{not json');
    expect(await nextMessage()).toMatchObject({ id: null, ok: false, error: { code: 'BAD_MESSAGE' } });

    ws.send(JSON.stringify({ id: 7, method: 'settings.get' }));
    expect(await nextMessage()).toMatchObject({ id: 7, ok: false, error: { code: 'BAD_MESSAGE' } });

    ws.send(JSON.stringify({ id: 8, call: 'settings.update', request: { uiLanguage: 'klingon' } }));
    const invalid = await nextMessage();
    expect(invalid).toMatchObject({ id: 8, ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(String((invalid.error as { message: string }).message)).toContain('uiLanguage');

    ws.send(JSON.stringify({ id: 9, call: 'system.shutdown' }));
    expect(await nextMessage()).toMatchObject({ id: 9, ok: false, error: { code: 'UNKNOWN_CALL' } });

    // Still alive: a good call works, and the change is pushed as an event too.
    ws.send(JSON.stringify({ id: 10, call: 'settings.update', request: { uiLanguage: 'en' } }));
    const messages = [await nextMessage(), await nextMessage()];
    const settings = {
      uiLanguage: 'en',
      ffmpegPath: null,
      languages: expect.any(Array),
      idleLockMinutes: 15,
    };
    expect(messages).toContainEqual({ id: 10, ok: true, result: settings });
    expect(messages).toContainEqual({ event: 'settings.changed', payload: settings });
    ws.close();
  });
});
