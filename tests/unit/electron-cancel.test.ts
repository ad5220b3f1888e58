/**
 * Cancelling a call in Electron, without Electron: the renderer's AbortSignal becomes a cancel
 * function handed across the bridge, the preload numbers the call and sends `{ cancel: id }`, and
 * main's IPC handler aborts that call's signal, so the router answers CANCELLED.
 */
import { describe, expect, it, vi } from 'vitest';
import { rolePolicy, localCaller } from '../../src-main/app/policy';
import { createRouter, type Handlers } from '../../src-main/app/router';
import type { Reply, WireCancel } from '../../src-main/contract';
import { createCallBridge } from '../../src-main/hosts/electron/api-shape';
import { createIpcCallHandler } from '../../src-main/hosts/electron/ipc-bridge';
import { APP_ORIGIN } from '../../src-main/hosts/electron/security';
import { callOverBridge } from '../../src-renderer/studio/electron-calls';
import { windowOf } from '../support/router-window';

const trusted = { senderFrame: { url: `${APP_ORIGIN}/index.html` } };
const stranger = { senderFrame: { url: 'https://example.com/' } };

/** A router whose `edit.preview` runs until its signal aborts, as a render does. */
function slowRouter() {
  const started: AbortSignal[] = [];
  const handlers = {
    'edit.preview': (_req: unknown, _caller: unknown, signal: AbortSignal) =>
      new Promise((_resolve, reject) => {
        started.push(signal);
        signal.addEventListener('abort', () => reject(new Error('stopped')));
      }),
    'settings.get': () => ({ uiLanguage: 'vi', ffmpegPath: null }),
  } as unknown as Handlers;
  return { router: createRouter(handlers, rolePolicy, { error: () => undefined }), started };
}

const PREVIEW = { projectId: 'a'.repeat(32) };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('main: the IPC cancel channel', () => {
  it('aborts the call with that id, which answers CANCELLED', async () => {
    const { router, started } = slowRouter();
    const handle = createIpcCallHandler(windowOf(router, localCaller('electron')));
    const reply = handle(trusted, 'edit.preview', PREVIEW, 7);
    await vi.waitFor(() => expect(started).toHaveLength(1));
    handle.cancel(trusted, { cancel: 7 });
    expect(started[0]?.aborted).toBe(true);
    await expect(reply).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('ignores a cancel from another page, a malformed one, and one for another call', async () => {
    const { router, started } = slowRouter();
    const handle = createIpcCallHandler(windowOf(router, localCaller('electron')));
    const reply = handle(trusted, 'edit.preview', PREVIEW, 1);
    await vi.waitFor(() => expect(started).toHaveLength(1));
    handle.cancel(stranger, { cancel: 1 });
    for (const bad of [
      null,
      1,
      '1',
      { cancel: 1.5 },
      { cancel: 1, extra: true },
      { cancel: 'x'.repeat(65) },
    ]) {
      handle.cancel(trusted, bad);
    }
    handle.cancel(trusted, { cancel: 2 });
    await tick();
    expect(started[0]?.aborted).toBe(false);
    handle.cancel(trusted, { cancel: 1 });
    await expect(reply).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('aborts every call of a page that is gone (window closed, renderer crashed)', async () => {
    const { router, started } = slowRouter();
    const handle = createIpcCallHandler(windowOf(router, localCaller('electron')));
    const replies = [
      handle(trusted, 'edit.preview', PREVIEW, 1),
      handle(trusted, 'edit.preview', PREVIEW, 2),
    ];
    await vi.waitFor(() => expect(started).toHaveLength(2));
    handle.abortAll();
    expect(started.every((s) => s.aborted)).toBe(true);
    for (const reply of replies) {
      await expect(reply).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    }
  });

  it('refuses a call id the wire would refuse, and runs a call without one as before', async () => {
    const { router } = slowRouter();
    const handle = createIpcCallHandler(windowOf(router, localCaller('electron')));
    for (const id of [null, 1.5, {}, 'x'.repeat(65)]) {
      await expect(handle(trusted, 'settings.get', {}, id)).resolves.toMatchObject({
        ok: false,
        error: { code: 'BAD_MESSAGE' },
      });
    }
    await expect(handle(trusted, 'settings.get', {})).resolves.toMatchObject({ ok: true });
    await expect(handle(trusted, 'settings.get', {}, 3)).resolves.toMatchObject({ ok: true });
  });
});

describe('preload: window.studioCalls', () => {
  it('numbers each call and sends { cancel: id } for it, once, and not after it is over', async () => {
    const invoke = vi.fn((_n: string, _r: unknown, _id?: number) => new Promise<unknown>(() => undefined));
    const sent: WireCancel[] = [];
    const bridge = createCallBridge(invoke, (m) => sent.push(m));
    let cancelFirst: () => void = () => undefined;
    void bridge.call('edit.preview', PREVIEW, (c) => (cancelFirst = c));
    void bridge.call('settings.get', undefined);
    expect(invoke.mock.calls).toEqual([
      ['edit.preview', PREVIEW, 1],
      ['settings.get', {}, 2],
    ]);
    cancelFirst();
    expect(sent).toEqual([{ cancel: 1 }]);

    invoke.mockResolvedValueOnce({ ok: true, result: 'done' });
    let cancelDone: () => void = () => undefined;
    await expect(bridge.call('settings.get', {}, (c) => (cancelDone = c))).resolves.toBe('done');
    cancelDone();
    expect(sent).toEqual([{ cancel: 1 }]);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});

describe('renderer to main, end to end', () => {
  it("an aborted signal rejects at once with CANCELLED and main stops the call's work", async () => {
    const { router, started } = slowRouter();
    const handle = createIpcCallHandler(windowOf(router, localCaller('electron')));
    const replies: Array<Promise<Reply>> = [];
    const bridge = createCallBridge(
      (name, request, id) => {
        const reply = handle(trusted, name, request, id);
        replies.push(reply);
        return reply;
      },
      (message) => handle.cancel(trusted, message),
    );
    const call = callOverBridge(bridge);
    const controller = new AbortController();
    const pending = call('edit.preview', PREVIEW, controller.signal);
    await vi.waitFor(() => expect(started).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toEqual({ code: 'CANCELLED', message: expect.any(String) });
    expect(started[0]?.aborted).toBe(true);
    await expect(replies[0]).resolves.toMatchObject({ ok: false, error: { code: 'CANCELLED' } });

    const before = new AbortController();
    before.abort();
    await expect(call('edit.preview', PREVIEW, before.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(started).toHaveLength(1);
    await expect(call('settings.get', {})).resolves.toEqual({ uiLanguage: 'vi', ffmpegPath: null });
  });
});
