/**
 * An import killed at each step of saving: a child process imports a file with the real library and
 * importer, and strace SIGKILLs it just before its Nth rename (each N in turn: the staged copy, the
 * peaks) or its Nth fsync (the copy itself, the record's commit in the database). The next start must
 * leave no audio file without a record and no record without its file, finish or remove what the
 * import left, and say so on the System screen.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryRepository } from '../../src-main/media/library-repository';
import { libraryTables } from '../../src-main/media/library-tables';
import { Database, DATABASE_FILE } from '../../src-main/store';
import { bundleChild } from '../support/bundle-child';
import { filesUnder } from '../support/media-services';
import { signal } from '../support/signals';
import { useTempDirs } from '../support/temp-dir';
import { openTestStudio } from '../support/test-studio';

const tempDir = useTempDirs();
let importerScript = '';
let source = '';
let sourceHash = '';
/** The source's size as the report gives it. */
let mb = '';

beforeAll(async () => {
  const dir = await tempDir();
  importerScript = await bundleChild('importer', dir);
  // 30 s of stereo: 5.5 MB, big enough that the copy and the analysis take a while.
  source = signal(path.join(dir, 'Phỏng vấn ông Tòng.wav'), {
    samples: 30 * 48_000,
    channels: 2,
    tone: { freq: 440, amp: 0.3 },
  });
  mb = `${Math.round((await stat(source)).size / 1024 ** 2)} MB`;
  sourceHash = createHash('sha256')
    .update(await readFile(source))
    .digest('hex');
}, 60_000);

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Imports under strace; `kill` is e.g. `rename:when=2` (die on entering the 2nd rename) or null. The
 * data folder is one a studio has opened before (its database is there), so that every kill lands
 * in the import, not in the database's creation.
 */
function importUnderStrace(dataDir: string, kill: string | null) {
  Database.open(path.join(dataDir, 'db', DATABASE_FILE), [libraryTables]).close();
  const r = spawnSync(
    'strace',
    [
      ...['-f', '-qq', '-e', 'trace=rename,fsync'],
      ...(kill ? ['-e', `inject=${kill.replace(':', ':signal=KILL:')}`] : []),
      ...[process.execPath, importerScript, dataDir, source, 'Phỏng vấn ông Tòng'],
    ],
    // One thread does the file work, so the Nth rename is the same rename in every run.
    { encoding: 'utf8', env: { ...process.env, UV_THREADPOOL_SIZE: '1' }, timeout: 60_000 },
  );
  const killed = r.status === 137 || r.signal === 'SIGKILL';
  return { killed, stdout: r.stdout, trace: r.stderr };
}

/** Whether the records database holds the source's record (read before the studio starts). */
async function recordIsWritten(dataDir: string): Promise<boolean> {
  const file = path.join(dataDir, 'db', DATABASE_FILE);
  if (!existsSync(file)) return false;
  const db = Database.open(file, [libraryTables]);
  try {
    return new LibraryRepository(db.sql).find(sourceHash) !== undefined;
  } finally {
    db.close();
  }
}

