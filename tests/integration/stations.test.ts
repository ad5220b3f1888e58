/**
 * The stations registry (issue 15), through the real router: commune stations with their tokens
 * and SRT passphrases sealed at rest (only a hash beside the token), their stream URLs, disabling
 * instead of deleting, CSV import (all rows or none, problems by row number, upsert by code) and
 * export, and the audit log naming stations, never their secrets.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_BOM } from '../../src-main/platform/csv';
import { keyFilePath } from '../../src-main/platform/secret-box';
import { parseCsv } from '../support/csv';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

/** Every file under `dir` whose bytes hold `needle`. */
async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if ((await readFile(file)).includes(Buffer.from(needle))) found.push(file);
  }
  return found;
}

const SRT_SECRET = 'mật-khẩu-srt-bí-mật-9c1';

describe('stations registry', () => {
  it('adds a station with a sealed token, shows its URLs again, rotates and disables it', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    await t.call('stations.configure', { streamBaseUrl: 'http://203.0.113.7:8000/' });
    const made = await t.call('stations.add', { code: 'xa-ban-vuoc', name: 'Xã Bản Vược', group: 'Bát Xát' });
    expect(made.station).toMatchObject({
      code: 'XA-BAN-VUOC',
      name: 'Xã Bản Vược',
      group: 'Bát Xát',
      unitCode: null,
      reach: { kind: 'pull' },
      enabled: true,
    });
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(made.streams).toEqual([
      { codec: 'mp3', url: `http://203.0.113.7:8000/live/XA-BAN-VUOC.mp3?token=${made.token}` },
      { codec: 'opus', url: `http://203.0.113.7:8000/live/XA-BAN-VUOC.opus?token=${made.token}` },
    ]);

    // The list never carries a token; the URLs can be seen again, the same token in them.
    const list = await t.call('stations.list', {});
    expect(list).toMatchObject({ streamBaseUrl: 'http://203.0.113.7:8000', streamBaseIsDefault: false });
    expect(JSON.stringify(list)).not.toContain(made.token);
    expect(await t.call('stations.streams', { code: 'XA-BAN-VUOC' })).toEqual(made);

    // Sealed at rest, with its hash beside it for the stream server; in no file in the clear.
    const stored = JSON.parse(await readFile(path.join(t.dataDir, 'db', 'stations.json'), 'utf8')) as {
      data: { stations: Array<{ token: { scheme: string }; tokenSha256: string }> };
    };
    expect(stored.data.stations[0]?.token.scheme).toBe('key-file');
    expect(stored.data.stations[0]?.tokenSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await filesHolding(t.dataDir, made.token)).toEqual([]);
    const registry = t.studio.services.stations;
    expect(registry.acceptsToken('XA-BAN-VUOC', made.token)).toBe(true);
    expect(registry.acceptsToken('XA-BAN-VUOC', `${made.token}x`)).toBe(false);

    const rotated = await t.call('stations.rotateToken', { code: 'XA-BAN-VUOC' });
    expect(rotated.token).not.toBe(made.token);
    expect(registry.acceptsToken('XA-BAN-VUOC', made.token)).toBe(false);
    expect(registry.acceptsToken('XA-BAN-VUOC', rotated.token)).toBe(true);

    // Disabled, not deleted: it stays in the list, its token refused; enabled again, accepted.
    expect(await t.call('stations.setEnabled', { code: 'XA-BAN-VUOC', enabled: false })).toMatchObject({
      enabled: false,
    });
    expect((await t.call('stations.list', {})).stations).toHaveLength(1);
    expect(registry.acceptsToken('XA-BAN-VUOC', rotated.token)).toBe(false);
    await t.call('stations.setEnabled', { code: 'XA-BAN-VUOC', enabled: true });
    expect(registry.acceptsToken('XA-BAN-VUOC', rotated.token)).toBe(true);

    // The same code twice is refused; so is a code with diacritics.
    expect((await t.fail('stations.add', { code: 'XA-BAN-VUOC', name: 'Khác' })).code).toBe('CONFLICT');
    expect((await t.fail('stations.add', { code: 'Xã-A', name: 'Xã A' })).code).toBe('INVALID_REQUEST');
    expect((await t.fail('stations.streams', { code: 'KHONG-CO' })).code).toBe('NOT_FOUND');

    // A new admin unit after a merger: only that changes; the code, token and URLs stay.
    const merged = await t.call('stations.update', {
      code: 'XA-BAN-VUOC',
      unitCode: '02680',
      unitName: 'Xã Bản Xèo',
    });
    expect(merged).toMatchObject({ code: 'XA-BAN-VUOC', name: 'Xã Bản Vược', unitCode: '02680' });
    expect((await t.call('stations.streams', { code: 'XA-BAN-VUOC' })).token).toBe(rotated.token);

    // Back to the default address: this PC's, port 8000.
    expect(await t.call('stations.configure', { streamBaseUrl: null })).toMatchObject({
      streamBaseIsDefault: true,
      streamBaseUrl: expect.stringMatching(/^http:\/\/[^/]+:8000$/),
    });
    expect((await t.fail('stations.configure', { streamBaseUrl: 'rtp://x:1' })).code).toBe('INVALID_REQUEST');
  });

  it('keeps receivers working on a PC without the key: tokens checked by hash, shown again only when renewed', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const first = await studios.open(data);
    const made = await first.call('stations.add', { code: 'XA-01', name: 'Xã A' });
    await studios.closeAll();

    // Reopened as it was: the same token, still shown.
    const again = await studios.open(data);
    expect((await again.call('stations.streams', { code: 'XA-01' })).token).toBe(made.token);
    await studios.closeAll();

    // The data folder restored on another PC (its key file not copied): the stream server still
    // knows the receiver by its token's hash; the URL can be shown only after a new token.
    await rm(keyFilePath(data));
    const moved = await studios.open(data);
    expect(moved.studio.services.stations.acceptsToken('XA-01', made.token)).toBe(true);
    expect((await moved.fail('stations.streams', { code: 'XA-01' })).code).toBe('UNAVAILABLE');
    const renewed = await moved.call('stations.rotateToken', { code: 'XA-01' });
    expect((await moved.call('stations.streams', { code: 'XA-01' })).token).toBe(renewed.token);
    expect(moved.studio.services.stations.acceptsToken('XA-01', made.token)).toBe(false);
  });

  it('keeps an SRT passphrase sealed, keeps it when a change leaves it out, requires it at first', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const noPass = await t.fail('stations.add', {
      code: 'XA-02',
      name: 'Xã Y Tý',
      reach: { kind: 'push', protocol: 'srt', host: '10.1.2.3', port: 9000 },
    });
    expect(noPass.code).toBe('INVALID_REQUEST');
    expect(noPass.message).toContain('mật khẩu SRT');
    const shortPass = await t.fail('stations.add', {
      code: 'XA-02',
      name: 'Xã Y Tý',
      reach: { kind: 'push', protocol: 'srt', host: '10.1.2.3', port: 9000, passphrase: 'ngắn' },
    });
    expect(shortPass.code).toBe('INVALID_REQUEST');

    const made = await t.call('stations.add', {
      code: 'XA-02',
      name: 'Xã Y Tý',
      reach: { kind: 'push', protocol: 'srt', host: '10.1.2.3', port: 9000, passphrase: SRT_SECRET },
    });
    expect(made.station.reach).toEqual({
      kind: 'push',
      protocol: 'srt',
      host: '10.1.2.3',
      port: 9000,
      passphraseSet: true,
    });
    const moved = await t.call('stations.update', {
      code: 'XA-02',
      reach: { kind: 'push', protocol: 'srt', host: 'cumthu-ytu.example.vn', port: 9001 },
    });
    expect(moved.reach).toMatchObject({ host: 'cumthu-ytu.example.vn', passphraseSet: true });
    expect(
      (
        await t.fail('stations.update', {
          code: 'XA-02',
          reach: { kind: 'push', protocol: 'rtp', host: 'a b', port: 5 },
        })
      ).code,
    ).toBe('INVALID_REQUEST');
    expect(
      await t.call('stations.update', { code: 'XA-02', reach: { kind: 'icecast', mount: '/xa-02.mp3' } }),
    ).toMatchObject({ reach: { kind: 'icecast', mount: '/xa-02.mp3' } });
    expect(await filesHolding(t.dataDir, SRT_SECRET)).toEqual([]);
    expect(await filesHolding(t.dataDir, made.token)).toEqual([]);
  });

  it('records changes in the audit log by station, with its name, never a token or a passphrase', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const made = await t.call('stations.add', {
      code: 'XA-03',
      name: 'Xã Cốc San',
      reach: { kind: 'push', protocol: 'srt', host: '10.1.2.3', port: 9000, passphrase: SRT_SECRET },
    });
    await t.call('stations.update', { code: 'XA-03', group: 'Ven sông' });
    await t.call('stations.streams', { code: 'XA-03' });
    const rotated = await t.call('stations.rotateToken', { code: 'XA-03' });
    await t.call('stations.setEnabled', { code: 'XA-03', enabled: false });
    await t.call('stations.importCsv', { csv: 'code,name\r\nXA-04,Xã Nậm Chạc\r\n' });
    await t.call('stations.list', {});

    const entries = (await t.call('audit.list', {})).entries.filter((e) => e.action.startsWith('stations.'));
    expect(entries.map((e) => e.action).reverse()).toEqual([
      'stations.add',
      'stations.update',
      'stations.streams',
      'stations.rotateToken',
      'stations.setEnabled',
      'stations.importCsv',
    ]);
    for (const e of entries.filter((e) => e.action !== 'stations.importCsv'))
      expect(e, e.action).toMatchObject({
        objectKind: 'station',
        objectId: 'XA-03',
        objectTitle: 'Xã Cốc San',
      });
    const byAction = new Map(entries.map((e) => [e.action, e.details]));
    expect(byAction.get('stations.add')).toMatchObject({
      name: 'Xã Cốc San',
      reach: { kind: 'push', protocol: 'srt', host: '10.1.2.3', port: 9000 },
      passphraseChange: 'set',
    });
    expect(byAction.get('stations.update')).toEqual({ group: 'Ven sông' });
    expect(byAction.get('stations.rotateToken')).toEqual({ tokenChange: 'rotated' });
    expect(byAction.get('stations.setEnabled')).toEqual({ enabled: false });
    expect(byAction.get('stations.importCsv')).toEqual({ added: ['XA-04'], updated: [], rows: 1 });

    const logs = path.join(t.dataDir, 'audit');
    for (const secret of [made.token, rotated.token, SRT_SECRET])
      expect(await filesHolding(logs, secret)).toEqual([]);
    expect(await filesHolding(path.join(t.dataDir, 'logs'), rotated.token)).toEqual([]);
  });

  it('imports CSV all or nothing, with every wrong row numbered, and upserts by code', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const first = await t.call('stations.add', { code: 'XA-01', name: 'Xã A cũ', group: 'Cũ' });

    const wrong = await t.fail('stations.importCsv', {
      csv: [
        'code,name,unit_code,reach,host,port,mount,srt_passphrase',
        'XA-01,Xã A,00127,pull,,,,',
        'XA-05,,,rtp,10.0.0.5,abc,,',
        'XA-06,"Xã F, thôn 2",,srt,10.0.0.6,9000,,',
        'XA-07,Xã G,,ftp,,,,',
        'XA-08,Xã H,,icecast,,,,',
        'xa-01,Trùng,,,,,,',
        'Xã-9,Xã I,,,,,,',
      ].join('\n'),
    });
    expect(wrong.code).toBe('INVALID_REQUEST');
    expect(wrong.message.split('\n')).toEqual([
      'Tệp CSV có lỗi, chưa cụm thu nào được nhập:',
      'Dòng 3: cột name: Tên cụm thu không được để trống.',
      'Dòng 3: cột port: Cổng là một số từ 1 đến 65535.',
      'Dòng 4: cụm thu nhận qua SRT cần mật khẩu SRT (cột srt_passphrase).',
      'Dòng 5: cột reach là pull, icecast, rtp hoặc srt, không phải “ftp”.',
      'Dòng 6: cột mount: Cần tên điểm phát Icecast (ví dụ /xa-a.mp3).',
      'Dòng 7: mã cụm thu XA-01 đã có ở dòng 2.',
      'Dòng 8: cột code: Mã cụm thu gồm 1–40 chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới, bắt đầu bằng chữ hoặc số.',
    ]);
    // Nothing was saved: not even the good first row.
    expect((await t.call('stations.list', {})).stations).toMatchObject([{ code: 'XA-01', name: 'Xã A cũ' }]);

    const header = await t.fail('stations.importCsv', { csv: 'ma,ten\r\nXA-1,Xã\r\n' });
    expect(header.message).toContain('Dòng 1: cột “ma” không có trong mẫu');
    expect(header.message).toContain('thiếu cột “code”');
    expect((await t.fail('stations.importCsv', { csv: 'code,name\r\nXA-1,"Xã\r\n' })).message).toContain(
      'Dòng 2: có dấu ngoặc kép',
    );

    // A spreadsheet of Việt Nam's Excel: semicolons, a BOM, LF line ends, a passphrase for SRT.
    const result = await t.call('stations.importCsv', {
      csv: `${CSV_BOM}code;name;unit_code;unit_name;reach;host;port;srt_passphrase;enabled\nxa-01;Xã A;00127;Xã A mới;;;;;0\nXA-06;"Xã F; thôn 2";;;srt;10.0.0.6;9000;${SRT_SECRET};\n`,
    });
    expect(result).toEqual({ added: ['XA-06'], updated: ['XA-01'], rows: 2 });
    const { stations } = await t.call('stations.list', {});
    expect(stations).toMatchObject([
      // Upserted: the group (no column) kept, the unit changed, disabled; the token unchanged.
      { code: 'XA-01', name: 'Xã A', group: 'Cũ', unitCode: '00127', unitName: 'Xã A mới', enabled: false },
      {
        code: 'XA-06',
        name: 'Xã F; thôn 2',
        enabled: true,
        reach: { kind: 'push', protocol: 'srt', host: '10.0.0.6', port: 9000, passphraseSet: true },
      },
    ]);
    expect((await t.call('stations.streams', { code: 'XA-01' })).token).toBe(first.token);
    expect(await filesHolding(t.dataDir, SRT_SECRET)).toEqual([]);
  });

  it('exports CSV with a BOM that reads back as the same registry, without secrets', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    await t.call('stations.add', {
      code: 'XA-01',
      name: '=Xã "A", thôn 1',
      unitCode: '00127',
      group: '-Nhóm 1',
    });
    await t.call('stations.add', {
      code: 'XA-02',
      name: 'Phường B',
      reach: { kind: 'icecast', mount: '/pb.mp3' },
    });
    const srt = await t.call('stations.add', {
      code: 'XA-03',
      name: 'Xã C',
      reach: { kind: 'push', protocol: 'srt', host: '10.0.0.6', port: 9000, passphrase: SRT_SECRET },
    });
    await t.call('stations.add', {
      code: 'XA-04',
      name: 'Xã D',
      reach: { kind: 'push', protocol: 'rtp', host: '10.0.0.7', port: 5004 },
    });
    await t.call('stations.setEnabled', { code: 'XA-04', enabled: false });

    const file = path.join(dir, 'cum-thu.csv');
    expect(await t.call('stations.exportCsv', { file })).toMatchObject({ file, rows: 4 });
    const text = await readFile(file, 'utf8');
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      [
        'code',
        'name',
        'unit_code',
        'unit_name',
        'group',
        'reach',
        'mount',
        'host',
        'port',
        'srt_passphrase',
        'enabled',
      ],
      ['XA-01', `'=Xã "A", thôn 1`, '00127', '', "'-Nhóm 1", 'pull', '', '', '', '', '1'],
      ['XA-02', 'Phường B', '', '', '', 'icecast', '/pb.mp3', '', '', '', '1'],
      ['XA-03', 'Xã C', '', '', '', 'srt', '', '10.0.0.6', '9000', '', '1'],
      ['XA-04', 'Xã D', '', '', '', 'rtp', '', '10.0.0.7', '5004', '', '0'],
    ]);
    expect(text).not.toContain(srt.token);
    expect((await t.fail('stations.exportCsv', { file })).code).toBe('CONFLICT');

    // Read back into a new studio: the same stations (new tokens), an SRT row needing its passphrase.
    const other = await studios.open(path.join(dir, 'other'));
    const refused = await other.fail('stations.importCsv', { csv: text });
    expect(refused.message).toContain('Dòng 4: cụm thu nhận qua SRT cần mật khẩu SRT');
    // Into the same studio: every row an update, nothing changed but the time.
    const before = (await t.call('stations.list', {})).stations;
    expect(await t.call('stations.importCsv', { csv: text })).toEqual({
      added: [],
      updated: ['XA-01', 'XA-02', 'XA-03', 'XA-04'],
      rows: 4,
    });
    const after = (await t.call('stations.list', {})).stations;
    const timeless = (s: (typeof before)[number]) => ({ ...s, updatedAt: '' });
    expect(after.map(timeless)).toEqual(before.map(timeless));

    // A window may write only where its user chose.
    expect((await t.fail('stations.exportCsv', { file: '/etc/cum-thu.csv' })).code).toBe('PATH_NOT_ALLOWED');
  });
});
