/**
 * The broadcast log (nhật ký phát sóng): entries written through the sink as the schedule's runner
 * writes them, read back through the real router (`broadcastLog.list`, `broadcastLog.export`) and
 * the real command line (`studio broadcast-log`), the CSV as Excel reads it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BroadcastLogEntry, BroadcastLogList } from '../../src-main/contract';
import type { BroadcastLog } from '../../src-main/broadcast-log/broadcast-log';
import { runStudioCli } from '../support/cli';
import { parseCsv } from '../support/csv';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

/** An instant of this PC's calendar (days in the filters are local days). */
const at = (day: number, h: number, m = 0, s = 0) => new Date(2026, 11, day, h, m, s).toISOString();

const SHA = 'ab'.repeat(32);

/** A morning: a scheduled programme interrupted by an emergency to one station, a skipped slot, a relay still on air. */
function writeMorning(log: BroadcastLog): {
  news: string;
  emergency: string;
  skipped: string;
  relay: string;
} {
  const news = log.begin({
    kind: 'programme',
    title: 'Bản tin sáng',
    spec: 'programme:p1',
    sha256: SHA,
    slotId: 'slot-1',
    scheduledStart: at(7, 6),
    scheduledEnd: at(7, 6, 30),
    actualStart: at(7, 6, 0, 0),
    startedBy: 'Lịch phát',
    stations: [],
  });
  const emergency = log.begin({
    kind: 'emergency',
    title: 'Cảnh báo bão số 9',
    spec: 'file:/tmp/bao-so-9.wav',
    sha256: 'cd'.repeat(32),
    slotId: null,
    scheduledStart: null,
    scheduledEnd: null,
    actualStart: at(7, 6, 10),
    startedBy: 'Nguyễn Văn An',
    stations: [{ code: 'XA-02', seconds: 0 }],
  });
  log.received(emergency, [{ code: 'XA-02', seconds: 120 }]);
  log.end(emergency, at(7, 6, 12), 'aired');
  log.interrupt(news, { at: at(7, 6, 10), seconds: 120, reason: 'Bị phát khẩn cấp chen ngang' });
  log.received(news, [
    { code: 'XA-01', seconds: 1800 },
    { code: 'XA-02', seconds: 1680 },
  ]);
  log.end(news, at(7, 6, 30), 'aired');
  const skipped = log.skipped({
    kind: 'file',
    title: 'Nhạc hiệu, "phiên bản cũ"',
    spec: 'file:/srv/nhac-hieu.mp3',
    sha256: SHA,
    slotId: 'slot-2',
    scheduledStart: at(8, 17),
    scheduledEnd: at(8, 17, 5),
    actualStart: at(8, 17),
    actualEnd: at(8, 17),
    startedBy: 'Lịch phát',
    stations: [],
    interruptions: [],
    outcome: 'skipped',
    note: 'Tệp đã thay đổi sau khi xếp lịch (mã băm không khớp).',
  });
  const relay = log.begin({
    kind: 'relay',
    title: 'Tiếp sóng VOV1',
    spec: 'url:http://127.0.0.1:9/vov1',
    sha256: null,
    slotId: 'slot-3',
    scheduledStart: at(9, 19),
    scheduledEnd: at(9, 20),
    actualStart: at(9, 19),
    startedBy: 'Lịch phát',
    stations: [{ code: 'XA-01', seconds: 0 }],
  });
  return { news, emergency, skipped, relay };
}

