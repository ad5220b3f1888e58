/**
 * The airtime report (issue 17) against figures worked out by hand from a fixture broadcast log:
 * entries written through the broadcast log's own writer, programmes made (and one approved)
 * through the router. The report through the router by language, station and subject; the XLSX
 * read back with exceljs; the PDF's text taken out with pdftotext; the command line's JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BroadcastLog } from '../../src-main/broadcast-log/broadcast-log';
import type { AirtimeReport, BroadcastLogEntry } from '../../src-main/contract';
import { runStudioCli } from '../support/cli';
import { addAsset, importAs, S } from '../support/programme';
import { signal } from '../support/signals';
import { openTestStudio, type TestStudio } from '../support/test-studio';

/** This month and the one before, of this PC's calendar (approvals are stamped now). */
const now = new Date();
const monthOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
const MONTH = monthOf(now);
const PREVIOUS = monthOf(new Date(now.getFullYear(), now.getMonth() - 1, 1));
/** A local instant `months` months from this one, on `day` at `hour`. */
const at = (months: number, day: number, hour: number, second = 0) =>
  new Date(now.getFullYear(), now.getMonth() + months, day, hour, 0, second).toISOString();

type Entry = Omit<BroadcastLogEntry, 'id'>;
const entry = (
  fields: Partial<Entry> & Pick<Entry, 'kind' | 'title' | 'spec' | 'actualStart' | 'stations'>,
): Entry => ({
  sha256: null,
  slotId: null,
  scheduledStart: null,
  scheduledEnd: null,
  actualEnd: fields.actualStart,
  startedBy: 'Lịch phát',
  interruptions: [],
  outcome: 'aired',
  note: null,
  ...fields,
});

/**
 * The fixture, with what each entry adds (this month unless said):
 * - Tày news (6 s: jingle 1 s, Vietnamese 2 s, Tày 3 s), XA-01 heard 6 s, XA-02 3 s (cut at half):
 *   vie 2 + 1, tyz 3 + 1.5, no speech 1 + 0.5;
 * - relay, 100 s at each station: the station's default language, Vietnamese: 200;
 * - Mông bulletin (4 s of Mông), XA-02 4 s: hnj 4;
 * - a file, XA-01 10 s: unknown 10;  live speech, XA-01 20 s: vie 20;  a skipped slot: nothing;
 * - last month: the Tày news to XA-01 (6 s: share 3/6); thirteen months ago: a relay (outside).
 * Total 243 s: vie 223, tyz 4.5, hnj 4, no speech 1.5, unknown 10; ethnic share 8.5 / 243.
 */
function writeFixture(log: BroadcastLog, tay: string, hmong: string): void {
  const e = (x: Entry) => log.skipped(x);
  e(
    entry({
      kind: 'programme',
      title: 'Bản tin tiếng Tày',
      spec: `programme:${tay}`,
      actualStart: at(0, 2, 8),
      stations: [
        { code: 'XA-01', seconds: 6 },
        { code: 'XA-02', seconds: 3 },
      ],
    }),
  );
  e(
    entry({
      kind: 'relay',
      title: 'Tiếp sóng VOV1',
      spec: 'url:http://127.0.0.1:9/vov1',
      actualStart: at(0, 2, 9),
      stations: [
        { code: 'XA-01', seconds: 100 },
        { code: 'XA-02', seconds: 100 },
      ],
    }),
  );
  e(
    entry({
      kind: 'programme',
      title: 'Bản tin tiếng Mông',
      spec: `programme:${hmong}`,
      actualStart: at(0, 3, 17),
      stations: [{ code: 'XA-02', seconds: 4 }],
    }),
  );
  e(
    entry({
      kind: 'file',
      title: 'Nhạc hiệu',
      spec: 'file:/srv/nhac-hieu.mp3',
      actualStart: at(0, 3, 18),
      stations: [{ code: 'XA-01', seconds: 10 }],
    }),
  );
  e(
    entry({
      kind: 'live',
      title: 'Thông báo',
      spec: 'mic',
      actualStart: at(0, 4, 6),
      startedBy: 'Nguyễn Văn An',
      stations: [{ code: 'XA-01', seconds: 20 }],
    }),
  );
  e(
    entry({
      kind: 'file',
      title: 'Bỏ qua',
      spec: 'file:/srv/cu.mp3',
      actualStart: at(0, 4, 7),
      stations: [],
      outcome: 'skipped',
    }),
  );
  e(
    entry({
      kind: 'programme',
      title: 'Bản tin tiếng Tày',
      spec: `programme:${tay}`,
      actualStart: at(-1, 10, 8),
      stations: [{ code: 'XA-01', seconds: 6 }],
    }),
  );
  e(
    entry({
      kind: 'relay',
      title: 'Tiếp sóng cũ',
      spec: 'url:http://127.0.0.1:9/vov1',
      actualStart: at(-13, 10, 8),
      stations: [{ code: 'XA-01', seconds: 500 }],
    }),
  );
}

