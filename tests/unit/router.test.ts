import { describe, expect, it, vi } from 'vitest';
import { rolePolicy, localCaller, type Policy } from '../../src-main/app/policy';
import { createRouter, type Handlers } from '../../src-main/app/router';
import { StudioError, type Settings } from '../../src-main/contract';

const settings: Settings = { uiLanguage: 'vi', ffmpegPath: null, languages: [], idleLockMinutes: 15 };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const base = {
    'system.info': () => ({ appVersion: '1', host: 'cli' as const, dataDir: '/d' }),
    'system.doctor': () => {
      throw new Error('not in this test');
    },
    'settings.get': () => settings,
    'settings.update': (patch: Partial<Settings>) => ({ ...settings, ...patch }),
  };
  return { ...base, ...overrides } as Handlers;
}

const caller = localCaller('web');
const quiet = { error: () => undefined };

describe('router', () => {
  it('runs a valid call and returns its result', async () => {
    const router = createRouter(handlers(), rolePolicy, quiet);
    expect(await router.call('settings.update', { uiLanguage: 'en' }, caller)).toEqual({
      ok: true,
      result: { uiLanguage: 'en', ffmpegPath: null, languages: [], idleLockMinutes: 15 },
    });
  });

  it('refuses an unknown call name with a Vietnamese message', async () => {
    const router = createRouter(handlers(), rolePolicy, quiet);
    const reply = await router.call('system.formatDisk', {}, caller);
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    expect(!reply.ok && reply.error.message).toContain('Studio không có chức năng');
    expect(await router.call(42, {}, caller)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
    // Structured clone (Electron IPC) delivers such an object intact; the router must still answer.
    const hostile = { toString: null };
    expect(await router.call(hostile, {}, caller)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CALL' },
    });
  });

  it('refuses a request of the wrong shape before the service sees it', async () => {
    const update = vi.fn();
    const router = createRouter(handlers({ 'settings.update': update }), rolePolicy, quiet);
    const wrongType = await router.call('settings.update', { uiLanguage: 'fr' }, caller);
    const extraKey = await router.call('settings.update', { uiLanguage: 'vi', isAdmin: true }, caller);
    const notObject = await router.call('settings.update', 'vi', caller);
    for (const reply of [wrongType, extraKey, notObject]) {
      expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(!reply.ok && reply.error.message).toMatch(/^Dữ liệu gửi lên không hợp lệ/);
    }
    expect(!extraKey.ok && extraKey.error.message).toContain('isAdmin');
    expect(update).not.toHaveBeenCalled();
  });

  it('asks the policy with the call and its permission, and refuses when it says no', async () => {
    const policy = vi.fn<Policy>(() => false);
    const update = vi.fn();
    const router = createRouter(handlers({ 'settings.update': update }), policy, quiet);
    const reply = await router.call('settings.update', { uiLanguage: 'en' }, caller);
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(policy).toHaveBeenCalledWith(caller, 'settings.write', 'settings.update');
    expect(update).not.toHaveBeenCalled();
  });

  it('refuses a caller without the permission before looking at the request, so it learns nothing of its shape', async () => {
    const router = createRouter(handlers(), () => false, quiet);
    const reply = await router.call('settings.update', { isAdmin: true, uiLanguage: 42 }, caller);
    expect(reply).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
  });

  it('passes a service StudioError through and hides unexpected errors', async () => {
    const log = { error: vi.fn() };
    const router = createRouter(
      handlers({
        'settings.get': () => {
          throw new StudioError('NOT_FOUND', 'Không thấy cài đặt.');
        },
        'system.info': () => {
          throw new TypeError('secret internals at /home/x');
        },
      }),
      rolePolicy,
      log,
    );
    expect(await router.call('settings.get', {}, caller)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Không thấy cài đặt.' },
    });
    const hidden = await router.call('system.info', {}, caller);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(hidden)).not.toContain('secret');
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('treats a missing request as an empty one', async () => {
    const router = createRouter(handlers(), rolePolicy, quiet);
    expect(await router.call('settings.get', undefined, caller)).toEqual({ ok: true, result: settings });
  });
});
