/** `studio export` as scripts use it. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, onsets, signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio } from '../support/test-studio';
import { runStudioCli } from '../support/cli';

const tempDir = useTempDirs();

const studio = (args: string[]) => runStudioCli(args, { timeoutMs: 60_000 });

describe('studio export', () => {
  it('exports an edit (by project or by asset) to the file asked for, and prints one JSON object', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const t = await openTestStudio(data);
    const asset = await t.importFile(
      signal(path.join(dir, 'm.wav'), { samples: 96_000, bursts: [{ at: 48_000, length: 2400 }] }),
      'Bản tin',
    );
    let p = await t.call('edit.open', { assetId: asset });
    p = (await t.call('edit.apply', { projectId: p.id, op: { type: 'delete', start: 0, end: 12_000 } }))
      .project;
    await t.studio.close();

    const out = path.join(dir, 'ban-tin.wav');
    const r = studio(['export', p.id, '--out', out, '--json', '--data', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: true,
      file: out,
      format: 'wav',
      durationSec: 1.75,
      projectId: p.id,
      loudness: null,
    });
    expect(onsets(decode(out))).toEqual([36_000]);
    // A file already there is kept unless --overwrite says otherwise.
    const twice = studio(['export', p.id, '--out', out, '--json', '--data', data]);
    expect(twice.code).toBe(1);
    expect(JSON.parse(twice.stdout).error.code).toBe('EDIT_EXPORT_EXISTS');
    const over = studio(['export', p.id, '--out', out, '--overwrite', '--json', '--data', data]);
    expect(over.code).toBe(0);
    expect(onsets(decode(out))).toEqual([36_000]);

    // By asset: its latest edit.
    const mp3 = studio(['export', asset, '--format', 'mp3', '--bitrate', '128', '--json', '--data', data]);
    expect(mp3.code).toBe(0);
    const res = JSON.parse(mp3.stdout);
    expect(res.projectId).toBe(p.id);
    expect(path.dirname(res.file)).toBe(path.join(data, 'exports'));
    expect(res.file).toMatch(/Bản tin-\d{8}-\d{6}\.mp3$/);
  });

  it('says what is wrong with the arguments or the edit', async () => {
    const data = await tempDir();
    const bad = studio(['export', 'xyz', '--json', '--data', data]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('INVALID_REQUEST');
    const gone = studio(['export', '0'.repeat(32), '--json', '--data', data]);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout)).toEqual({
      ok: false,
      error: {
        code: 'EDIT_NOT_FOUND',
        message:
          'Không tìm thấy bản biên tập này. Có thể nó đã bị xoá hoặc thư mục dữ liệu đã thay đổi; hãy mở lại tệp từ thư viện.',
      },
    });
  });
});
