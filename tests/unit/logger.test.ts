import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, logFiles } from '../../src-main/platform/logger';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

async function entries(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the studio log', () => {
  it('writes one JSON line per entry at or above its level, with the scope and the error', async () => {
    const dir = await tempDir();
    const log = createFileLogger({ dir, level: 'info', now: () => new Date('2026-12-06T09:05:00Z') });
    log.debug('not written');
    log.info('Studio started', { pid: 42 });
    const err = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    log.child('import').child('copy').error('Copy failed', err);
    const lines = await entries(path.join(dir, 'studio.log'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      at: '2026-12-06T09:05:00.000Z',
      level: 'info',
      message: 'Studio started',
      pid: 42,
    });
    expect(lines[1]).toMatchObject({
      level: 'error',
      scope: 'import.copy',
      message: 'Copy failed',
      error: { name: 'Error', message: 'disk full', code: 'ENOSPC' },
    });
    expect(String((lines[1]?.error as { stack?: string }).stack)).toContain('logger.test.ts');
  });

  it('keeps secrets out: keys that name them and tokens inside text', async () => {
    const dir = await tempDir();
    const log = createFileLogger({ dir });
    log.warn('Refused http://127.0.0.1:5000/?token=abcdef123456&x=1 with code=987654', {
      headers: { cookie: 'studio_session=s3cr3t', host: '127.0.0.1' },
      sessionToken: 'tok-999',
      password: 'hunter2',
      note: 'Authorization: Bearer eyJhbGciOi.payload.sig',
    });
    const text = await readFile(path.join(dir, 'studio.log'), 'utf8');
    for (const secret of ['abcdef123456', '987654', 's3cr3t', 'tok-999', 'hunter2', 'eyJhbGciOi']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('127.0.0.1');
    expect(text).toContain('token=[ẩn]');
  });

  it('sets a full file aside and keeps only the newest few', async () => {
    const dir = await tempDir();
    const log = createFileLogger({ dir, maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 60; i++) log.info(`entry ${String(i).padStart(3, '0')} ${'x'.repeat(60)}`);
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['studio.1.log', 'studio.2.log', 'studio.log']);
    for (const file of logFiles(dir)) {
      expect((await readFile(file)).length).toBeLessThanOrEqual(1000);
    }
    // Newest first: the current file ends with the last entry, and the set-aside ones come before it.
    const [current, first, second] = logFiles(dir);
    expect((await entries(current!)).at(-1)?.message).toMatch(/^entry 059/);
    const firstOfCurrent = Number(/entry (\d+)/.exec(String((await entries(current!))[0]?.message))?.[1]);
    const lastOfFirst = Number(/entry (\d+)/.exec(String((await entries(first!)).at(-1)?.message))?.[1]);
    const lastOfSecond = Number(/entry (\d+)/.exec(String((await entries(second!)).at(-1)?.message))?.[1]);
    expect(lastOfFirst).toBe(firstOfCurrent - 1);
    expect(lastOfSecond).toBeLessThan(lastOfFirst);
  });

  it('goes on when the log folder cannot be written, and writes again once it can', async () => {
    const dir = await tempDir();
    const logs = path.join(dir, 'logs');
    // A file where the folder should be: unwritable even for root.
    await writeFile(logs, '');
    const log = createFileLogger({ dir: logs });
    expect(() => log.error('nowhere to write')).not.toThrow();
    await rm(logs);
    log.error('written');
    expect((await entries(path.join(logs, 'studio.log'))).map((e) => e.message)).toEqual(['written']);
  });
});