describe('broadcast log', () => {
  it('keeps what the writer reported and lists it by days and station through the router', async () => {
    const t = await studios.open(path.join(await tempDir(), 'data'));
    const ids = writeMorning(t.studio.services.broadcastLog);

    const all = await t.call('broadcastLog.list', {});
    expect(all.total).toBe(4);
    expect(all.entries.map((e) => e.id)).toEqual([ids.news, ids.emergency, ids.skipped, ids.relay]);
    const news = all.entries[0] as BroadcastLogEntry;
    expect(news).toMatchObject({
      kind: 'programme',
      sha256: SHA,
      actualStart: at(7, 6),
      actualEnd: at(7, 6, 30),
      outcome: 'aired',
      note: null,
      stations: [
        { code: 'XA-01', seconds: 1800 },
        { code: 'XA-02', seconds: 1680 },
      ],
      interruptions: [{ at: at(7, 6, 10), seconds: 120, reason: 'Bị phát khẩn cấp chen ngang' }],
    });
    expect(all.entries[3]).toMatchObject({ actualEnd: null, outcome: null });
    expect(t.events.filter((e) => e.event === 'broadcastLog.changed').length).toBeGreaterThanOrEqual(4);

    // A day is this PC's calendar day, `to` included whole; the relay still on air counts after its start.
    const day7 = await t.call('broadcastLog.list', { from: '2026-12-07', to: '2026-12-07' });
    expect(day7.entries.map((e) => e.id)).toEqual([ids.news, ids.emergency]);
    const since8 = await t.call('broadcastLog.list', { from: '2026-12-08' });
    expect(since8.entries.map((e) => e.id)).toEqual([ids.skipped, ids.relay]);
    const later = await t.call('broadcastLog.list', { from: '2026-12-20' });
    expect(later.entries.map((e) => e.id)).toEqual([ids.relay]);
    // A station: only what it heard (codes as typed, in any case).
    const xa02 = await t.call('broadcastLog.list', { station: 'xa-02' });
    expect(xa02.entries.map((e) => e.id)).toEqual([ids.news, ids.emergency]);
    // A limit cuts the page, not the total.
    const first = await t.call('broadcastLog.list', { limit: 1 });
    expect(first).toMatchObject({ total: 4, entries: [{ id: ids.news }] });

    const wrong = await t.fail('broadcastLog.list', { from: '07/12/2026' });
    expect(wrong.code).toBe('INVALID_REQUEST');
    expect(wrong.message).toContain('YYYY-MM-DD');
    expect(() => t.studio.services.broadcastLog.end('khong-co', at(7, 7), 'aired')).toThrow(
      /Không có mục nhật ký phát sóng/,
    );
  });

  it('exports CSV for Excel: BOM, Vietnamese headers, a row per entry and station', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const ids = writeMorning(t.studio.services.broadcastLog);
    const file = path.join(dir, 'nhat-ky.csv');

    const written = await t.call('broadcastLog.export', { file, filter: { to: '2026-12-08' } });
    expect(written).toMatchObject({ file, rows: 4 });
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(written.sizeBytes).toBe(bytes.length);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header?.slice(0, 8)).toEqual([
      'Bắt đầu thực tế (UTC)',
      'Kết thúc thực tế (UTC)',
      'Loại',
      'Tên',
      'Nguồn',
      'Mã băm SHA-256',
      'Cụm thu',
      'Số giây cụm thu nghe được',
    ]);
    const col = (name: string) => (header as string[]).indexOf(name);
    expect(
      rows.map((r) => [r[col('Mã mục')], r[col('Cụm thu')], r[col('Số giây cụm thu nghe được')]]),
    ).toEqual([
      [ids.news, 'XA-01', '1800'],
      [ids.news, 'XA-02', '1680'],
      [ids.emergency, 'XA-02', '120'],
      [ids.skipped, '', ''],
    ]);
    const news = rows[0] as string[];
    expect(news[col('Loại')]).toBe('Chương trình');
    expect(news[col('Kết quả')]).toBe('Đã phát');
    expect(news[col('Gián đoạn')]).toBe(`${at(7, 6, 10)} (120 giây): Bị phát khẩn cấp chen ngang`);
    const skipped = rows[3] as string[];
    expect(skipped[col('Tên')]).toBe('Nhạc hiệu, "phiên bản cũ"');
    expect(skipped[col('Kết quả')]).toBe('Bỏ qua');
    expect(skipped[col('Ghi chú')]).toContain('mã băm không khớp');

    // One station's rows only; a file that is there is kept unless the caller says to write over it.
    const refused = await t.fail('broadcastLog.export', { file, filter: { station: 'XA-01' } });
    expect(refused.code).toBe('CONFLICT');
    const again = await t.call('broadcastLog.export', {
      file,
      filter: { station: 'XA-01' },
      overwrite: true,
    });
    expect(again.rows).toBe(2);
  });

  it('`studio broadcast-log` prints the log, as JSON or text, and writes the CSV', async () => {
    const dir = await tempDir();
    const data = path.join(dir, 'data');
    const t = await studios.open(data);
    const ids = writeMorning(t.studio.services.broadcastLog);
    await studios.closeAll();

    const json = runStudioCli([
      'broadcast-log',
      '--from',
      '2026-12-07',
      '--station',
      'XA-02',
      '--json',
      '--data',
      data,
    ]);
    expect(json.code, json.stderr).toBe(0);
    const list = JSON.parse(json.stdout) as BroadcastLogList;
    expect(list.total).toBe(2);
    expect(list.entries.map((e) => [e.id, e.title, e.startedBy])).toEqual([
      [ids.news, 'Bản tin sáng', 'Lịch phát'],
      [ids.emergency, 'Cảnh báo bão số 9', 'Nguyễn Văn An'],
    ]);

    const text = runStudioCli(['broadcast-log', '--to', '2026-12-08', '--data', data]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Bản tin sáng (programme:p1)  [đã phát]');
    expect(text.stdout).toContain('Cụm thu: XA-01 1800 giây, XA-02 1680 giây.');
    expect(text.stdout).toContain('Gián đoạn');
    expect(text.stdout).toContain('[bỏ qua]');
    expect(text.stdout).toContain('3 mục.');

    const file = path.join(dir, 'xuat.csv');
    const csv = runStudioCli(['broadcast-log', '--csv', file, '--force', '--json', '--data', data]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(JSON.parse(csv.stdout)).toMatchObject({ file, rows: 5 });
    expect((await readFile(file, 'utf8')).split('\r\n')[1]).toContain('Bản tin sáng');
  });
});