describe('an import killed while saving', () => {
  it('leaves, after the next start, no file without a record and no record without its file', async () => {
    const dir = await tempDir();
    const first = importUnderStrace(path.join(dir, 'whole'), null);
    expect(JSON.parse(first.stdout)).toMatchObject({ ok: true, duplicate: false });
    // strace counts each thread's calls on its own (`when=N` is a thread's Nth): the file work is on
    // one thread, the database's commits on the main thread, so N goes up to the busiest thread's count.
    const count = (call: string) => {
      const perThread = new Map<string, number>();
      for (const line of first.trace.split('\n')) {
        if (!line.includes(`${call}(`)) continue;
        const pid = /^\[pid +(\d+)\]/.exec(line)?.[1] ?? 'main';
        perThread.set(pid, (perThread.get(pid) ?? 0) + 1);
      }
      return Math.max(0, ...perThread.values());
    };
    const kills = [
      ...Array.from({ length: count('rename') }, (_, i) => `rename:when=${i + 1}`),
      ...Array.from({ length: count('fsync') }, (_, i) => `fsync:when=${i + 1}`),
    ];
    expect(kills.length).toBeGreaterThanOrEqual(5);

    const outcomes = new Map<string, string>();
    for (const kill of kills) {
      const data = path.join(dir, kill.replace(/[:=]/g, '-'));
      const run = importUnderStrace(data, kill);
      expect(run.killed, kill).toBe(true);
      const left = (await filesUnder(path.join(data, 'library'))).filter((f) => !f.startsWith('.incoming'));
      const staged = (await filesUnder(path.join(data, 'library', '.incoming'))).filter((f) =>
        f.endsWith('.audio'),
      );

      const recordedBefore = await recordIsWritten(data);
      let reported: number;
      const studio = await openTestStudio(data);
      try {
        const records = (await studio.call('library.list', { includeDeleted: true, limit: 500 })).items;
        const files = (await filesUnder(path.join(data, 'library'))).filter(
          (f) => !f.startsWith('.incoming'),
        );
        const audio = files.filter((f) => !f.endsWith('.peaks'));
        // Every file has its record, every record its file.
        expect(
          audio.map((f) => `library/${f}`),
          kill,
        ).toEqual(records.map((r) => r.file));
        expect(
          files.filter((f) => f.endsWith('.peaks')).every((p) => records.some((r) => p.includes(r.sha256))),
          kill,
        ).toBe(true);
        // Nothing of the dead import stays in the staging folder.
        expect(await filesUnder(path.join(data, 'library', '.incoming')), kill).toEqual([]);

        const notices = await studio.call('system.recoveries', {});
        if (records.length > 0) {
          const [asset] = records;
          expect(asset, kill).toMatchObject({ title: 'Phỏng vấn ông Tòng', sha256: sourceHash });
          const bytes = await readFile(path.join(data, asset!.file));
          expect(createHash('sha256').update(bytes).digest('hex'), kill).toBe(sourceHash);
          // The waveform is there (rebuilt if its file was lost): 100 buckets a second for 30 s.
          const peaks = await studio.call('library.peaks', { id: asset!.id, level: 0 });
          expect(peaks.min.length, kill).toBeGreaterThanOrEqual(2999);
        }
        if (recordedBefore) {
          // The import had finished: nothing to repair, nothing to say.
          expect(records, kill).toHaveLength(1);
          expect(notices, kill).toEqual([]);
          outcomes.set(kill, 'recorded');
        } else if (left.length > 0 || staged.length > 0) {
          // It had not: what it left was finished or removed, and the System screen says which.
          expect(records.length, kill).toBeLessThanOrEqual(1);
          expect(
            notices.map((n) => n.kind),
            kill,
          ).toEqual([records.length > 0 ? 'import-finished' : 'import-removed']);
          expect(notices[0]?.message, kill).toContain(
            records.length > 0 ? `"Phỏng vấn ông Tòng" (${mb})` : `Đã dọn 1 tệp nhập dở (${mb})`,
          );
          outcomes.set(kill, notices[0]!.kind);
        } else {
          expect(records, kill).toEqual([]);
          expect(notices, kill).toEqual([]);
          outcomes.set(kill, 'nothing');
        }
        reported = notices.length;
      } finally {
        await studio.studio.close();
      }
      // A second start has nothing more to do or say.
      const again = await openTestStudio(data);
      try {
        expect(await again.call('system.recoveries', {}), kill).toHaveLength(reported);
      } finally {
        await again.studio.close();
      }
    }
    // The kills landed on every kind of moment: before the copy was whole, between its renames, after.
    expect(new Set(outcomes.values()), JSON.stringify([...outcomes])).toEqual(
      new Set(['import-removed', 'import-finished', 'recorded']),
    );
  }, 240_000);
});
