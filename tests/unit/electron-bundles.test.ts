/**
 * The bundles scripts/build.mjs makes for Electron, built into a temporary folder:
 * - the preload runs in a sandbox where only 'electron' can be required: it is executed here in
 *   a bare VM context with a fake 'electron', which proves it needs nothing else, and then
 *   driven like the renderer would drive it;
 * - the main bundle imports only electron, Node built-ins and the package's runtime
 *   dependencies (what the packaged app actually contains);
 * - the main bundle is run under Node with a stand-in 'electron' (fixtures/fake-electron.mjs),
 *   which checks how main wires itself into Electron: what no unit test of the parts can show.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../src-main/contract';
import { appContentSecurityPolicy } from '../../src-main/hosts/electron/security';

const ROOT = path.resolve(import.meta.dirname, '../..');
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'studio-build-'));
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', '--only', 'main,preload', '--out', out], {
    cwd: ROOT,
  });
}, 60_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

interface Loaded {
  required: string[];
  exposed: Map<string, unknown>;
  invoke: ReturnType<typeof vi.fn>;
  listeners: Map<string, (...args: unknown[]) => void>;
}

async function loadPreload(): Promise<Loaded> {
  const code = await readFile(path.join(out, 'main/preload.cjs'), 'utf8');
  const required: string[] = [];
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const invoke = vi.fn();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    webUtils: { getPathForFile: (file: { name: string }) => `/home/pv/${file.name}` },
    ipcRenderer: {
      invoke,
      on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, listener),
    },
  };
  const module = { exports: {} };
  // A bare context: no process, Buffer or Node globals, as in a sandboxed renderer (or stricter).
  vm.runInNewContext(code, {
    module,
    exports: module.exports,
    console,
    require: (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`preload required "${id}"`);
      return electron;
    },
  });
  return { required, exposed, invoke, listeners };
}

describe('preload bundle', () => {
  it('is small, zod-free and requires nothing but electron', async () => {
    const code = await readFile(path.join(out, 'main/preload.cjs'), 'utf8');
    expect(Buffer.byteLength(code)).toBeLessThan(32 * 1024);
    expect(code).not.toMatch(/\bzod\b|ZodError/);
    const requires = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    const { required } = await loadPreload();
    expect(required).toEqual(['electron']);
  });

  it('exposes window.studio with one method per contract call', async () => {
    const { exposed } = await loadPreload();
    expect([...exposed.keys()]).toEqual(['studio', 'studioFiles']);
    const api = exposed.get('studio') as Record<string, Record<string, unknown>>;
    for (const name of CALL_NAMES) {
      const dot = name.indexOf('.');
      expect(typeof api[name.slice(0, dot)]?.[name.slice(dot + 1)], name).toBe('function');
    }
    expect(typeof api.on).toBe('function');
  });

  it('gives the page the path of a dropped file, and nothing else of the file system', async () => {
    const { exposed } = await loadPreload();
    const files = exposed.get('studioFiles') as Record<string, unknown>;
    expect(Object.keys(files)).toEqual(['pathForFile']);
    expect((files.pathForFile as (f: { name: string }) => string)({ name: 'Phỏng vấn.wav' })).toBe(
      '/home/pv/Phỏng vấn.wav',
    );
  });

  it('sends calls on the call channel and settles their replies', async () => {
    const { exposed, invoke } = await loadPreload();
    const api = exposed.get('studio') as {
      settings: { update(r: unknown): Promise<unknown>; get(): Promise<unknown> };
    };
    invoke.mockResolvedValueOnce({ ok: true, result: { uiLanguage: 'en', ffmpegPath: null } });
    await expect(api.settings.update({ uiLanguage: 'en' })).resolves.toEqual({
      uiLanguage: 'en',
      ffmpegPath: null,
    });
    expect(invoke).toHaveBeenLastCalledWith(IPC_CALL_CHANNEL, 'settings.update', { uiLanguage: 'en' });

    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'FORBIDDEN', message: 'Không có quyền.' } });
    const err = await api.settings.get().catch((e: unknown) => e);
    expect(JSON.parse(JSON.stringify(err))).toEqual({ code: 'FORBIDDEN', message: 'Không có quyền.' });
    expect(invoke).toHaveBeenLastCalledWith(IPC_CALL_CHANNEL, 'settings.get', {});
  });

  it('delivers events to subscribers, payload only, until they unsubscribe', async () => {
    const { exposed, listeners } = await loadPreload();
    const api = exposed.get('studio') as { on(e: string, h: (p: unknown) => void): () => void };
    const listener = listeners.get(IPC_EVENT_CHANNEL);
    expect(listener).toBeTypeOf('function');
    const handler = vi.fn();
    const off = api.on('settings.changed', handler);
    listener?.({ sender: 'ipc event' }, 'settings.changed', { uiLanguage: 'en' });
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]).toEqual([{ uiLanguage: 'en' }]);
    off();
    listener?.({}, 'settings.changed', { uiLanguage: 'vi' });
    expect(handler).toHaveBeenCalledTimes(1);
  });
});

describe('main bundle', () => {
  it('imports only electron, Node built-ins and runtime dependencies of package.json', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const shipped = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
    ]);
    // Re-bundle the output with every package external: the metafile lists what it imports.
    const result = await esbuild.build({
      entryPoints: [path.join(out, 'main/main.js')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports).toContain('electron');
    const packageOf = (id: string) =>
      id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : (id.split('/')[0] ?? id);
    const strays = imports.filter(
      (id) =>
        id !== 'electron' &&
        !id.startsWith('node:') &&
        !builtinModules.includes(id) &&
        !shipped.has(packageOf(id)),
    );
    expect(strays).toEqual([]);
  });
});

describe('main bundle under a stand-in Electron', () => {
  interface Report {
    singleInstanceLock: string | false;
    paths: Record<string, { value: string; beforeReady: boolean }>;
    sandboxEnabled: boolean;
    privilegedSchemes: Array<{ scheme: string; privileges: Record<string, boolean>; beforeReady: boolean }>;
    protocolHandlers: string[];
    sessionHandlers: string[];
    ipcHandlers: string[];
    webContentsCreatedListeners: number;
    errorBoxes: unknown[];
    saveDialogs: Array<{ parent: boolean; options: Record<string, unknown> }>;
    exitCode: number | null;
    quit: boolean;
    windows: Array<{
      title: string;
      webPreferences: Record<string, unknown>;
      url: string;
      windowOpenHandler: unknown;
      navigationListeners: number;
    }>;
    indexResponse?: { status: number; csp: string | null; body: string };
    beforeSetup?: unknown;
    setup?: unknown;
    systemInfo?: unknown;
    foreignCall?: unknown;
    badCall?: unknown;
    update?: unknown;
    chooseSave?: unknown;
    chooseSaveCancelled?: unknown;
    eventsSent?: unknown[][];
  }

  async function runMain(env: Record<string, string> = {}): Promise<{ report: Report; dataDir: string }> {
    const dataDir = path.join(out, `data-${Object.keys(env).length}`);
    await mkdir(path.join(out, 'renderer'), { recursive: true });
    await writeFile(
      path.join(out, 'renderer/index.html'),
      '<!doctype html><title>Studio Truyền thanh</title>',
    );
    // Resolve 'electron' to the stand-in, and the bundle's external packages from the repo.
    const fake = pathToFileURL(path.join(ROOT, 'tests/unit/fixtures/fake-electron.mjs')).href;
    const parent = pathToFileURL(path.join(ROOT, 'package.json')).href;
    const hooks = path.join(out, 'hooks.mjs');
    await writeFile(
      hooks,
      `export async function resolve(specifier, context, next) {
        if (specifier === 'electron') return { url: ${JSON.stringify(fake)}, shortCircuit: true };
        if (/^[@a-z]/i.test(specifier) && !specifier.includes(':'))
          return next(specifier, { ...context, parentURL: ${JSON.stringify(parent)} });
        return next(specifier, context);
      }`,
    );
    const register = path.join(out, 'register.mjs');
    await writeFile(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', pathToFileURL(register).href, path.join(out, 'main/main.js'), '--data', dataDir],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 30_000 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_REPORT '));
    expect(line, stdout).toBeDefined();
    return { report: JSON.parse(line!.slice('FAKE_ELECTRON_REPORT '.length)) as Report, dataDir };
  }

  it('wires the hardening, the protocol, the IPC channel and events into Electron', async () => {
    const { report, dataDir } = await runMain();
    expect(report.errorBoxes).toEqual([]);
    expect(report.exitCode).toBeNull();
    expect(report.singleInstanceLock).toBe('after userData');
    expect(report.paths.userData).toEqual({
      value: path.join(dataDir, 'electron-profile'),
      beforeReady: true,
    });
    expect(report.sandboxEnabled).toBe(true);
    expect(report.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app', beforeReady: true })]);
    expect(report.protocolHandlers).toEqual(['app']);
    expect(report.sessionHandlers.sort()).toEqual(['check', 'device', 'request']);
    expect(report.ipcHandlers).toEqual([IPC_CALL_CHANNEL]);
    expect(report.webContentsCreatedListeners).toBeGreaterThan(0);

    expect(report.windows).toHaveLength(1);
    const [win] = report.windows;
    expect(win?.title).toBe('Studio Truyền thanh');
    expect(win?.url).toBe('app://studio/index.html');
    expect(win?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: path.join(out, 'main/preload.cjs'),
    });
    expect(win?.windowOpenHandler).toEqual({ action: 'deny' });
    expect(win?.navigationListeners).toBeGreaterThan(0);

    const nonce = /name="studio-style-nonce" content="([^"]+)"/.exec(report.indexResponse?.body ?? '')?.[1];
    expect(report.indexResponse).toMatchObject({ status: 200, csp: appContentSecurityPolicy(nonce) });
    expect(report.indexResponse?.body).toContain('Studio Truyền thanh');

    // The window's connection starts anonymous, and acts as whoever signs in (here: sets up) on it.
    expect(report.beforeSetup).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.setup).toMatchObject({ ok: true, result: { session: { user: { name: 'quantri' } } } });
    expect(report.systemInfo).toEqual({
      ok: true,
      result: { appVersion: '9.9.9-test', host: 'electron', dataDir, capabilities: { saveDialog: true } },
    });
    // The OS's "save as" window, over the studio's window, asking before it replaces a file.
    expect(report.chooseSave).toEqual({
      ok: true,
      result: { path: '/tmp/Bản tin sáng (bản 2).wav', exists: false },
    });
    expect(report.chooseSaveCancelled).toEqual({ ok: true, result: { path: null, exists: false } });
    expect(report.saveDialogs[0]).toEqual({
      parent: true,
      options: {
        defaultPath: '/tmp/Bản tin sáng.wav',
        filters: [{ name: 'WAV', extensions: ['wav'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    });
    expect(report.foreignCall).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.badCall).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(report.update).toMatchObject({ ok: true, result: { uiLanguage: 'en' } });
    expect(report.eventsSent).toContainEqual([
      IPC_EVENT_CHANNEL,
      'settings.changed',
      expect.objectContaining({ uiLanguage: 'en' }),
    ]);
  }, 40_000);

  it('a second instance quits without opening the studio', async () => {
    const { report } = await runMain({ FAKE_ELECTRON_LOCK: 'taken' });
    expect(report.quit).toBe(true);
    expect(report.windows).toEqual([]);
    expect(report.ipcHandlers).toEqual([]);
  }, 40_000);
});
