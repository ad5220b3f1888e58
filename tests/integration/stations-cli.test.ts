/**
 * `studio stations add|list|import|export` (issue 15): the real command line on a data folder,
 * through the CLI's connection (so `--user` and exit status 3 apply), with real CSV files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StationImportResult, StationList, StationStreams } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio } from '../support/test-studio';

const tempDir = useTempDirs();

const ADMIN_PASSWORD = 'quản-trị-đài-huyện';
const OPERATOR_PASSWORD = 'tuấn-trực-kỹ-thuật';
const CHIEF_PASSWORD = 'lãnh-đạo-duyệt-bài';

describe('studio stations', () => {
  it('adds a station and prints its token and URLs, lists, imports and exports CSV', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const studio = (args: string[]) => runStudioCli([...args, '--data', data]);

    const added = studio([
      'stations',
      'add',
      'xa-ban-vuoc',
      '--name',
      'Xã Bản Vược',
      '--group',
      'Bát Xát',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const made = JSON.parse(added.stdout) as StationStreams;
    expect(made.station).toMatchObject({ code: 'XA-BAN-VUOC', name: 'Xã Bản Vược', group: 'Bát Xát' });
    expect(made.streams.map((s) => s.codec)).toEqual(['mp3', 'opus']);
    expect(made.streams[0]?.url).toMatch(
      new RegExp(`^http://[^/]+:8000/live/XA-BAN-VUOC\\.mp3\\?token=${made.token}$`),
    );

    const told = studio(['stations', 'add', 'XA-02', '--name', 'Phường Cốc Lếu', '--unit', '02644']);
    expect(told.code, told.stderr).toBe(0);
    expect(told.stdout).toContain('Đã thêm cụm thu XA-02 “Phường Cốc Lếu” (tự kéo luồng).');
    expect(told.stdout).toMatch(/Mã truy cập: [A-Za-z0-9_-]{32}\n/);
    expect(told.stdout).toMatch(/Luồng MP3: http:\/\/\S+\/live\/XA-02\.mp3\?token=/);
    expect(told.stdout).toMatch(/Luồng Opus: http:\/\/\S+\/live\/XA-02\.opus\?token=/);

    // Shown again later, the same token; pushed over SRT with a passphrase from stdin, never echoed.
    const shown = studio(['stations', 'show', 'xa-ban-vuoc', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout) as StationStreams).toEqual(made);
    const srt = runStudioCli(
      [
        'stations',
        'add',
        'XA-SRT',
        '--name',
        'Xã Y Tý',
        '--srt',
        '10.20.0.5:9000',
        '--passphrase-stdin',
        '--data',
        data,
      ],
      { input: 'mật-khẩu-srt-của-xã\n' },
    );
    expect(srt.code, srt.stderr).toBe(0);
    expect(srt.stdout).toContain('(SRT tới 10.20.0.5:9000)');
    expect(srt.stdout + srt.stderr).not.toContain('mật-khẩu-srt-của-xã');
    expect(await readFile(path.join(data, 'db', 'stations.json'), 'utf8')).not.toContain(
      'mật-khẩu-srt-của-xã',
    );
    const noPass = studio(['stations', 'add', 'XA-SRT2', '--name', 'Xã B', '--srt', '10.20.0.6:9000']);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain('--passphrase-stdin');
    expect(studio(['stations', 'add', 'XA-R', '--name', 'Xã R', '--rtp', '10.20.0.7']).stderr).toContain(
      'MÁY:CỔNG',
    );
    const disabled = studio(['stations', 'disable', 'XA-SRT']);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('Đã tắt cụm thu XA-SRT “Xã Y Tý”.');

    const again = studio(['stations', 'add', 'XA-02', '--name', 'Trùng']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Đã có cụm thu mã XA-02');
    expect(studio(['stations', 'add', 'XA-09']).code).toBe(2);

    // A file with problems: nothing saved, every row named, exit 2.
    const bad = path.join(dir, 'sai.csv');
    await writeFile(bad, 'code,name,reach,host,port\r\nXA-03,Xã C,rtp,10.0.0.5,99999\r\nXA-04,,pull,,\r\n');
    const refused = studio(['stations', 'import', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Dòng 2: cột port: Cổng là một số từ 1 đến 65535.');
    expect(refused.stderr).toContain('Dòng 3: cột name: Tên cụm thu không được để trống.');
    expect(studio(['stations', 'import', path.join(dir, 'khong-co.csv')]).stderr).toContain('Không có tệp');

    const good = path.join(dir, 'dung.csv');
    await writeFile(
      good,
      '\uFEFFcode,name,group,reach,mount\r\nXA-03,Xã Y Tý,Bát Xát,icecast,/ytu.mp3\r\nXA-02,Phường Cốc Lếu,Thành phố,,\r\n',
    );
    const imported = studio(['stations', 'import', good, '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout) as StationImportResult).toEqual({
      added: ['XA-03'],
      updated: ['XA-02'],
      rows: 2,
    });

    const listed = studio(['stations', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    const list = JSON.parse(listed.stdout) as StationList;
    expect(list.stations.map((s) => [s.code, s.group, s.reach.kind, s.enabled])).toEqual([
      ['XA-BAN-VUOC', 'Bát Xát', 'pull', true],
      ['XA-02', 'Thành phố', 'pull', true],
      ['XA-SRT', null, 'push', false],
      ['XA-03', 'Bát Xát', 'icecast', true],
    ]);
    expect(listed.stdout).not.toContain(made.token);
    const words = studio(['stations', 'list']).stdout;
    expect(words).toContain('XA-03  “Xã Y Tý”  nhóm Bát Xát  Icecast /ytu.mp3');
    expect(words).toContain('XA-SRT  “Xã Y Tý”  SRT tới 10.20.0.5:9000  (đã tắt)');

    const out = path.join(dir, 'xuat.csv');
    const exported = studio(['stations', 'export', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(
      text.startsWith(
        '\uFEFFcode,name,unit_code,unit_name,group,reach,mount,host,port,srt_passphrase,enabled\r\n',
      ),
    ).toBe(true);
    expect(text).toContain('XA-02,Phường Cốc Lếu,02644,,Thành phố,pull,,,,,1\r\n');
    expect(text).not.toContain(made.token);
    expect(studio(['stations', 'export', out]).code).toBe(1);
    expect(studio(['stations', 'export', out, '--force']).code).toBe(0);
  });

  it('lets an operator add stations and a chief editor only list them', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const t = await openTestStudio(data);
    try {
      await t.call('auth.setup', { name: 'quantri', displayName: 'Quản trị', password: ADMIN_PASSWORD });
      await t.call('users.add', {
        name: 'tuan',
        displayName: 'Lê Văn Tuấn',
        roles: ['operator'],
        password: OPERATOR_PASSWORD,
      });
      await t.call('users.add', {
        name: 'hoa',
        displayName: 'Trần Thị Hoa',
        roles: ['chiefEditor'],
        password: CHIEF_PASSWORD,
      });
    } finally {
      await t.studio.close();
    }
    const as = (user: string, password: string) => (args: string[]) =>
      runStudioCli([...args, '--data', data, '--user', user], { env: { STUDIO_PASSWORD: password } });

    const added = as('tuan', OPERATOR_PASSWORD)(['stations', 'add', 'XA-01', '--name', 'Xã A', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const chief = as('hoa', CHIEF_PASSWORD);
    const listed = chief(['stations', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as StationList).stations).toMatchObject([{ code: 'XA-01' }]);
    const refused = chief(['stations', 'add', 'XA-02', '--name', 'Xã B']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('không có quyền');

    // Who added it is in the audit log, by name.
    const t2 = await openTestStudio(data);
    try {
      const admin = await t2.signIn('quantri', ADMIN_PASSWORD);
      const reply = await admin.call('audit.list', { action: 'stations.add' });
      expect(reply.ok).toBe(true);
      const entries = (reply as { ok: true; result: { entries: Array<Record<string, unknown>> } }).result
        .entries;
      expect(entries).toMatchObject([
        {
          userName: 'Lê Văn Tuấn',
          host: 'cli',
          objectKind: 'station',
          objectId: 'XA-01',
          objectTitle: 'Xã A',
        },
      ]);
    } finally {
      await t2.studio.close();
    }
  });
});
