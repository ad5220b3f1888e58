/**
 * The Electron host's hardening, asserted without Electron (its binary cannot be installed on our
 * build machines): webPreferences, the privileged scheme, permissions, navigation, IPC senders,
 * the app protocol and its CSP.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, StudioError } from '../../src-main/contract';
import { rolePolicy, localCaller } from '../../src-main/app/policy';
import { createRouter, type Handlers } from '../../src-main/app/router';
import { createAppProtocolHandler, resolveAppPath } from '../../src-main/hosts/electron/app-protocol';
import { createEventForwarder, createIpcCallHandler } from '../../src-main/hosts/electron/ipc-bridge';
import { dataDirFlag, electronProfileDir } from '../../src-main/hosts/electron/launch';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME_PRIVILEGES,
  appContentSecurityPolicy,
  assertTrustedSender,
  hardenSession,
  hardenWebContents,
  isPermissionCheckAllowed,
  isTrustedSender,
  isTrustedUrl,
  permissionCheckHandler,
  permissionRequestHandler,
  secureWebPreferences,
  shouldPreventNavigation,
  windowOpenHandler,
} from '../../src-main/hosts/electron/security';
import { windowOf } from '../support/router-window';

const APP_PAGE = `${APP_ORIGIN}/index.html`;
const UNTRUSTED = [
  'https://example.com/',
  'http://127.0.0.1:5173/',
  'file:///etc/passwd',
  'app://studio.evil/index.html',
  'app://evil/index.html',
  'app://studio@evil/index.html',
  'app://user@studio/index.html',
  'app://studio:8080/index.html',
  'studio://studio/index.html',
  'devtools://devtools/bundled/inspector.html',
  'data:text/html,<script>1</script>',
  'javascript:alert(1)',
  'about:blank',
  'not a url',
  '',
];

describe('webPreferences', () => {
  it('isolates and sandboxes every window, with no Node anywhere', () => {
    const prefs = secureWebPreferences('/app/out/main/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(prefs).not.toHaveProperty('experimentalFeatures');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('serves the UI from a standard, secure scheme that does not bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).not.toBe(true);
    expect(APP_SCHEME_PRIVILEGES.privileges?.allowServiceWorkers).not.toBe(true);
    expect(APP_ENTRY_URL).toBe('app://studio/index.html');
  });
});

describe('isTrustedUrl', () => {
  it('accepts the app origin and its pages', () => {
    for (const url of ['app://studio', 'app://studio/', APP_PAGE, 'app://studio/system?x=1#y']) {
      expect(isTrustedUrl(url), url).toBe(true);
    }
  });

  it('refuses everything else, including look-alikes', () => {
    for (const url of UNTRUSTED) expect(isTrustedUrl(url), url).toBe(false);
    expect(isTrustedUrl(undefined)).toBe(false);
    expect(isTrustedUrl(null)).toBe(false);
  });
});

describe('permissions', () => {
  const fakeContents = (url: string) => ({ getURL: () => url }) as unknown as WebContents;
  const request = (permission: string, details: Record<string, unknown>, pageUrl = APP_PAGE): boolean => {
    const callback = vi.fn();
    permissionRequestHandler(
      fakeContents(pageUrl),
      permission as Parameters<typeof permissionRequestHandler>[1],
      callback,
      { isMainFrame: true, requestingUrl: APP_PAGE, ...details } as Parameters<
        typeof permissionRequestHandler
      >[3],
    );
    expect(callback).toHaveBeenCalledTimes(1);
    return callback.mock.calls[0]?.[0] as boolean;
  };

  it('grants the microphone to the app origin', () => {
    expect(request('media', { mediaTypes: ['audio'], securityOrigin: 'app://studio/' })).toBe(true);
    expect(request('media', { mediaTypes: ['audio'] })).toBe(true);
  });

  it('never grants the camera, alone or with the microphone', () => {
    expect(request('media', { mediaTypes: ['video'] })).toBe(false);
    expect(request('media', { mediaTypes: ['audio', 'video'] })).toBe(false);
  });

  it('refuses media requests that name no media type', () => {
    expect(request('media', { mediaTypes: [] })).toBe(false);
    expect(request('media', {})).toBe(false);
  });

  it('refuses every other permission, even to the app origin', () => {
    for (const permission of [
      'geolocation',
      'notifications',
      'display-capture',
      'openExternal',
      'clipboard-read',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'speaker-selection',
      'window-management',
      'fileSystem',
      'unknown',
    ]) {
      expect(request(permission, { mediaTypes: ['audio'] }), permission).toBe(false);
    }
  });

  it('refuses the microphone to any other origin', () => {
    for (const url of UNTRUSTED) {
      expect(request('media', { mediaTypes: ['audio'], requestingUrl: url }), url).toBe(false);
      expect(request('media', { mediaTypes: ['audio'], securityOrigin: url || 'x' }), url).toBe(false);
      expect(request('media', { mediaTypes: ['audio'] }, url), `page ${url}`).toBe(false);
    }
  });

  it('answers permission checks by the same rule', () => {
    const check = (permission: string, origin: string, details: Record<string, unknown>) =>
      permissionCheckHandler(null, permission as Parameters<typeof permissionCheckHandler>[1], origin, {
        isMainFrame: true,
        ...details,
      } as Parameters<typeof permissionCheckHandler>[3]);
    expect(check('media', APP_ORIGIN, { mediaType: 'audio', securityOrigin: 'app://studio/' })).toBe(true);
    expect(check('media', APP_ORIGIN, { mediaType: 'video' })).toBe(false);
    expect(check('media', APP_ORIGIN, { mediaType: 'unknown' })).toBe(false);
    expect(check('media', APP_ORIGIN, {})).toBe(false);
    expect(check('media', 'https://example.com', { mediaType: 'audio' })).toBe(false);
    expect(check('media', APP_ORIGIN, { mediaType: 'audio', securityOrigin: 'https://example.com' })).toBe(
      false,
    );
    expect(check('media', APP_ORIGIN, { mediaType: 'audio', embeddingOrigin: 'https://x.test' })).toBe(false);
    for (const p of [
      'geolocation',
      'notifications',
      'clipboard-read',
      'hid',
      'serial',
      'usb',
      'fileSystem',
    ]) {
      expect(check(p, APP_ORIGIN, { mediaType: 'audio' }), p).toBe(false);
    }
    expect(isPermissionCheckAllowed('media', 'app://studio', { mediaType: 'audio' })).toBe(true);
  });

  it('installs the request, check and device handlers on the session', () => {
    const ses = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    hardenSession(ses as unknown as Session);
    expect(ses.setPermissionRequestHandler).toHaveBeenCalledWith(permissionRequestHandler);
    expect(ses.setPermissionCheckHandler).toHaveBeenCalledWith(permissionCheckHandler);
    const device = ses.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(device()).toBe(false);
  });
});

describe('navigation and new windows', () => {
  class FakeContents extends EventEmitter {
    openHandler: ((details: { url: string }) => unknown) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      this.openHandler = handler;
    }
  }
  const navigate = (contents: FakeContents, name: string, url: string): boolean => {
    const event = { url, preventDefault: vi.fn() };
    contents.emit(name, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  it('prevents navigation and redirects away from the app origin, in any frame', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as unknown as WebContents);
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      for (const url of UNTRUSTED) expect(navigate(contents, name, url), `${name} ${url}`).toBe(true);
      expect(navigate(contents, name, 'app://studio/index.html'), name).toBe(false);
    }
    expect(shouldPreventNavigation('https://example.com')).toBe(true);
    expect(shouldPreventNavigation(APP_PAGE)).toBe(false);
  });

  it('reads the URL from the details object when the legacy argument is missing', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as unknown as WebContents);
    const event = { url: 'https://example.com/', preventDefault: vi.fn() };
    contents.emit('will-frame-navigate', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('never attaches a webview', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as unknown as WebContents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window, even to the app origin', () => {
    const contents = new FakeContents();
    hardenWebContents(contents as unknown as WebContents);
    for (const url of [APP_PAGE, 'https://example.com/', 'about:blank']) {
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(windowOpenHandler()).toEqual({ action: 'deny' });
  });
});

describe('IPC senders', () => {
  const from = (url: string | null) => ({ senderFrame: url === null ? null : { url } });

  it('trusts only frames showing the app origin', () => {
    expect(isTrustedSender(from(APP_PAGE))).toBe(true);
    for (const url of UNTRUSTED) expect(isTrustedSender(from(url)), url).toBe(false);
    expect(isTrustedSender(from(null))).toBe(false);
    expect(isTrustedSender({})).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    const destroyed = {
      get senderFrame(): { url: string } {
        throw new Error('Render frame was disposed');
      },
    };
    expect(isTrustedSender(destroyed)).toBe(false);
  });

  it('assertTrustedSender throws FORBIDDEN with a Vietnamese message', () => {
    expect(() => assertTrustedSender(from(APP_PAGE))).not.toThrow();
    try {
      assertTrustedSender(from('https://example.com/'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StudioError);
      expect((err as StudioError).code).toBe('FORBIDDEN');
      expect((err as StudioError).message).toMatch(/quyền/);
    }
  });

  it('the call handler refuses an untrusted sender before the router sees the call', async () => {
    const window = { call: vi.fn() };
    const handle = createIpcCallHandler(window);
    const reply = await handle(from('https://example.com/'), 'settings.get', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(typeof (reply as { error: { message: string } }).error.message).toBe('string');
    expect(window.call).not.toHaveBeenCalled();
  });

  it("the call handler passes trusted calls to the window's connection, which says who is calling", async () => {
    const window = { call: vi.fn().mockResolvedValue({ ok: true, result: 42 }) };
    const handle = createIpcCallHandler(window);
    await expect(handle(from(APP_PAGE), 'settings.get', { a: 1 })).resolves.toEqual({ ok: true, result: 42 });
    expect(window.call).toHaveBeenCalledWith('settings.get', { a: 1 });
  });

  it('crafted messages with a wrong shape are refused with a clear error, and nothing breaks', async () => {
    const handlers = {
      'settings.get': () => ({ uiLanguage: 'vi', ffmpegPath: null }),
    } as unknown as Handlers;
    const router = createRouter(handlers, rolePolicy, { error: () => undefined });
    const handle = createIpcCallHandler(windowOf(router, localCaller('electron')));
    const trusted = from(APP_PAGE);
    await expect(handle(trusted, 'no.suchCall', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    });
    // Structured clone keeps own data properties: an object name must not reach String().
    for (const name of [{ toString: null }, 42, null, undefined, ['settings.get'], 'x'.repeat(129)]) {
      await expect(handle(trusted, name, {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'BAD_MESSAGE' },
      });
    }
    await expect(handle(trusted, 'settings.update', { uiLanguage: 'fr' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    await expect(handle(trusted, 'settings.get', { extra: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    await expect(handle(trusted, 'settings.get', undefined)).resolves.toEqual({
      ok: true,
      result: { uiLanguage: 'vi', ffmpegPath: null },
    });
  });

  it('the call handler turns a router failure into INTERNAL instead of rejecting', async () => {
    const window = { call: vi.fn().mockRejectedValue(new Error('bug')) };
    const log = { error: vi.fn() };
    const handle = createIpcCallHandler(window, log);
    await expect(handle(from(APP_PAGE), 'settings.get', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(log.error).toHaveBeenCalled();
  });
});

describe('events to windows', () => {
  it('go to every live window showing the app, and to nothing else', () => {
    const make = (url: string, destroyed = false) => ({
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: vi.fn(),
    });
    const app = make(APP_PAGE);
    const app2 = make('app://studio/');
    const gone = make(APP_PAGE, true);
    const foreign = make('https://example.com/');
    const forward = createEventForwarder(() => [app, gone, foreign, app2]);
    const settings = { uiLanguage: 'en' as const, ffmpegPath: null, languages: [], idleLockMinutes: 15 };
    forward('settings.changed', settings);
    expect(app.send).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, 'settings.changed', settings);
    expect(app2.send).toHaveBeenCalledTimes(1);
    expect(gone.send).not.toHaveBeenCalled();
    expect(foreign.send).not.toHaveBeenCalled();
  });
});

describe('CSP', () => {
  const directives = () =>
    new Map(
      appContentSecurityPolicy()
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values] as const),
    );

  it('allows scripts only from the app itself, and nothing by default', () => {
    const csp = directives();
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    // Electron talks over IPC: the page connects to nothing but its own origin.
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    const policy = appContentSecurityPolicy();
    expect(policy.replace(/media-src [^;]*/, '')).not.toMatch(/unsafe-eval|\*|https?:|ws:/);
  });

  it('takes media from the app, blobs and (the live desk pre-listening) the stream server on the loopback only', () => {
    expect(directives().get('media-src')).toEqual(["'self'", 'blob:', 'http://127.0.0.1:*']);
  });

  it('allows no inline style but those with the page nonce', () => {
    expect(directives().get('style-src')).toEqual(["'self'"]);
    expect(appContentSecurityPolicy('abc')).toContain("style-src 'self' 'nonce-abc'");
    expect(appContentSecurityPolicy('abc')).not.toContain('unsafe-inline');
  });
});

