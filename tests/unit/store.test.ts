import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
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

  it('restores a missing file from its backup instead of starting empty over it', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    await a.update((d) => ({ ...d, names: ['Xã Tân Lập', 'Phường 1'] }));
    const bak = await readFile(path.join(dir, 'stations.json.bak'), 'utf8');
    await rm(path.join(dir, 'stations.json'));

    const restorations: unknown[] = [];
    const b = await Collection.open(dir, options, (r) => void restorations.push(r));
    expect(b.outcome).toBe('restored-from-backup');
    expect(b.read().names).toEqual(['Xã Tân Lập', 'Phường 1']);
    expect(restorations).toEqual([
      {
        name: 'stations',
        file: 'stations.json',
        reason: 'missing',
        keptAs: null,
        label: 'tệp dữ liệu "stations"',
      },
    ]);
    // The file is back, and the backup still holds the same state.
    expect(JSON.parse(await readFile(path.join(dir, 'stations.json'), 'utf8')).data.names).toHaveLength(2);
    expect(JSON.parse(await readFile(path.join(dir, 'stations.json.bak'), 'utf8'))).toEqual(JSON.parse(bak));
  });

  it('names the damaged file it kept when it restores from the backup', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    await a.update((d) => ({ ...d, names: ['Phường 2'] }));
    await writeFile(path.join(dir, 'stations.json'), '');
    const restorations: Array<{ keptAs: string | null; reason: string; label: string }> = [];
    const labelled = { ...options, label: (d: Doc) => `danh sách ${d.names.length} xã` };
    const b = await Collection.open(dir, labelled, (r) => void restorations.push(r));
    expect(b.read().names).toEqual(['Phường 2']);
    expect(restorations).toHaveLength(1);
    expect(restorations[0]).toMatchObject({ reason: 'damaged', label: 'danh sách 1 xã' });
    expect(restorations[0]?.keptAs).toMatch(/^stations\.corrupt-\d+\.json$/);
    expect(await readFile(path.join(dir, restorations[0]?.keptAs ?? ''), 'utf8')).toBe('');
  });

  it('refuses to start empty over a damaged backup when the file is missing, and leaves the backup alone', async () => {
    const dir = await tempDir();
    const damaged = '{"schemaVersion": 2, "data": {"names": ["Xã';
    await writeFile(path.join(dir, 'stations.json.bak'), damaged);
    await expect(Collection.open(dir, options)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await readFile(path.join(dir, 'stations.json.bak'), 'utf8')).toBe(damaged);
    expect(await readdir(dir)).toEqual(['stations.json.bak']);
  });

  it('refuses a backup from a newer studio when the file is missing, without touching it', async () => {
    const dir = await tempDir();
    const newer = JSON.stringify({ schemaVersion: 9, data: { future: true } });
    await writeFile(path.join(dir, 'stations.json.bak'), newer);
    await expect(Collection.open(dir, options)).rejects.toMatchObject({ code: 'STORE_TOO_NEW' });
    expect(await readdir(dir)).toEqual(['stations.json.bak']);
  });

  it('peeks at a collection without writing anything, from the backup when the file is gone', async () => {
    const dir = await tempDir();
    const a = await Collection.open(dir, options);
    await a.update((d) => ({ ...d, names: ['Xã Hòa Bình'] }));
    await rm(path.join(dir, 'stations.json'));
    const before = await stat(path.join(dir, 'stations.json.bak'));
    expect((await Collection.peek(dir, options)).names).toEqual(['Xã Hòa Bình']);
    expect(await readdir(dir)).toEqual(['stations.json.bak']);
    expect((await stat(path.join(dir, 'stations.json.bak'))).mtimeMs).toBe(before.mtimeMs);
    expect(await Collection.peek(await tempDir(), options)).toEqual(options.defaults());
  });
});
