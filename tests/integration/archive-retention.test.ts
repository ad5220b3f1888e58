/**
 * The retention rule (issue 17): masters and as-aired days past it are listed with their sizes and
 * deleted only on an archivist's confirmation, through the router; the studio removes nothing by
 * itself when it opens. One setting for both: the monitor's retentionMonths (never under 6).
 */
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Retention } from '../../src-main/archive/retention/retention';
import type { AuditListEntry } from '../../src-main/contract';
import { createConsoleLogger } from '../../src-main/platform/logger';
import { approvedProgramme, masterOf } from '../support/approved-programme';
import { tone } from '../support/media-inputs';
import { useTempDirs } from '../support/temp-dir';
import { useTestStudios } from '../support/test-studio';

const tempDir = useTempDirs();
const studios = useTestStudios();

const localDay = (ms: number) => {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};
const DAY = 86_400_000;

/** A recorded day of the main channel as the recorder leaves it: a segment and its index. */
async function recordedDay(dataDir: string, day: string): Promise<string> {
  const dir = path.join(dataDir, 'as-aired', 'main', day);
  await mkdir(dir, { recursive: true });
  tone(path.join(dir, '060000.mp3'), { seconds: 1, codec: ['-c:a', 'libmp3lame', '-b:a', '64k'] });
  const startMs = new Date(`${day}T06:00:00`).getTime();
  const bytes = (await stat(path.join(dir, '060000.mp3'))).size;
  await writeFile(
    path.join(dir, 'segments.jsonl'),
    `${JSON.stringify({ file: '060000.mp3', startMs })}\n${JSON.stringify({ file: '060000.mp3', startMs, endMs: startMs + 1000, bytes })}\n`,
  );
  return dir;
}

async function sizeOf(dir: string): Promise<number> {
  return (
    (await stat(path.join(dir, '060000.mp3'))).size + (await stat(path.join(dir, 'segments.jsonl'))).size
  );
}

describe('archive.retention', () => {
  it('lists the as-aired days past the rule, deletes only the confirmed ones that are due, and audits it', async () => {
    const root = await tempDir();
    const data = path.join(root, 'data');
    const now = Date.now();
    const old = localDay(now - 400 * DAY);
    const eightMonths = localDay(now - 245 * DAY);
    const recent = localDay(now - DAY);
    const oldDir = await recordedDay(data, old);
    const eightDir = await recordedDay(data, eightMonths);
    const recentDir = await recordedDay(data, recent);

    const t = await studios.open(data);
    // Opening the studio removed nothing: deleting is the archivist's decision.
    for (const dir of [oldDir, eightDir, recentDir]) expect(existsSync(dir)).toBe(true);

    const due = await t.call('archive.retention.list', {});
    expect(due.months).toBe(12);
    expect(due.items).toEqual([
      {
        id: `as-aired:main/${old}`,
        kind: 'as-aired',
        title: expect.stringMatching(/^Bản ghi phát sóng kênh main, ngày \d\d\/\d\d\/\d{4} \(1 đoạn\)$/),
        dueSince: expect.any(String),
        sizeBytes: await sizeOf(oldDir),
        file: oldDir,
      },
    ]);
    expect(due.totalBytes).toBe(await sizeOf(oldDir));

    // The one setting: six months makes the eight-month-old day due too.
    await t.call('monitor.configure', { retentionMonths: 6 });
    const six = await t.call('archive.retention.list', {});
    expect(six.months).toBe(6);
    expect(six.items.map((i) => i.id)).toEqual([`as-aired:main/${old}`, `as-aired:main/${eightMonths}`]);
    expect(six.totalBytes).toBe((await sizeOf(oldDir)) + (await sizeOf(eightDir)));

    // Without the confirmation nothing is deleted.
    const unconfirmed = await t.fail('archive.retention.delete', {
      ids: [`as-aired:main/${old}`],
      confirm: false as true,
    });
    expect(unconfirmed.code).toBe('INVALID_REQUEST');
    expect(existsSync(oldDir)).toBe(true);

    const oldBytes = await sizeOf(oldDir);
    const result = await t.call('archive.retention.delete', {
      ids: [`as-aired:main/${old}`, `as-aired:main/${recent}`],
      confirm: true,
    });
    expect(result.deleted).toEqual([{ id: `as-aired:main/${old}`, bytes: oldBytes }]);
    expect(result.refused).toEqual([
      { id: `as-aired:main/${recent}`, reason: expect.stringMatching(/chưa hết thời hạn lưu trữ/) },
    ]);
    expect(result.totalBytes).toBe(oldBytes);
    expect(existsSync(oldDir)).toBe(false);
    expect(existsSync(eightDir)).toBe(true);
    expect(existsSync(recentDir)).toBe(true);

    const audit = await t.call('audit.list', {});
    const entry = audit.entries.find((e: AuditListEntry) => e.action === 'archive.retention.delete');
    expect(entry?.details).toEqual({
      deleted: [`as-aired:main/${old}`],
      refused: [`as-aired:main/${recent}`],
      bytes: oldBytes,
    });
  });

  it('lists an approved master once the rule has passed since its approval and its last airing, and deletes it on confirmation', async () => {
    const root = await tempDir();
    const t = await studios.open(path.join(root, 'data'));
    const p = await approvedProgramme(t, root, 'Bản tin tiếng Mông tháng Ba');
    const wav = masterOf(p);
    const { programme, broadcastLog, asAired } = t.studio.services;
    const log = createConsoleLogger('error');
    const month = 30.5 * DAY;
    // The same rule over the studio's own programmes and log, read at a moment months from now.
    const at = (ms: number) =>
      new Retention({
        months: () => 12,
        asAiredDue: () => asAired.dueDays(),
        removeAsAiredDay: (channel, day) => asAired.removeDay(channel, day),
        programmes: programme.programmes,
        broadcastLog,
        log,
        now: () => ms,
      });

    expect((await t.call('archive.retention.list', {})).items).toEqual([]);
    expect((await at(Date.now() + 11 * month).list()).items).toEqual([]);
    const due = await at(Date.now() + 13 * month).list();
    const files = p.lastRender!.files;
    expect(due.items).toEqual([
      {
        id: `master:${p.id}`,
        kind: 'master',
        title: 'Bản gốc “Bản tin tiếng Mông tháng Ba”',
        dueSince: expect.any(String),
        sizeBytes: files.reduce((sum, f) => sum + f.bytes, 0),
        file: wav,
      },
    ]);

    // Aired five months after its approval: kept twelve months from that airing.
    const aired = new Date(Date.now() + 5 * month).toISOString();
    const id = broadcastLog.begin({
      kind: 'programme',
      title: p.metadata.title,
      spec: `programme:${p.id}`,
      sha256: p.approval.masterSha256,
      slotId: null,
      scheduledStart: null,
      scheduledEnd: null,
      actualStart: aired,
      startedBy: 'Lịch phát',
      stations: [{ code: 'XA01', seconds: 2 }],
    });
    broadcastLog.end(id, aired, 'aired');
    expect((await at(Date.now() + 13 * month).list()).items).toEqual([]);
    const later = at(Date.now() + 18 * month);
    expect((await later.list()).items.map((i) => i.id)).toEqual([`master:${p.id}`]);

    const result = await later.delete([`master:${p.id}`]);
    expect(result.deleted).toEqual([{ id: `master:${p.id}`, bytes: due.totalBytes }]);
    expect(existsSync(wav)).toBe(false);
    // The programme can no longer air: its approved master is gone, and the gate says so.
    await expect(programme.approvedMaster(p.id)).rejects.toThrow(/đã bị xoá hoặc di chuyển/);
  });
});