let t: TestStudio;
let dir: string;
let auditHead: string;
let open = false;

async function makeProgrammes(): Promise<{ tay: string; hmong: string }> {
  const f = (name: string) => path.join(dir, name);
  const jingle = await importAs(
    t,
    signal(f('jingle.wav'), { samples: S, tone: { freq: 880, amp: 0.3 } }),
    'Nhạc hiệu',
  );
  const vie = await importAs(
    t,
    signal(f('vie.wav'), { samples: 2 * S, tone: { freq: 300, amp: 0.2 } }),
    'Tin Việt',
    'vie',
  );
  const tyz = await importAs(
    t,
    signal(f('tyz.wav'), { samples: 3 * S, tone: { freq: 350, amp: 0.2 } }),
    'Tin Tày',
    'tyz',
  );
  const hnj = await importAs(
    t,
    signal(f('hnj.wav'), { samples: 4 * S, tone: { freq: 400, amp: 0.2 } }),
    'Tin Mông',
    'hnj',
  );

  let tay = await t.call('programme.create', {
    metadata: {
      title: 'Bản tin tiếng Tày',
      languages: ['vie', 'tyz'],
      subject: 'Nông nghiệp',
      authors: ['Hoàng Thị Mai', 'Lò Văn Páo'],
    },
  });
  tay = (await addAsset(t, tay, 'jingle', jingle, { start: 0 })).p;
  tay = (await addAsset(t, tay, 'voice', vie, { start: S })).p;
  tay = (await addAsset(t, tay, 'voice', tyz)).p;
  expect(tay.analysis).toMatchObject({ durationSec: 6, secondsByLanguage: { vie: 2, tyz: 3 } });
  // Rendered, submitted and approved this month: the report reads the master's own figures.
  const out = f('out');
  await mkdir(out);
  const job = await t.call('programme.render', { id: tay.id, dir: out, formats: ['wav'] });
  expect((await t.studio.services.programme.renders.waitRender(job.id)).error).toBeNull();
  const submitted = await t.call('programme.submit', { id: tay.id });
  await t.call('programme.approve', { id: tay.id, masterSha256: submitted.approval.masterSha256 as string });

  // A draft with no subject, never approved: it aired all the same (a test of the arithmetic only).
  let hmong = await t.call('programme.create', {
    metadata: { title: 'Bản tin tiếng Mông', languages: ['hnj'], authors: ['Lò Văn Páo'] },
  });
  hmong = (await addAsset(t, hmong, 'voice', hnj, { start: 0 })).p;
  return { tay: tay.id, hmong: hmong.id };
}

// One studio for the whole file (the fixture's render and approval are made once).
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'studio-reports-'));
  t = await openTestStudio(path.join(dir, 'data'));
  open = true;
  await t.call('stations.add', { code: 'XA-01', name: 'Xã Na Rì' });
  await t.call('stations.add', { code: 'XA-02', name: 'Xã Côn Minh' });
  const { tay, hmong } = await makeProgrammes();
  writeFixture(t.studio.services.broadcastLog, tay, hmong);
  auditHead = (await t.call('audit.verify', {})).head;
}, 60_000);

