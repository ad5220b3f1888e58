/**
 * The audit viewer and the monthly report (issue 13): `audit.list` filters and pages entries made
 * by real calls through the real router; `audit.exportCsv` writes a CSV a spreadsheet reads back
 * whole; `audit.monthReport` and `studio audit report` give the chain's head at a month's end, the
 * hash of that month's last line, which changes when an earlier line is rewritten.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { lineHash } from '../../src-main/audit/audit-files';
import { AuditLog } from '../../src-main/audit/audit-log';
import { RECORD_TABLES } from '../../src-main/app/composition/record-tables';
import type { AuditEntry, AuditMonthReport } from '../../src-main/contract';
import { createFileLogger } from '../../src-main/platform/logger';
import { Database } from '../../src-main/store';
import { runStudioCli } from '../support/cli';
import { parseCsv } from '../support/csv';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const GENESIS = '0'.repeat(64);

/** `YYYY-MM-DD` of a date on this machine's calendar. */
const dayOf = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

const COMMENT = 'Trả lại: đoạn "mở đầu" quá dài, bỏ bớt,\nthêm nhạc hiệu ĐÀI';

/**
 * Entries of October and November 2025, written by the log itself with a clock of the test's
 * choosing, in a data folder a studio opens afterwards (what a year of use leaves behind).
 */
async function seedPastMonths(dataDir: string): Promise<void> {
  const database = Database.open(path.join(dataDir, 'db', 'studio.sqlite'), RECORD_TABLES);
  const log = createFileLogger({ dir: path.join(dataDir, 'logs') });
  let clock = new Date(2025, 9, 3, 8, 0);
  const audit = await AuditLog.open({ dataDir, sql: database.sql, log, now: () => clock });
  const at = async (
    d: Date,
    userId: string | null,
    action: string,
    id: string,
    details?: Record<string, unknown>,
  ) => {
    clock = d;
    await audit.append({
      actor: { userId, host: 'electron' },
      action,
      object: { kind: 'programme', id },
      details,
    });
  };
  try {
    await at(new Date(2025, 9, 3, 8, 0), 'lan', 'programme.create', 'p1');
    await at(new Date(2025, 9, 3, 9, 0), 'lan', 'programme.submit', 'p1');
    await at(new Date(2025, 9, 31, 23, 59), 'hung', 'programme.return', 'p1', { comment: COMMENT });
    await at(new Date(2025, 10, 1, 0, 0), 'lan', 'programme.update', 'p1');
    await at(new Date(2025, 10, 2, 7, 30), 'hung', 'programme.approve', 'p1', { emergency: false });
    await at(new Date(2025, 10, 2, 7, 31), null, 'settings.update', 'p1');
  } finally {
    await audit.close();
    database.close();
  }
}

async function logLines(dataDir: string): Promise<Array<{ name: string; lines: string[] }>> {
  const names = (await readdir(path.join(dataDir, 'audit')))
    .filter((n) => /^audit-\d{4}\.jsonl$/.test(n))
    .sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      lines: (await readFile(path.join(dataDir, 'audit', name), 'utf8')).slice(0, -1).split('\n'),
    })),
  );
}

