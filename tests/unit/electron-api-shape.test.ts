/** How the preload builds `window.studio` from the contract's call names. */
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { CALL_NAMES, type StudioApi } from '../../src-main/contract';
import {
  buildCallTree,
  buildStudioApi,
  createEventHub,
  settleReply,
  splitCallName,
  unwrappingInvoker,
} from '../../src-main/hosts/electron/api-shape';

const isPlainObject = (v: unknown) => Object.prototype.toString.call(v) === '[object Object]';

describe('call tree', () => {
  it('has one method per call of the contract, and nothing else', () => {
    const invoke = vi.fn().mockResolvedValue(null);
    const tree = buildCallTree(CALL_NAMES, invoke);
    const built: string[] = [];
    for (const [ns, methods] of Object.entries(tree)) {
      for (const [method, fn] of Object.entries(methods)) {
        expect(typeof fn).toBe('function');
        built.push(`${ns}.${method}`);
      }
    }
    expect(built.sort()).toEqual([...CALL_NAMES].sort());
    expect(tree.settings?.update).toBeTypeOf('function');
    expect(tree.system?.info).toBeTypeOf('function');
  });

  it('sends each method as its call name with the request, {} when none', async () => {
    const invoke = vi.fn().mockResolvedValue('r');
    const tree = buildCallTree(CALL_NAMES, invoke);
    await tree.settings?.update?.({ uiLanguage: 'en' });
    expect(invoke).toHaveBeenLastCalledWith('settings.update', { uiLanguage: 'en' });
    await tree.settings?.get?.();
    expect(invoke).toHaveBeenLastCalledWith('settings.get', {});
  });

  it('splits at the first dot, as the StudioCalls type does', () => {
    expect(splitCallName('settings.update')).toEqual({ namespace: 'settings', method: 'update' });
    expect(splitCallName('live.outputs.start')).toEqual({ namespace: 'live', method: 'outputs.start' });
  });

  it('refuses names it cannot carry safely', () => {
    for (const name of [
      'noDot',
      '.x',
      'x.',
      'x..y',
      'on.something',
      '__proto__.x',
      'constructor.x',
      'a.__proto__',
      'a.constructor',
      'a.then',
      'a.b c',
      'A.b',
      'a.B',
      'a-b.c',
    ]) {
      expect(() => splitCallName(name), name).toThrow(/Invalid call name/);
    }
    expect(() => buildCallTree(['a.b', 'a.b'], vi.fn())).toThrow(/Duplicate/);
  });

  it('is frozen', () => {
    const tree = buildCallTree(['a.b'], vi.fn());
    expect(Object.isFrozen(tree)).toBe(true);
    expect(Object.isFrozen(tree.a)).toBe(true);
  });
});

describe('replies', () => {
  it('resolve with the result', async () => {
    await expect(settleReply({ ok: true, result: { x: 1 } })).resolves.toEqual({ x: 1 });
    await expect(settleReply({ ok: true, result: null })).resolves.toBeNull();
  });

  it('reject with a plain { code, message, details } object that survives contextBridge', async () => {
    const err = await settleReply({
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: 'Dữ liệu gửi lên không hợp lệ.',
        details: [{ path: ['x'] }],
      },
    }).catch((e: unknown) => e);
    expect(isPlainObject(err)).toBe(true);
    expect(err).not.toBeInstanceOf(Error);
    expect(err).toEqual({
      code: 'INVALID_REQUEST',
      message: 'Dữ liệu gửi lên không hợp lệ.',
      details: [{ path: ['x'] }],
    });
    const bare = await settleReply({ ok: false, error: { code: 'FORBIDDEN', message: 'm' } }).catch((e) => e);
    expect(bare).toEqual({ code: 'FORBIDDEN', message: 'm' });
    expect(bare).not.toHaveProperty('details');
  });

  it('reject a malformed reply as INTERNAL', async () => {
    for (const reply of [undefined, null, 'x', {}, { ok: false }, { ok: false, error: { code: 1 } }]) {
      await expect(settleReply(reply)).rejects.toMatchObject({ code: 'INTERNAL' });
    }
  });

  it('reject as UNAVAILABLE when IPC itself fails', async () => {
    const invoke = unwrappingInvoker(() =>
      Promise.reject(new Error('No handler registered for studio:call')),
    );
    const err = await invoke('settings.get', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UNAVAILABLE' });
    expect(isPlainObject(err)).toBe(true);
  });
});

describe('events', () => {
  it('deliver the payload to each subscriber until it unsubscribes', () => {
    const hub = createEventHub();
    const a = vi.fn();
    const b = vi.fn();
    const offA = hub.on('settings.changed', a);
    hub.on('settings.changed', b);
    const payload = { uiLanguage: 'en' as const, ffmpegPath: null };
    hub.dispatch('settings.changed', payload);
    expect(a).toHaveBeenCalledWith(payload);
    expect(b).toHaveBeenCalledWith(payload);
    offA();
    hub.dispatch('settings.changed', payload);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
  });

  it('keep going when one handler throws, and ignore malformed events', () => {
    const errors: unknown[] = [];
    const hub = createEventHub((e) => errors.push(e));
    const good = vi.fn();
    hub.on('settings.changed', () => {
      throw new Error('boom');
    });
    hub.on('settings.changed', good);
    hub.dispatch('settings.changed', {});
    hub.dispatch(42, {});
    expect(good).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
  });

  it('refuse a subscription without a handler', () => {
    const hub = createEventHub();
    expect(() => hub.on('settings.changed', undefined as unknown as () => void)).toThrow(TypeError);
  });
});

describe('window.studio', () => {
  it('is a StudioApi: namespaces of methods plus on()', async () => {
    const invoke = vi.fn().mockResolvedValue({ ok: true, result: { uiLanguage: 'vi', ffmpegPath: null } });
    const hub = createEventHub();
    const api = buildStudioApi(CALL_NAMES, invoke, hub);
    expectTypeOf(api).toEqualTypeOf<StudioApi>();
    await expect(api.settings.get()).resolves.toEqual({ uiLanguage: 'vi', ffmpegPath: null });
    expect(invoke).toHaveBeenCalledWith('settings.get', {});
    invoke.mockResolvedValueOnce({ ok: false, error: { code: 'INVALID_REQUEST', message: 'sai' } });
    await expect(api.settings.update({ uiLanguage: 'en' })).rejects.toEqual({
      code: 'INVALID_REQUEST',
      message: 'sai',
    });
    const handler = vi.fn();
    const off = api.on('settings.changed', handler);
    hub.dispatch('settings.changed', { uiLanguage: 'en', ffmpegPath: null });
    expect(handler).toHaveBeenCalledTimes(1);
    off();
    expect(Object.isFrozen(api)).toBe(true);
  });
});
