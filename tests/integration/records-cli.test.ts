/**
 * `studio db check`, `studio backup`, `studio restore`: the records' check and backups through the
 * real command line, on a data folder filled through the real CLI.
 */
import { existsSync } from 'node:fs';
import { appendFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordsCheckReport } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();

interface Imported {
  id: string;
  file: string;
}

/** A data folder with two assets imported by `studio import`; their ids and stored files. */
async function library(): Promise<{ data: string; assets: Imported[] }> {
  const data = await tempDir();
  const inputs = await tempDir();
  const files = [
    tone(path.join(inputs, 'ban-tin-sang.wav'), { seconds: 1 }),
    tone(path.join(inputs, 'phong-su.wav'), { seconds: 1, freq: 440 }),
  ];
  const r = runStudioCli(['import', ...files, '--json', '--data', data]);
  expect(r.code, r.stderr).toBe(0);
  const items = JSON.parse(r.stdout) as { ok: boolean; asset: { id: string } }[];
  const list = JSON.parse(runStudioCli(['library', 'list', '--json', '--data', data]).stdout) as Imported[];
  expect(list.map((a) => a.id).sort()).toEqual(items.map((i) => i.asset.id).sort());
  return { data, assets: list };
}

const check = (data: string) => {
  const r = runStudioCli(['db', 'check', '--json', '--data', data]);
  return { code: r.code, report: JSON.parse(r.stdout) as RecordsCheckReport, stderr: r.stderr };
};

describe('studio db check', () => {
  it('finds a sound database and every file in place, and counts the records', async () => {
    const { data } = await library();
    const { code, report } = check(data);
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, engine: 'sqlite', integrity: ['ok'], problems: [] });
    expect(report.sqliteVersion).toMatch(/^3\.\d+\.\d+$/);
    expect(report.counts.assets).toBe(2);
  });

  it("says which asset's file is missing or no longer holds the imported bytes, and exits 1", async () => {
    const { data, assets } = await library();
    const [gone, changed] = assets as [Imported, Imported];
    await rm(gone.file);
    await appendFile(changed.file, Buffer.from('thêm vài byte'));
    const { code, report } = check(data);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'asset-file-missing', id: gone.id, file: gone.file }),
        expect.objectContaining({ kind: 'asset-file-changed', id: changed.id, file: changed.file }),
      ]),
    );
    for (const p of report.problems) expect(p.message).toMatch(/tệp âm thanh/i);
  });
});

describe('studio backup and studio restore', () => {
  it('puts the records back as they were at the backup, and keeps what it replaced', async () => {
    const { data, assets } = await library();
    const out = path.join(await tempDir(), 'sao-lưu.sqlite');
    const b = runStudioCli(['backup', '--out', out, '--json', '--data', data]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ ok: true, file: out });

    // After the backup a third piece comes in; the restore takes the library back to two.
    const later = tone(path.join(await tempDir(), 'tin-muon.wav'), { seconds: 1, freq: 660 });
    const imported = runStudioCli(['import', later, '--json', '--data', data]);
    expect(imported.code, imported.stderr).toBe(0);
    const [{ asset: third }] = JSON.parse(imported.stdout) as [{ asset: { id: string } }];
    expect(check(data).report.counts.assets).toBe(3);

    const r = runStudioCli(['restore', out, '--json', '--data', data]);
    expect(r.code, r.stderr).toBe(0);
    const restored = JSON.parse(r.stdout) as { ok: boolean; setAsideIn: string };
    expect(existsSync(path.join(restored.setAsideIn, 'studio.sqlite'))).toBe(true);
    const ids = (
      JSON.parse(runStudioCli(['library', 'list', '--json', '--data', data]).stdout) as Imported[]
    ).map((a) => a.id);
    expect(ids.sort()).toEqual(assets.map((a) => a.id).sort());
    expect(ids).not.toContain(third.id);
    // The audit log still holds the import made after the backup, and its index follows it.
    const audit = runStudioCli(['audit', 'verify', '--json', '--data', data]);
    expect(audit.code, audit.stdout).toBe(0);
  });

  it('refuses a file that is not a backup, in Vietnamese, and changes nothing', async () => {
    const { data } = await library();
    const junk = path.join(await tempDir(), 'khong-phai.sqlite');
    await writeFile(junk, 'không phải cơ sở dữ liệu');
    const r = runStudioCli(['restore', junk, '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('không phải bản sao lưu của Studio');
    expect(check(data).report.counts.assets).toBe(2);
  });

  it('will not overwrite a file with a backup', async () => {
    const { data } = await library();
    const out = path.join(await tempDir(), 'co-san.sqlite');
    await writeFile(out, 'tệp của người dùng');
    const r = runStudioCli(['backup', '--out', out, '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('co-san.sqlite');
  });
});