afterAll(async () => {
  if (open) await t.studio.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = (r: AirtimeReport) => r.rows.map((x) => [x.key, x.label, x.seconds, x.items]);

describe('the airtime report', () => {
  it('adds up the month by language, with the ethnic share, its trend, the reporters and the audit head', async () => {
    const r = await t.call('report.airtime', { month: MONTH, by: 'language' });
    expect(rows(r)).toEqual([
      ['vie', 'Tiếng Việt', 223, 3],
      ['und', 'Không xác định', 10, 1],
      ['tyz', 'Tiếng Tày', 4.5, 1],
      ['hnj', 'Tiếng Mông', 4, 1],
      ['zxx', 'Không lời', 1.5, 1],
    ]);
    expect(r.totalSeconds).toBe(243);
    expect(r.ethnicShare).toBeCloseTo(8.5 / 243, 6);
    expect(r.trend).toHaveLength(12);
    expect(r.trend[11]).toMatchObject({ month: MONTH, totalSeconds: 243 });
    expect(r.trend[10]).toEqual({ month: PREVIOUS, totalSeconds: 6, ethnicShare: 0.5 });
    expect(r.trend.slice(0, 10).every((m) => m.totalSeconds === 0 && m.ethnicShare === 0)).toBe(true);
    expect(r.programmesByReporter).toEqual([
      { reporter: 'Hoàng Thị Mai', programmes: 1 },
      { reporter: 'Lò Văn Páo', programmes: 1 },
    ]);
    expect(r.auditChainHead).toMatch(/^[0-9a-f]{64}$/);
    expect(r.auditChainHead).toBe(auditHead);
  });

  it('groups by station and by subject', async () => {
    const byStation = await t.call('report.airtime', { month: MONTH, by: 'station' });
    expect(rows(byStation)).toEqual([
      ['XA-01', 'Xã Na Rì', 136, 4],
      ['XA-02', 'Xã Côn Minh', 107, 3],
    ]);
    const bySubject = await t.call('report.airtime', { month: MONTH, by: 'subject' });
    expect(rows(bySubject)).toEqual([
      ['Tiếp sóng', 'Tiếp sóng', 200, 1],
      ['Phát trực tiếp', 'Phát trực tiếp', 20, 1],
      ['Tệp âm thanh', 'Tệp âm thanh', 10, 1],
      ['Nông nghiệp', 'Nông nghiệp', 9, 1],
      ['', 'Không xác định', 4, 1],
    ]);
    // Last month, and a month with nothing aired.
    const last = await t.call('report.airtime', { month: PREVIOUS, by: 'language' });
    expect(rows(last)).toEqual([
      ['tyz', 'Tiếng Tày', 3, 1],
      ['vie', 'Tiếng Việt', 2, 1],
      ['zxx', 'Không lời', 1, 1],
    ]);
    expect(last.programmesByReporter).toEqual([]);
    const empty = await t.call('report.airtime', { month: '2001-01', by: 'station' });
    expect(empty).toMatchObject({ rows: [], totalSeconds: 0, ethnicShare: 0 });
    const wrong = await t.fail('report.airtime', { month: '2026-13' });
    expect(wrong).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(wrong.message).toContain('YYYY-MM');
  });

  it('writes the XLSX, whose figures read back the same', async () => {
    const file = path.join(dir, 'bao-cao.xlsx');
    const written = await t.call('report.export', { month: MONTH, by: 'language', format: 'xlsx', file });
    expect(written).toMatchObject({ file, format: 'xlsx' });
    expect(written.sizeBytes).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const sheet = wb.getWorksheet('Thời lượng');
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const byLabel = new Map(values.map((v) => [v[0], v]));
    expect(byLabel.get('Tiếng Tày')?.slice(1, 6)).toEqual(['tyz', 4.5, 0.001, 4.5 / 243, 1]);
    expect(byLabel.get('Tiếng Việt')?.[2]).toBe(223);
    expect(byLabel.get('Tổng cộng')?.[2]).toBe(243);
    expect(byLabel.get('Tỉ lệ tiếng dân tộc')?.[4]).toBeCloseTo(8.5 / 243, 6);
    expect(byLabel.get('Mã băm đầu chuỗi nhật ký kiểm tra')?.[1]).toBe(auditHead);
    const trend: unknown[][] = [];
    wb.getWorksheet('Xu hướng 12 tháng')?.eachRow((row) => trend.push((row.values as unknown[]).slice(1)));
    expect(trend.slice(-2)).toEqual([
      [PREVIOUS, 6, 0.5],
      [MONTH, 243, expect.closeTo(8.5 / 243, 6)],
    ]);
    // A file that is there is kept unless the caller says to write over it.
    expect((await t.fail('report.export', { month: MONTH, format: 'xlsx', file })).code).toBe('CONFLICT');
  });

  it('prints the PDF with Chromium, the Vietnamese text and the font in it', async () => {
    const file = path.join(dir, 'bao-cao.pdf');
    const written = await t.call('report.export', { month: MONTH, by: 'station', format: 'pdf', file });
    expect(written.format).toBe('pdf');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    const [y, m] = MONTH.split('-');
    expect(text).toContain(`Báo cáo thời lượng phát sóng tháng ${m}/${y}`);
    expect(text).toMatch(/Xã Na Rì\s+0:02:16\s+136\s+56,0%\s+4/);
    expect(text).toMatch(/Xã Côn Minh\s+0:01:47\s+107\s+44,0%\s+3/);
    expect(text).toMatch(/Tổng cộng\s+0:04:03/);
    expect(text).toContain('Tỉ lệ tiếng dân tộc');
    expect(text).toContain('3,5%');
    expect(text).toMatch(/Hoàng Thị Mai\s+1/);
    expect(text.replace(/\s+/g, '')).toContain(auditHead);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/BeVietnamPro/);
  }, 60_000);

  it('answers the command line: JSON the same as the call, and the XLSX written', async () => {
    const expected = await t.call('report.airtime', { month: MONTH, by: 'station' });
    // The command line opens the data folder itself: one studio per folder.
    await t.studio.close();
    open = false;
    const data = path.join(dir, 'data');
    const json = runStudioCli([
      'report',
      'airtime',
      '--month',
      MONTH,
      '--by',
      'station',
      '--format',
      'json',
      '--data',
      data,
    ]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const got = JSON.parse(json.stdout) as AirtimeReport;
    expect({ ...got, generatedAt: '' }).toEqual({ ...expected, generatedAt: '' });
    const out = path.join(dir, 'cli.xlsx');
    const xlsx = runStudioCli([
      'report',
      'airtime',
      '--month',
      MONTH,
      '--format',
      'xlsx',
      '--out',
      out,
      '--data',
      data,
    ]);
    expect(xlsx.code).toBe(0);
    expect(xlsx.stdout).toContain(out);
  }, 90_000);
});
