/**
 * The tamper-evident audit log (issue 13): changes made through the real router are recorded with
 * who, what and which object, in a chain of SHA-256 hashes across real year files, indexed in the
 * real database; `studio audit verify` finds the first line altered, removed or moved, and an index
 * that no longer agrees.
 */
import { cp, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/audit/audit-log';
import { auditTables } from '../../src-main/audit/audit-tables';
import { lineHash } from '../../src-main/audit/audit-files';
import type { AuditEntry, AuditVerifyReport } from '../../src-main/contract';
import { createFileLogger } from '../../src-main/platform/logger';
import { Database } from '../../src-main/store';
import { runStudioCli } from '../support/cli';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios, type TestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();
const GENESIS = '0'.repeat(64);

/** The one year file a test's entries went to (they are all made now), and its lines. */
async function theLog(dataDir: string): Promise<{ name: string; file: string; lines: string[] }> {
  const names = (await readdir(path.join(dataDir, 'audit'))).filter((n) => /^audit-\d{4}\.jsonl$/.test(n));
  expect(names).toHaveLength(1);
  const name = names[0] as string;
  const file = path.join(dataDir, 'audit', name);
  const text = await readFile(file, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return { name, file, lines: text.slice(0, -1).split('\n') };
}

const entriesOf = (lines: string[]) => lines.map((l) => JSON.parse(l) as AuditEntry);

/** Five recorded changes: a programme created and renamed, an asset renamed, trashed and restored. */
async function fiveChanges(t: TestStudio): Promise<{ programmeId: string; assetId: string }> {
  const inputs = await tempDir();
  const assetId = await t.importFile(tone(path.join(inputs, 'ban-tin.wav'), { seconds: 1 }), 'Bản tin');
  const p = await t.call('programme.create', { metadata: { title: 'Thời sự sáng' } });
  await t.call('programme.update', { id: p.id, metadata: { title: 'Thời sự sáng thứ Hai' } });
  await t.call('library.update', { id: assetId, patch: { title: 'Bản tin sáng' } });
  await t.call('library.trash', { id: assetId });
  await t.call('library.restore', { id: assetId });
  return { programmeId: p.id, assetId };
}

const verifyCli = (dataDir: string) => {
  const r = runStudioCli(['audit', 'verify', '--json', '--data', dataDir]);
  return { code: r.code, report: JSON.parse(r.stdout) as AuditVerifyReport, stderr: r.stderr };
};

describe('the audit log', () => {
  it('records every change made through the router, with who, what and which object, and nothing else', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const t = await studios.open(dataDir);
    const { programmeId, assetId } = await fiveChanges(t);
    // Reads and failed calls change nothing and are not recorded.
    await t.call('library.get', { id: assetId });
    await t.call('programme.list', {});
    expect((await t.fail('library.update', { id: 'f'.repeat(64), patch: { title: 'x' } })).code).toBe(
      'NOT_FOUND',
    );
    // A caller with a name (as the workflow's logged-in users will be).
    const lan = { host: 'electron' as const, userId: 'lan', roles: ['admin' as const] };
    const reply = await t.studio.router.call('programme.trash', { id: programmeId }, lan);
    expect(reply.ok).toBe(true);

    const { lines } = await theLog(dataDir);
    const entries = entriesOf(lines);
    expect(entries.map((e) => [e.seq, e.action, e.object, e.actor])).toEqual([
      [1, 'programme.create', { kind: 'programme', id: programmeId }, { userId: null, host: 'web' }],
      [2, 'programme.update', { kind: 'programme', id: programmeId }, { userId: null, host: 'web' }],
      [3, 'library.update', { kind: 'asset', id: assetId }, { userId: null, host: 'web' }],
      [4, 'library.trash', { kind: 'asset', id: assetId }, { userId: null, host: 'web' }],
      [5, 'library.restore', { kind: 'asset', id: assetId }, { userId: null, host: 'web' }],
      [6, 'programme.trash', { kind: 'programme', id: programmeId }, { userId: 'lan', host: 'electron' }],
    ]);
    // Each entry holds the hash of the line before it; the first, 64 zeros.
    expect(entries.map((e) => e.prev)).toEqual([GENESIS, ...lines.slice(0, -1).map((l) => lineHash(l))]);
    for (const e of entries) expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 60_000);

    const report = await t.call('audit.verify', {});
    expect(report).toEqual({ ok: true, entries: 6, head: lineHash(lines[5] as string), firstProblem: null });
  });

  it('finds the first line altered, removed or moved, and an index that no longer agrees (studio audit verify)', async () => {
    const original = path.join(await tempDir(), 'data');
    const t = await studios.open(original);
    await fiveChanges(t);
    await studios.closeAll();
    const { name } = await theLog(original);
    const at = (line: number) => ({ file: `audit/${name}`, line });

    const intact = verifyCli(original);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.report).toMatchObject({ ok: true, entries: 5, firstProblem: null });

    /** A copy of the data folder, changed by `tamper`, and what verify says of it. */
    const tampered = async (
      tamper: (log: { file: string; lines: string[] }, db: BetterSqlite3.Database) => Promise<void> | void,
    ) => {
      const dataDir = path.join(await tempDir(), 'data');
      await cp(original, dataDir, { recursive: true });
      const log = await theLog(dataDir);
      const db = new BetterSqlite3(path.join(dataDir, 'db', 'studio.sqlite'));
      try {
        await tamper(log, db);
      } finally {
        db.close();
      }
      const r = verifyCli(dataDir);
      expect(r.code, r.stderr).toBe(1);
      expect(r.report.ok).toBe(false);
      return r.report;
    };
    const rewrite = (file: string, lines: string[]) => writeFile(file, `${lines.join('\n')}\n`);

    // One byte of a middle line: its action, still valid JSON; the index has the line's hash.
    const altered = await tampered(({ file, lines }) => {
      lines[2] = (lines[2] as string).replace('library.update', 'library.updatE');
      return rewrite(file, lines);
    });
    expect(altered.firstProblem).toMatchObject({ ...at(3), kind: 'index-differs' });
    expect(altered.entries).toBe(2);

    // One byte that breaks the line.
    const broken = await tampered(({ file, lines }) => {
      lines[1] = (lines[1] as string).replace('{', '[');
      return rewrite(file, lines);
    });
    expect(broken.firstProblem).toMatchObject({ ...at(2), kind: 'unreadable' });

    // A line removed from the middle, and the last line removed.
    const removed = await tampered(({ file, lines }) =>
      rewrite(
        file,
        lines.filter((_, i) => i !== 2),
      ),
    );
    expect(removed.firstProblem).toMatchObject({ ...at(3), kind: 'seq' });
    const lastRemoved = await tampered(({ file, lines }) => rewrite(file, lines.slice(0, -1)));
    expect(lastRemoved.firstProblem).toMatchObject({ ...at(5), kind: 'index-extra' });
    expect(lastRemoved.entries).toBe(4);

    // Two lines swapped.
    const swapped = await tampered(({ file, lines }) => {
      [lines[1], lines[2]] = [lines[2] as string, lines[1] as string];
      return rewrite(file, lines);
    });
    expect(swapped.firstProblem).toMatchObject({ ...at(2), kind: 'seq' });

    // A line altered and renumbered, its index row made to match: the next line's `prev` tells.
    const rechained = await tampered(({ file, lines }, db) => {
      lines[2] = (lines[2] as string).replace('library.update', 'library.updatE');
      db.prepare('UPDATE audit_entries SET action = ?, sha256 = ? WHERE seq = 3').run(
        'library.updatE',
        lineHash(lines[2] as string),
      );
      return rewrite(file, lines);
    });
    expect(rechained.firstProblem).toMatchObject({ ...at(4), kind: 'prev' });

    // The index: the end cut off, a row of the middle deleted, a row changed.
    const cut = await tampered(
      (_log, db) => void db.prepare('DELETE FROM audit_entries WHERE seq >= 3').run(),
    );
    expect(cut.firstProblem).toMatchObject({ ...at(3), kind: 'index-missing' });
    const holed = await tampered(
      (_log, db) => void db.prepare('DELETE FROM audit_entries WHERE seq = 2').run(),
    );
    expect(holed.firstProblem).toMatchObject({ ...at(2), kind: 'index-missing' });
    const edited = await tampered(
      (_log, db) => void db.prepare("UPDATE audit_entries SET user_id = 'ai-do' WHERE seq = 4").run(),
    );
    expect(edited.firstProblem).toMatchObject({ ...at(4), kind: 'index-differs' });

    // The human output names the file and the line, in Vietnamese.
    const human = runStudioCli(['audit', 'verify', '--data', original]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Nhật ký kiểm tra còn nguyên vẹn: 5 mục.');
  }, 240_000);

  it('continues the chain after a restart, after a crash before the index, and past an unfinished last line', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    let t = await studios.open(dataDir);
    const p = await t.call('programme.create', {});
    await t.call('programme.update', { id: p.id, metadata: { title: 'Chuyên mục nông nghiệp' } });
    await studios.closeAll();

    // A crash after the line was on disk, before its index row: the row is added at the next start.
    const db = new BetterSqlite3(path.join(dataDir, 'db', 'studio.sqlite'));
    db.prepare('DELETE FROM audit_entries WHERE seq = 2').run();
    db.close();
    // A crash in the middle of writing a line: its bytes are set aside, the file cut back.
    const { file, lines } = await theLog(dataDir);
    await appendFile(file, '{"seq":3,"at":"2026-');

    t = await studios.open(dataDir);
    await t.call('programme.update', { id: p.id, metadata: { title: 'Chuyên mục khuyến nông' } });
    const after = await theLog(dataDir);
    expect(after.lines.slice(0, 2)).toEqual(lines);
    const third = entriesOf(after.lines)[2] as AuditEntry;
    expect(third).toMatchObject({ seq: 3, action: 'programme.update', prev: lineHash(lines[1] as string) });
    const torn = await readdir(path.join(dataDir, 'audit', 'torn'));
    expect(torn).toHaveLength(1);
    expect(await readFile(path.join(dataDir, 'audit', 'torn', torn[0] as string), 'utf8')).toBe(
      '{"seq":3,"at":"2026-',
    );
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true, entries: 3 });
    const studioLog = await readFile(path.join(dataDir, 'logs', 'studio.log'), 'utf8');
    expect(studioLog).toContain('The last audit entry was on disk but not in the index');
    expect(studioLog).toContain('An unfinished last line of the audit log was set aside');
  });

  it('refuses changes it cannot record, says so, and records again once it can', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const t = await studios.open(dataDir);
    // Nothing written yet: the first entry creates the year file. A file where the folder was stops it.
    await rm(path.join(dataDir, 'audit'), { recursive: true });
    await writeFile(path.join(dataDir, 'audit'), 'không phải thư mục');

    const unrecorded = await t.fail('programme.create', { metadata: { title: 'Không ghi được' } });
    expect(unrecorded.code).toBe('AUDIT_UNAVAILABLE');
    expect(unrecorded.message).toContain('đã được thực hiện nhưng');
    expect(await t.call('programme.list', {})).toHaveLength(1);
    // The log is broken: the next change is refused before it is made.
    const refused = await t.fail('programme.create', { metadata: { title: 'Bị từ chối' } });
    expect(refused.code).toBe('AUDIT_UNAVAILABLE');
    expect(await t.call('programme.list', {})).toHaveLength(1);
    // Reads go on.
    expect((await t.call('library.list', {})).total).toBe(0);

    await rm(path.join(dataDir, 'audit'));
    const p = await t.call('programme.create', { metadata: { title: 'Ghi được rồi' } });
    const { lines } = await theLog(dataDir);
    expect(entriesOf(lines)).toMatchObject([{ seq: 1, action: 'programme.create', object: { id: p.id } }]);
    expect(await t.call('audit.verify', {})).toMatchObject({ ok: true, entries: 1 });
    const studioLog = await readFile(path.join(dataDir, 'logs', 'studio.log'), 'utf8');
    expect(studioLog).toContain('A change was made but not recorded in the audit log (programme.create)');
    expect(studioLog).toContain('A change was refused: the audit log cannot be written');
  });

  it('chains across year files, never writes into an earlier year, and finds a line missing across them', async () => {
    const dataDir = await tempDir();
    const database = Database.open(path.join(dataDir, 'db', 'studio.sqlite'), [auditTables]);
    const log = createFileLogger({ dir: path.join(dataDir, 'logs') });
    let clock = new Date(2025, 11, 31, 12, 0);
    const open = () => AuditLog.open({ dataDir, sql: database.sql, log, now: () => clock });
    const record = (audit: AuditLog, id: string) =>
      audit.append({
        actor: { userId: 'hoa', host: 'cli' },
        action: 'programme.update',
        object: { kind: 'programme', id },
      });
    try {
      let audit = await open();
      await record(audit, 'a');
      await record(audit, 'b');
      clock = new Date(2026, 0, 1, 12, 0);
      await record(audit, 'c');
      await audit.close();
      audit = await open();
      // The clock set back a year: the entry still goes to the newest file.
      clock = new Date(2025, 11, 30, 9, 0);
      await record(audit, 'd');
      const report = await audit.verify();
      await audit.close();

      const read = async (name: string) =>
        (await readFile(path.join(dataDir, 'audit', name), 'utf8')).slice(0, -1).split('\n');
      const y2025 = await read('audit-2025.jsonl');
      const y2026 = await read('audit-2026.jsonl');
      expect(entriesOf(y2025).map((e) => e.object.id)).toEqual(['a', 'b']);
      expect(entriesOf(y2026).map((e) => [e.seq, e.object.id])).toEqual([
        [3, 'c'],
        [4, 'd'],
      ]);
      expect(entriesOf(y2026)[0]?.prev).toBe(lineHash(y2025[1] as string));
      expect(report).toEqual({
        ok: true,
        entries: 4,
        head: lineHash(y2026[1] as string),
        firstProblem: null,
      });

      await writeFile(path.join(dataDir, 'audit', 'audit-2025.jsonl'), `${y2025[0]}\n`);
      audit = await open();
      expect((await audit.verify()).firstProblem).toMatchObject({
        file: 'audit/audit-2026.jsonl',
        line: 1,
        kind: 'seq',
      });
      await audit.close();
    } finally {
      database.close();
    }
  });
});
