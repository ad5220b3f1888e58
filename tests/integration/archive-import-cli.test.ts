/** `studio archive import DIR [--pattern P] [--json]` (issue 17): the exact contract, over real audio. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArchiveImportSummary } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

describe('studio archive import', () => {
  it('prints the summary as JSON, reads names by --pattern, and a readable summary without --json', async () => {
    const root = await tempDir();
    const data = path.join(root, 'data');
    const dir = path.join(root, 'kho');
    await mkdir(dir);
    tone(path.join(dir, 'Thời sự tiếng Mông (14.03.2021).mp3'), {
      seconds: 1,
      codec: ['-c:a', 'libmp3lame'],
    });
    await writeFile(path.join(dir, 'mục lục.doc'), 'x');

    const r = runStudioCli([
      'archive',
      'import',
      dir,
      '--pattern',
      '{title} ({date:DD.MM.YYYY})',
      '--json',
      '--data',
      data,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as ArchiveImportSummary;
    expect(summary.taken).toEqual([
      expect.objectContaining({
        file: 'Thời sự tiếng Mông (14.03.2021).mp3',
        title: 'Thời sự tiếng Mông',
        date: '2021-03-14',
        language: 'hnj',
        duplicate: false,
      }),
    ]);
    expect(summary.skipped).toEqual([
      expect.objectContaining({ file: 'mục lục.doc', reasonCode: 'not-audio' }),
    ]);

    const plain = runStudioCli(['archive', 'import', dir, '--data', data]);
    expect(plain.code, plain.stderr).toBe(0);
    // Without the pattern the date is still found at the end of the name; the audio is there already.
    expect(plain.stdout).toMatch(/Đã nhận 1 tệp \(0 tệp mới, 1 tệp đã có trong thư viện/);
    expect(plain.stdout).toMatch(/mục lục\.doc: Không phải tệp âm thanh \(đuôi \.doc\)/);
  });
});
