/** `studio archive retention [--json]` and `studio archive retention delete ID... --yes` (issue 17). */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RetentionDeleteResult, RetentionDueList } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

describe('studio archive retention', () => {
  it('lists what is due, refuses to delete without --yes, and deletes with it', async () => {
    const root = await tempDir();
    const data = path.join(root, 'data');
    const day = '2024-01-15';
    const dir = path.join(data, 'as-aired', 'main', day);
    await mkdir(dir, { recursive: true });
    tone(path.join(dir, '060000.mp3'), { seconds: 1, codec: ['-c:a', 'libmp3lame'] });
    await writeFile(path.join(dir, 'segments.jsonl'), '');

    const list = runStudioCli(['archive', 'retention', '--json', '--data', data]);
    expect(list.code, list.stderr).toBe(0);
    const due = JSON.parse(list.stdout) as RetentionDueList;
    expect(due.items.map((i) => [i.id, i.kind])).toEqual([[`as-aired:main/${day}`, 'as-aired']]);
    expect(due.totalBytes).toBeGreaterThan(0);

    const unconfirmed = runStudioCli([
      'archive',
      'retention',
      'delete',
      `as-aired:main/${day}`,
      '--data',
      data,
    ]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/thêm --yes để xác nhận/);
    expect(existsSync(dir)).toBe(true);

    const confirmed = runStudioCli([
      'archive',
      'retention',
      'delete',
      `as-aired:main/${day}`,
      '--yes',
      '--json',
      '--data',
      data,
    ]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    const result = JSON.parse(confirmed.stdout) as RetentionDeleteResult;
    expect(result).toEqual({
      deleted: [{ id: `as-aired:main/${day}`, bytes: due.totalBytes }],
      refused: [],
      totalBytes: due.totalBytes,
    });
    expect(existsSync(dir)).toBe(false);
  });
});