describe('the audit viewer', () => {
  it('lists entries made by real calls newest first, filtered by time, user, action, group, object and text, in pages', async () => {
    const dir = await tempDir();
    const t = await studios.open(path.join(dir, 'data'));
    const assetId = await t.importFile(tone(path.join(dir, 'tin.wav'), { seconds: 1 }), 'Tin nông nghiệp');
    const p = await t.call('programme.create', { metadata: { title: 'Bản tin sáng' } });
    await t.call('programme.update', { id: p.id, metadata: { title: 'Bản tin sáng thứ Hai' } });
    await t.call('library.update', { id: assetId, patch: { title: 'Tin khuyến nông' } });
    await t.call('library.trash', { id: assetId });
    await t.call('library.restore', { id: assetId });
    await t.call('settings.update', { uiLanguage: 'vi' });
    // A signed-in user (as accounts will give): their call is theirs in the log.
    const lan = { host: 'electron' as const, userId: 'lan', roles: ['admin' as const] };
    expect(
      (await t.studio.router.call('programme.update', { id: p.id, metadata: { date: null } }, lan)).ok,
    ).toBe(true);

    const all = await t.call('audit.list', {});
    expect(all.total).toBe(7);
    // Everyone in the log, for the viewer's choice of user (the local admin sorts first: no name).
    expect(all.users).toEqual([
      { userId: null, userName: null },
      { userId: 'lan', userName: null },
    ]);
    expect((await t.call('audit.list', { userId: 'lan' })).users).toHaveLength(2);
    expect(all.entries.map((e) => [e.seq, e.action, e.group, e.userId])).toEqual([
      [7, 'programme.update', 'programme', 'lan'],
      [6, 'settings.update', 'system', null],
      [5, 'library.restore', 'library', null],
      [4, 'library.trash', 'library', null],
      [3, 'library.update', 'library', null],
      [2, 'programme.update', 'programme', null],
      [1, 'programme.create', 'programme', null],
    ]);
    // Titles as they are today; prev is the hash of the line before.
    expect(all.entries[0]).toMatchObject({
      objectKind: 'programme',
      objectId: p.id,
      objectTitle: 'Bản tin sáng thứ Hai',
    });
    expect(all.entries[2]).toMatchObject({
      objectKind: 'asset',
      objectId: assetId,
      objectTitle: 'Tin khuyến nông',
    });
    const [file] = await logLines(t.dataDir);
    const lines = (file as { lines: string[] }).lines;
    expect(all.entries.map((e) => e.sha256)).toEqual(lines.map((l) => lineHash(l)).reverse());
    expect(all.entries.map((e) => e.prev)).toEqual(
      [GENESIS, ...lines.slice(0, -1).map((l) => lineHash(l))].reverse(),
    );

    // Pages: newest first, the total each time.
    const pages = [];
    for (let offset = 0; offset < 7; offset += 3)
      pages.push(await t.call('audit.list', { offset, limit: 3 }));
    expect(pages.map((pg) => pg.entries.length)).toEqual([3, 3, 1]);
    expect(pages.every((pg) => pg.total === 7)).toBe(true);
    expect(pages.flatMap((pg) => pg.entries.map((e) => e.seq))).toEqual([7, 6, 5, 4, 3, 2, 1]);

    const seqs = async (filter: Parameters<typeof t.call<'audit.list'>>[1]) => {
      const page = await t.call('audit.list', filter);
      expect(page.total).toBe(page.entries.length);
      return page.entries.map((e) => e.seq);
    };
    expect(await seqs({ group: 'library' })).toEqual([5, 4, 3]);
    expect(await seqs({ group: 'programme' })).toEqual([7, 2, 1]);
    expect(await seqs({ group: 'system' })).toEqual([6]);
    expect(await seqs({ group: 'approval' })).toEqual([]);
    expect(await seqs({ action: 'programme.update' })).toEqual([7, 2]);
    expect(await seqs({ action: 'programme.update', group: 'library' })).toEqual([]);
    expect(await seqs({ userId: 'lan' })).toEqual([7]);
    expect(await seqs({ userId: null })).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await seqs({ objectId: assetId })).toEqual([5, 4, 3]);
    expect(await seqs({ text: 'TRASH' })).toEqual([4]);
    expect(await seqs({ text: assetId.slice(10, 20) })).toEqual([5, 4, 3]);
    // A LIKE wildcard typed by the user is only a character.
    expect(await seqs({ text: '%' })).toEqual([]);
    const today = dayOf(new Date());
    const yesterday = dayOf(new Date(Date.now() - 86_400_000));
    const tomorrow = dayOf(new Date(Date.now() + 86_400_000));
    expect(await seqs({ from: today, to: today })).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(await seqs({ from: tomorrow })).toEqual([]);
    expect(await seqs({ to: yesterday })).toEqual([]);
    expect(await seqs({ from: yesterday, userId: 'lan', group: 'programme' })).toEqual([7]);

    // Reading the log changes nothing, so it is not itself logged.
    expect((await t.call('audit.list', {})).total).toBe(7);
    expect((await t.fail('audit.list', { from: '2026-13-01' })).code).toBe('INVALID_REQUEST');
  });

  it('names users as people know them, and a user acted on by the name an admin types', async () => {
    const t = await studios.open(path.join(await tempDir(), 'data'));
    const admin = await t.call('auth.setup', {
      name: 'quantri',
      displayName: 'Quản trị viên',
      password: 'mật khẩu quản trị',
    });
    const lan = await t.call('users.add', {
      name: 'lan',
      displayName: 'Nguyễn Thị Lan',
      roles: ['reporter'],
      password: 'phóng viên Lan 01',
    });
    const window = await t.signIn('lan', 'phóng viên Lan 01');
    await window.call('auth.signOut', {});

    const page = await t.call('audit.list', {});
    expect(page.entries.map((e) => [e.action, e.userName, e.objectKind, e.objectTitle])).toEqual([
      ['auth.signOut', 'Nguyễn Thị Lan', 'user', 'lan'],
      ['auth.signIn', 'Nguyễn Thị Lan', 'user', 'lan'],
      ['users.add', 'Quản trị viên', 'user', 'lan'],
      ['auth.setup', 'Quản trị viên', 'user', 'quantri'],
    ]);
    expect(page.users).toEqual([
      { userId: lan.id, userName: 'Nguyễn Thị Lan' },
      { userId: admin.session.user?.id, userName: 'Quản trị viên' },
    ]);
  });

  it('writes the matching entries as CSV (UTF-8 with BOM, escaped), oldest first, only where the caller may write', async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    await seedPastMonths(dataDir);
    const t = await studios.open(dataDir);
    const p = await t.call('programme.create', { metadata: { title: 'Chương trình "Nông thôn mới", số 1' } });
    const csvFile = path.join(dir, 'nhat-ky.csv');

    const result = await t.call('audit.exportCsv', { file: csvFile });
    expect(result).toMatchObject({ file: csvFile, rows: 7 });
    const bytes = await readFile(csvFile);
    expect(result.sizeBytes).toBe(bytes.length);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual([
      'Số thứ tự',
      'Thời điểm (UTC)',
      'Người dùng',
      'Máy',
      'Hành động',
      'Đối tượng',
      'Chi tiết',
      'Mã băm dòng trước',
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const lines = (await logLines(dataDir)).flatMap((f) => f.lines);
    const entries = lines.map((l) => JSON.parse(l) as AuditEntry);
    // Each row says what its line says.
    for (const [i, row] of rows.slice(1).entries()) {
      const e = entries[i] as AuditEntry;
      expect(row[1]).toBe(e.at);
      expect(row[3]).toBe(e.actor.host);
      expect(row[4]).toBe(e.action);
      expect(row[7]).toBe(e.prev);
      expect(row[6]).toBe(e.details ? JSON.stringify(e.details) : '');
    }
    // Quotes, commas and a line break inside a field come back whole; Vietnamese intact.
    expect(JSON.parse(rows[3]?.[6] as string)).toEqual({ comment: COMMENT });
    expect(rows[7]?.[5]).toBe(`programme:${p.id} “Chương trình "Nông thôn mới", số 1”`);
    expect(rows[7]?.[2]).toBe('Quản trị (máy này)');
    expect(rows[1]?.[2]).toBe('lan');

    // A filter narrows the file as it narrows the list.
    const returned = path.join(dir, 'tra-lai.csv');
    expect(
      await t.call('audit.exportCsv', { file: returned, filter: { group: 'approval', userId: 'hung' } }),
    ).toMatchObject({
      rows: 2,
    });
    expect(parseCsv((await readFile(returned, 'utf8')).slice(1)).map((r) => r[4])).toEqual([
      'Hành động',
      'programme.return',
      'programme.approve',
    ]);

    // A file that is there is kept unless the user agreed to replace it.
    expect((await t.fail('audit.exportCsv', { file: returned })).code).toBe('CONFLICT');
    expect(await t.call('audit.exportCsv', { file: returned, overwrite: true })).toMatchObject({ rows: 7 });
    // A window may not write outside the folders its user chose.
    expect((await t.fail('audit.exportCsv', { file: '/etc/nhat-ky.csv' })).code).toBe('PATH_NOT_ALLOWED');
    expect((await readdir(dir)).filter((n) => n.endsWith('.part'))).toEqual([]);
  });
});

