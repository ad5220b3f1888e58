/**
 * The as-aired folder on disk (issue 16): retention lists whole days older than the rule (never
 * under 6 months) and removes one only when asked; a segment a killed studio left open is closed
 * from its whole frames; `segmentsBetween` finds what overlaps a range from the day indexes.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsAired } from '../../src-main/live/as-aired';
import { localDay, nextBoundary } from '../../src-main/live/as-aired/segment-files';
import { createConsoleLogger } from '../../src-main/platform/logger';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const log = createConsoleLogger('error');

/** `n` MPEG-1 Layer III frames, 64 kb/s at 48 kHz: 192 bytes and 24 ms each. */
function mp3Frames(n: number): Buffer {
  const frame = Buffer.alloc(192);
  frame.set([0xff, 0xfb, 0x54, 0xc4]);
  return Buffer.concat(Array.from({ length: n }, () => frame));
}

async function day(root: string, channel: string, date: string, lines: object[] = []): Promise<string> {
  const dir = path.join(root, channel, date);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'segments.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return dir;
}

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min).getTime();

describe('as-aired retention', () => {
  it('lists the days older than the rule on every channel, removes nothing by itself, and one only when asked', async () => {
    const root = await tempDir();
    for (const date of ['2025-12-06', '2025-12-07', '2026-06-06', '2026-06-07', '2026-12-07'])
      await day(root, 'main', date);
    await writeFile(path.join(root, 'main', '2025-12-06', '000000.mp3'), mp3Frames(10));
    await day(root, 'emergency-1', '2026-01-10');
    await mkdir(path.join(root, 'main', 'not-a-day'));
    const all = ['2025-12-06', '2025-12-07', '2026-06-06', '2026-06-07', '2026-12-07', 'not-a-day'];
    const asAired = await AsAired.open({
      root,
      retentionMonths: () => 12,
      log,
      now: () => at(2026, 12, 7, 10),
    });
    // Opening removes nothing (an archivist decides); a year back from 7 December 2026 keeps 7 December 2025.
    expect(await readdir(path.join(root, 'main'))).toEqual(all);
    const due = await asAired.dueDays();
    expect(due.map((d) => `${d.channel}/${d.day}`)).toEqual(['main/2025-12-06']);
    expect(due[0]).toMatchObject({ segments: 1, dueSince: new Date(2026, 11, 7).toISOString() });
    expect(due[0]!.bytes).toBe(1920);
    await asAired.close();

    // Six months: what is older than 7 June is due, on the emergency channel too.
    const six = await AsAired.open({ root, retentionMonths: () => 6, log, now: () => at(2026, 12, 7, 10) });
    expect((await six.dueDays()).map((d) => `${d.channel}/${d.day}`)).toEqual([
      'main/2025-12-06',
      'main/2025-12-07',
      'emergency-1/2026-01-10',
      'main/2026-06-06',
    ]);
    expect(await six.removeDay('main', '2026-06-07')).toBeNull();
    expect(await six.removeDay('main', '2025-12-06')).toBe(1920);
    expect(await readdir(path.join(root, 'main'))).toEqual(all.slice(1));
    await six.close();

    // Fewer than six months is six: the law's floor.
    const three = await AsAired.open({ root, retentionMonths: () => 3, log, now: () => at(2026, 12, 8, 10) });
    expect(three.retentionMonths()).toBe(6);
    expect((await three.dueDays()).map((d) => d.day)).toEqual([
      '2025-12-07',
      '2026-01-10',
      '2026-06-06',
      '2026-06-07',
    ]);
    await three.close();
  });
});

describe('as-aired segments on disk', () => {
  it('closes a segment left open at its last whole frame and lists what overlaps a range', async () => {
    const root = await tempDir();
    const start = at(2026, 12, 7, 6, 0);
    const dir = await day(root, 'main', '2026-12-07', [
      { file: '060000.mp3', startMs: start },
      { file: '060000.mp3', startMs: start, endMs: start + 900_000, bytes: 7_200_000 },
      { file: '061500.mp3', startMs: start + 900_000 },
    ]);
    // Killed 250 frames (6 s) into the second segment, mid-frame.
    await writeFile(path.join(dir, '061500.mp3'), Buffer.concat([mp3Frames(250), Buffer.alloc(100, 0xff)]));
    await writeFile(path.join(dir, 'segments.jsonl'), 'half a li', { flag: 'a' });
    await day(root, 'main', '2026-12-08', [
      { file: '000000.mp3', startMs: at(2026, 12, 8), endMs: at(2026, 12, 8) + 60_000, bytes: 480_000 },
    ]);

    const asAired = await AsAired.open({
      root,
      retentionMonths: () => 12,
      log,
      now: () => at(2026, 12, 8, 1),
    });
    expect((await readFile(path.join(dir, '061500.mp3'))).length).toBe(250 * 192);
    // The line cut in half is ended, and the closing line after it is whole.
    expect((await readFile(path.join(dir, 'segments.jsonl'), 'utf8')).split('\n').at(-2)).toBe(
      JSON.stringify({ file: '061500.mp3', startMs: start + 900_000, endMs: start + 906_000, bytes: 48_000 }),
    );

    const morning = await asAired.segmentsBetween(start + 600_000, start + 905_000);
    expect(morning.map((s) => [s.file, s.seconds, s.bytes, s.recording])).toEqual([
      ['main/2026-12-07/060000.mp3', 900, 7_200_000, false],
      ['main/2026-12-07/061500.mp3', 6, 48_000, false],
    ]);
    expect(morning[1]!.start).toBe(new Date(start + 900_000).toISOString());
    expect(morning[1]!.path).toBe(path.join(dir, '061500.mp3'));
    // Touching a range's edge is not overlapping it; a range over two days reads both.
    expect(await asAired.segmentsBetween(start + 906_000, at(2026, 12, 8))).toEqual([]);
    expect((await asAired.segmentsBetween(start, at(2026, 12, 8, 0, 1))).map((s) => s.file)).toEqual([
      'main/2026-12-07/060000.mp3',
      'main/2026-12-07/061500.mp3',
      'main/2026-12-08/000000.mp3',
    ]);
    await asAired.close();
  });

  it('cuts segments at the set length counted from local midnight, and at midnight', () => {
    const quarter = 15 * 60_000;
    expect(nextBoundary(at(2026, 12, 7, 6, 7), quarter)).toBe(at(2026, 12, 7, 6, 15));
    expect(nextBoundary(at(2026, 12, 7, 6, 15), quarter)).toBe(at(2026, 12, 7, 6, 30));
    expect(nextBoundary(at(2026, 12, 7, 23, 57), 7 * 60_000)).toBe(at(2026, 12, 8));
    expect(localDay(at(2026, 12, 7, 23, 59))).toBe('2026-12-07');
  });
});
