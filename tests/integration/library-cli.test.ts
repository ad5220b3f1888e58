/** `studio library list`: the library as scripts read it, through the real command line. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

interface Item {
  id: string;
  title: string;
  sha256: string;
  durationSec: number;
  language: string;
  file: string;
}

function importInto(data: string, file: string, extra: string[]): string {
  const r = runStudioCli(['import', file, '--json', '--data', data, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as [{ asset: { id: string } }])[0].asset.id;
}

function list(data: string, ...filters: string[]): Item[] {
  const r = runStudioCli(['library', 'list', '--json', '--data', data, ...filters]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Item[];
}

describe('studio library list', () => {
  it('lists every asset newest first, with its stored file, and filters as the library screen does', async () => {
    const data = await tempDir();
    const inputs = await tempDir();
    const tay = importInto(data, tone(path.join(inputs, 'Bản tin tiếng Tày.wav'), { seconds: 1 }), [
      '--language',
      'tyz',
      '--reporter',
      'Hoàng Văn Đức',
    ]);
    const viet = importInto(data, tone(path.join(inputs, 'Thời sự sáng.wav'), { seconds: 2, freq: 440 }), [
      '--language',
      'vie',
    ]);

    const all = list(data);
    expect(all.map((a) => a.id)).toEqual([viet, tay]);
    for (const a of all) {
      expect(Object.keys(a).sort()).toEqual(['durationSec', 'file', 'id', 'language', 'sha256', 'title']);
      expect(path.isAbsolute(a.file)).toBe(true);
      expect(
        createHash('sha256')
          .update(await readFile(a.file))
          .digest('hex'),
      ).toBe(a.sha256);
    }
    expect(all[0]).toMatchObject({ title: 'Thời sự sáng', language: 'vie' });
    expect(all[0]?.durationSec).toBeCloseTo(2, 1);

    expect(list(data, '--language', 'tyz').map((a) => a.id)).toEqual([tay]);
    expect(list(data, '--text', 'ban tin tay').map((a) => a.id)).toEqual([tay]);
    expect(list(data, '--reporter', 'Hoàng Văn Đức').map((a) => a.id)).toEqual([tay]);
    expect(list(data, '--trash')).toEqual([]);
  });

  it('says how to use it when the sub-command is wrong', () => {
    const r = runStudioCli(['library', 'show']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('studio library list');
  });
});
