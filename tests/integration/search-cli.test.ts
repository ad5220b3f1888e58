/** `studio search`: the archive's search as scripts read it (`--json`) and as people read it, through the real command line. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio } from '../support/test-studio';

const tempDir = useTempDirs();

interface Hit {
  id: string;
  kind: string;
  title: string;
  date: string;
  language: string | null;
  score: number;
  startSec: number;
  endSec: number;
}

function search(data: string, ...args: string[]): Hit[] {
  const r = runStudioCli(['search', ...args, '--json', '--data', data]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Hit[];
}

describe('studio search', () => {
  it(
    'prints the hits best first, as JSON or as a table, with the filters',
    { timeout: 120_000 },
    async () => {
      const dir = await tempDir();
      const data = path.join(dir, 'data');
      // The library filled in-process (a command line run costs seconds); then the command reads it.
      const t = await openTestStudio(data);
      const tay = await t.importFile(
        tone(path.join(dir, 'a.wav'), { seconds: 1 }),
        'Bản tin tiếng Tày Đắk Lắk',
      );
      await t.call('library.update', { id: tay, patch: { language: 'tyz', reporter: 'Hoàng Văn Đức' } });
      const viet = await t.importFile(
        tone(path.join(dir, 'b.wav'), { seconds: 2, freq: 440 }),
        'Đời sống Đắk Lắk',
      );
      await t.studio.close();

      const both = search(data, 'dak', 'lak');
      expect(both.map((h) => h.id).sort()).toEqual([`asset:${tay}`, `asset:${viet}`].sort());
      for (const h of both) {
        expect(Object.keys(h)).toEqual(
          expect.arrayContaining(['id', 'kind', 'title', 'date', 'language', 'score', 'startSec', 'endSec']),
        );
        expect(h.kind).toBe('asset');
        expect(h.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(h.startSec).toBe(0);
      }
      expect((both[0]?.score ?? 0) >= (both[1]?.score ?? 0)).toBe(true);
      expect(
        search(data, 'dak lak', '--language', 'tyz', '--reporter', 'Hoàng Văn Đức').map((h) => h.id),
      ).toEqual([`asset:${tay}`]);
      expect(
        search(data, 'dak lak', '--kind', 'programme', '--from', '2000-01-01', '--to', '2000-12-31'),
      ).toEqual([]);

      const table = runStudioCli(['search', 'Đời sống', '--data', data]);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toContain('Tiêu đề');
      expect(table.stdout).toContain('Đời sống Đắk Lắk');
      expect(table.stdout).toContain('tệp thư viện');
      expect(table.stdout).toContain('1 kết quả.');
    },
  );

  it('says how to use it when asked for nothing or a kind that does not exist', async () => {
    const data = await tempDir();
    const none = runStudioCli(['search', '--data', data]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('studio search');
    const kind = runStudioCli(['search', 'tin', '--kind', 'bài', '--data', data]);
    expect(kind.code).not.toBe(0);
    expect(kind.stderr).toContain('Loại "bài" không có');
  });
});