describe('app:// protocol', () => {
  let root: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'studio-app-protocol-'));
    root = path.join(dir, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Studio</title>');
    await writeFile(path.join(root, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    handler = createAppProtocolHandler(root);
  });
  afterAll(async () => {
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves the built renderer with the CSP on every response', async () => {
    for (const url of ['app://studio/', APP_PAGE, 'app://studio/system/settings']) {
      const res = await get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      // A page carries a fresh nonce for its inline styles, in its CSP and in a meta element.
      const body = await res.text();
      const nonce = /<meta name="studio-style-nonce" content="([^"]+)">/.exec(body)?.[1];
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(res.headers.get('content-security-policy')).toBe(appContentSecurityPolicy(nonce));
      expect(body).toContain('<title>Studio</title>');
    }
    const js = await get('app://studio/assets/main.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
  });

  it('refuses paths that leave the renderer folder', async () => {
    for (const url of [
      'app://studio/%2e%2e/secret.txt',
      'app://studio/..%2fsecret.txt',
      'app://studio/assets/..%2f..%2fsecret.txt',
      'app://studio/..%5csecret.txt',
      'app://studio/%00.js',
      'app://studio/%E0%A4%A',
    ]) {
      const res = await get(url);
      expect([400, 404], url).toContain(res.status);
      expect(await res.text()).not.toContain('secret');
      expect(res.headers.get('content-security-policy')).toBe(appContentSecurityPolicy());
    }
    expect(resolveAppPath('app://studio/a/../../../secret.txt', root)).toMatchObject({
      ok: true,
      file: path.join(root, 'secret.txt'),
    });
  });

  it('answers only for its own host, only GET and HEAD, and 404s missing assets', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://studio/assets/missing.js')).status).toBe(404);
    expect((await get(APP_PAGE, 'POST')).status).toBe(405);
    const head = await get(APP_PAGE, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('launch arguments', () => {
  it('keep Chromium profile, and so the single-instance lock, in the data folder', () => {
    expect(electronProfileDir('/srv/studio')).toBe(path.join('/srv/studio', 'electron-profile'));
  });

  it('take --data from Electron argv in both spellings', () => {
    expect(dataDirFlag(['/usr/bin/electron', '.', '--data', '/srv/studio'])).toBe('/srv/studio');
    expect(dataDirFlag(['studio-truyen-thanh', '--no-sandbox', '--data=/srv/x'])).toBe('/srv/x');
    expect(dataDirFlag(['studio-truyen-thanh', '--data', '--other'])).toBeUndefined();
    expect(dataDirFlag(['studio-truyen-thanh'])).toBeUndefined();
  });
});