describe("the index's details", () => {
  it('are checked by verify like the other columns', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    await seedPastMonths(dataDir);
    expect(runStudioCli(['audit', 'verify', '--json', '--data', dataDir]).code).toBe(0);
    const db = new BetterSqlite3(path.join(dataDir, 'db', 'studio.sqlite'));
    try {
      expect(db.prepare('SELECT details FROM audit_entries WHERE seq = 3').get()).toEqual({
        details: JSON.stringify({ comment: COMMENT }),
      });
      db.prepare('UPDATE audit_entries SET details = ? WHERE seq = 3').run(
        JSON.stringify({ comment: 'Được' }),
      );
    } finally {
      db.close();
    }
    const r = runStudioCli(['audit', 'verify', '--json', '--data', dataDir]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      entries: 2,
      firstProblem: { line: 3, kind: 'index-differs' },
    });
  });
});

describe('the monthly report', () => {
  it("gives each month's entries by group and user, and the chain's head at its end; a rewritten past changes the head", async () => {
    const dir = await tempDir();
    const dataDir = path.join(dir, 'data');
    await seedPastMonths(dataDir);
    const lines = (await logLines(dataDir)).flatMap((f) => f.lines);
    expect(lines).toHaveLength(6);

    let t = await studios.open(dataDir);
    await t.call('programme.create', { metadata: { title: 'Tháng này' } });
    const october = await t.call('audit.monthReport', { month: '2025-10' });
    expect(october).toMatchObject({
      month: '2025-10',
      from: new Date(2025, 9, 1).toISOString(),
      to: new Date(2025, 10, 1).toISOString(),
      entries: 3,
      chain: { ok: true, entries: 7 },
      head: { seq: 3, sha256: lineHash(lines[2] as string), at: new Date(2025, 9, 31, 23, 59).toISOString() },
    });
    expect(october.byGroup).toEqual([
      { group: 'library', count: 0 },
      { group: 'edit', count: 0 },
      { group: 'programme', count: 1 },
      { group: 'approval', count: 2 },
      { group: 'publish', count: 0 },
      { group: 'live', count: 0 },
      { group: 'system', count: 0 },
      { group: 'accounts', count: 0 },
    ]);
    expect(october.byUser).toEqual([
      { userId: 'lan', userName: null, count: 2 },
      { userId: 'hung', userName: null, count: 1 },
    ]);
    const november = await t.call('audit.monthReport', { month: '2025-11' });
    expect(november).toMatchObject({ entries: 3, head: { seq: 6, sha256: lineHash(lines[5] as string) } });
    expect(november.byUser.map((u) => [u.userId, u.count])).toEqual([
      ['hung', 1],
      ['lan', 1],
      [null, 1],
    ]);
    // Before the first entry: the head of an empty chain.
    expect(await t.call('audit.monthReport', { month: '2025-09' })).toMatchObject({
      entries: 0,
      head: { seq: 0, sha256: GENESIS, at: null },
    });
    await studios.closeAll();

    // The CLI prints the same report.
    const cli = runStudioCli(['audit', 'report', '--month', '2025-10', '--json', '--data', dataDir]);
    expect(cli.code, cli.stderr).toBe(0);
    expect((JSON.parse(cli.stdout) as AuditMonthReport).head).toEqual(october.head);
    const human = runStudioCli(['audit', 'report', '--month', '2025-10', '--data', dataDir]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('Báo cáo nhật ký kiểm tra tháng 10/2025: 3 mục.');
    expect(human.stdout).toContain(`SHA-256: ${lineHash(lines[2] as string)}`);
    expect(human.stdout).toContain('Duyệt');
    expect(runStudioCli(['audit', 'report', '--month', '2025-13', '--data', dataDir]).code).toBe(2);

    // One past line altered: the chain no longer verifies, and November's head cannot be vouched for.
    const [y2025] = await logLines(dataDir);
    const file2025 = path.join(dataDir, 'audit', (y2025 as { name: string }).name);
    const original = await readFile(file2025, 'utf8');
    const altered = [...lines.slice(0, 6)];
    altered[1] = (altered[1] as string).replace('"lan"', '"lam"');
    await writeFile(file2025, `${altered.join('\n')}\n`);
    const broken = runStudioCli(['audit', 'report', '--month', '2025-11', '--json', '--data', dataDir]);
    expect(broken.code).toBe(1);
    const brokenReport = JSON.parse(broken.stdout) as AuditMonthReport;
    expect(brokenReport.chain).toMatchObject({ ok: false, firstProblem: { line: 2 } });
    expect(brokenReport.head).toBeNull();
    expect(runStudioCli(['audit', 'report', '--month', '2025-11', '--data', dataDir]).stdout).toContain(
      'CHUỖI NHẬT KÝ ĐÃ BỊ THAY ĐỔI',
    );

    // The same line altered by someone who also re-chains every later line and rewrites the index:
    // the chain verifies again, but the head at October's end is not the one kept.
    const rechained: string[] = [];
    let prev = GENESIS;
    const db = new BetterSqlite3(path.join(dataDir, 'db', 'studio.sqlite'));
    try {
      for (const [i, line] of altered.entries()) {
        const entry = JSON.parse(line) as AuditEntry;
        const rewritten = JSON.stringify({ ...entry, prev });
        rechained.push(rewritten);
        prev = lineHash(rewritten);
        db.prepare('UPDATE audit_entries SET user_id = ?, sha256 = ? WHERE seq = ?').run(
          entry.actor.userId,
          prev,
          i + 1,
        );
      }
      // The entry of this month chains to the last line of 2025.
      const rest = (await logLines(dataDir)).slice(1);
      for (const f of rest) {
        const entries = f.lines.map((l) => JSON.parse(l) as AuditEntry);
        const out = entries.map((e) => {
          const line = JSON.stringify({ ...e, prev });
          prev = lineHash(line);
          db.prepare('UPDATE audit_entries SET sha256 = ? WHERE seq = ?').run(prev, e.seq);
          return line;
        });
        await writeFile(path.join(dataDir, 'audit', f.name), `${out.join('\n')}\n`);
      }
    } finally {
      db.close();
    }
    await writeFile(file2025, `${rechained.join('\n')}\n`);
    t = await studios.open(dataDir);
    const forged = await t.call('audit.monthReport', { month: '2025-10' });
    expect(forged.chain.ok).toBe(true);
    expect(forged.head?.seq).toBe(3);
    expect(forged.head?.sha256).not.toBe(october.head?.sha256);
    expect(forged.head?.sha256).toBe(lineHash(rechained[2] as string));
    expect(original).not.toBe(`${rechained.join('\n')}\n`);
  }, 120_000);
});
