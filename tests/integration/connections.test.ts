/**
 * Every host reaches the studio through a connection for one caller: its calls go through the
 * router, its media ids through one lookup, and it hears only the events that caller may read.
 * A station policy where the announcer may not read the library shows each rule.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller, Policy } from '../../src-main/app/policy';
import { createStudio, type Studio } from '../../src-main/app/studio';
import type { EventName } from '../../src-main/contract';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const open: Studio[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const admin: Caller = { host: 'web', userId: 'an', roles: ['admin'] };
const announcer: Caller = { host: 'web', userId: 'binh', roles: ['announcer'] };
/** The announcer airs programmes but may not read the library or the editor's work. */
const stationPolicy: Policy = (caller, permission) =>
  caller.roles.includes('admin') || !['library.read', 'library.write', 'edit.read'].includes(permission);

async function studioWith(policy: Policy): Promise<{ studio: Studio; dir: string }> {
  const dir = await tempDir();
  const studio = await createStudio(
    { dataDir: path.join(dir, 'data'), appVersion: 'test', host: 'web', env: process.env, homeDir: dir },
    policy,
  );
  open.push(studio);
  return { studio, dir };
}

describe('connections', () => {
  it('deliver an event only to callers who may read what it tells about', async () => {
    const { studio, dir } = await studioWith(stationPolicy);
    const heard = { admin: [] as EventName[], announcer: [] as EventName[] };
    const a = studio.connect(admin);
    const b = studio.connect(announcer);
    a.subscribe((event) => heard.admin.push(event));
    b.subscribe((event) => heard.announcer.push(event));

    const file = signal(path.join(dir, 'tin.wav'), { samples: 4_800 });
    const started = await a.call('library.import', { paths: [file] });
    expect(started.ok).toBe(true);
    await expect.poll(() => heard.admin.includes('import.finished'), { timeout: 30_000 }).toBe(true);
    expect(heard.admin).toEqual(
      expect.arrayContaining(['import.progress', 'import.fileDone', 'library.changed']),
    );
    expect(heard.announcer.filter((e) => e.startsWith('import.') || e === 'library.changed')).toEqual([]);

    // Settings are for everyone here: both hear the change.
    await a.call('settings.update', { uiLanguage: 'en' });
    expect(heard.admin).toContain('settings.changed');
    expect(heard.announcer).toContain('settings.changed');
  });

  it('answer media ids through one lookup, with the permission of what the id names', async () => {
    const { studio, dir } = await studioWith(stationPolicy);
    const a = studio.connect(admin);
    const b = studio.connect(announcer);
    const file = signal(path.join(dir, 'tin.wav'), { samples: 4_800 });
    a.subscribe(() => undefined);
    await a.call('library.import', { paths: [file] });
    let id = '';
    await expect
      .poll(
        async () => {
          const list = await a.call('library.list', {});
          id = list.ok ? ((list.result as { items: Array<{ id: string }> }).items[0]?.id ?? '') : '';
          return id;
        },
        { timeout: 30_000 },
      )
      .not.toBe('');

    expect(a.mediaFile(id)).toMatch(/\.(wav|flac|mp3|opus|m4a|ogg)$/);
    expect(b.mediaFile(id)).toBeNull();
    // Not an id at all, or one of nothing: null alike.
    expect(a.mediaFile('../../etc/passwd')).toBeNull();
    expect(a.mediaFile('0'.repeat(64))).toBeNull();
    expect(a.mediaFile(42)).toBeNull();
    // The call itself is refused by the router, as before.
    expect(await b.call('library.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('stop delivering when closed', async () => {
    const { studio } = await studioWith(stationPolicy);
    const heard: EventName[] = [];
    const a = studio.connect(admin);
    a.subscribe((event) => heard.push(event));
    a.close();
    await a.call('settings.update', { uiLanguage: 'en' });
    expect(heard).toEqual([]);
  });
});
