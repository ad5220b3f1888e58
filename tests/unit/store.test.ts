import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Collection } from '../../src-main/store';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

const schema = z.object({ names: z.array(z.string()), owner: z.string() });
type Doc = z.infer<typeof schema>;
const options = {
  name: 'stations',
  version: 2,
  schema,
  defaults: (): Doc => ({ names: [], owner: 'đài' }),
  // Version 1 stored a single comma-separated string.
  migrations: {
    1: (d: unknown) => ({ names: String((d as { list: string }).list).split(','), owner: 'đài' }),
  },
};

describe('store collection', () => {
  it('starts from defaults and keeps what was written across a reopen', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    expect(a.outcome).toBe('created');
    await a.update((d) => {
      d.names.push('Xã Tân Lập');
    });
    const b = await Collection.open(dir, options);
    expect(b.outcome).toBe('loaded');
    expect(b.read().names).toEqual(['Xã Tân Lập']);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'stations.json'), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 2, data: { names: ['Xã Tân Lập'], owner: 'đài' } });
  });

  it('migrates an older file and keeps the pre-migration copy', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'stations.json'),
      JSON.stringify({ schemaVersion: 1, data: { list: 'A,B' } }),
    );
    const c = await Collection.open(dir, options);
    expect(c.outcome).toBe('migrated');
    expect(c.read().names).toEqual(['A', 'B']);
    expect(JSON.parse(await readFile(path.join(dir, 'stations.v1.json'), 'utf8')).data.list).toBe('A,B');
    expect(JSON.parse(await readFile(path.join(dir, 'stations.json'), 'utf8')).schemaVersion).toBe(2);
  });

  it('restores the last good state from the backup when the file is corrupt, keeping the broken file', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    await a.update((d) => ({ ...d, names: ['Phường 1'] }));
    await writeFile(path.join(dir, 'stations.json'), '{"schemaVersion": 2, "data": {"nam');
    const b = await Collection.open(dir, options);
    expect(b.outcome).toBe('restored-from-backup');
    expect(b.read().names).toEqual(['Phường 1']);
    const files = await readdir(dir);
    expect(files.some((f) => f.startsWith('stations.corrupt-'))).toBe(true);
  });

  it('refuses a file from a newer studio without touching it', async () => {
    const dir = await tempDir();
    const newer = JSON.stringify({ schemaVersion: 9, data: { future: true } });
    await writeFile(path.join(dir, 'stations.json'), newer);
    await expect(Collection.open(dir, options)).rejects.toMatchObject({ code: 'STORE_TOO_NEW' });
    expect(await readFile(path.join(dir, 'stations.json'), 'utf8')).toBe(newer);
  });

  it('rejects an invalid update and keeps the previous state in memory and on disk', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    await a.update((d) => ({ ...d, names: ['ok'] }));
    await expect(a.update((d) => ({ ...d, names: [42 as unknown as string] }))).rejects.toThrow();
    expect(a.read().names).toEqual(['ok']);
    expect((await Collection.open(dir, options)).read().names).toEqual(['ok']);
  });

  it('serialises concurrent updates so that none is lost', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        a.update((d) => {
          d.names.push(`n${i}`);
        }),
      ),
    );
    expect(a.read().names).toHaveLength(50);
    expect((await Collection.open(dir, options)).read().names).toHaveLength(50);
  });
});
