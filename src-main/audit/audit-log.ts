/**
 * The tamper-evident audit log: append-only JSON Lines in `audit/audit-YYYY.jsonl`, one entry per
 * change, each holding the SHA-256 of the line before it (a chain across the year files), every
 * line fsynced before it counts, then indexed in the records database for the viewer.
 *
 * - Appends and checks go through one queue: the chain has one writer.
 * - A line counts only with its newline. A last line without one is a write that never finished
 *   (the process died before fsync returned, so no caller was told the change was recorded): at
 *   open it is moved to `audit/torn/` (kept, and logged) and the file cut back to the last whole
 *   line, so the chain continues from the last entry that was acknowledged.
 * - The index is written after the line is on disk. A crash in between leaves at most the last
 *   line without its row (one writer): open adds it. Any other disagreement is left for `verify()`.
 * - The file is the year of the entry on this machine's clock, but never an earlier year than the
 *   newest file: a clock set back does not write into a past year's file.
 * - After a failed append the log refuses new entries until `ready()` has opened it again (the
 *   same steps as at start), so a change is never made while it cannot be recorded.
 */
import { existsSync } from 'node:fs';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry, AuditVerifyReport } from '../contract';
import type { Logger } from '../platform/logger';
import type { Sql } from '../store';
import {
  CATCH_UP_MARK,
  AUDIT_DIR,
  auditFileName,
  GENESIS,
  lineHash,
  listAuditFiles,
  parseEntry,
  readLines,
} from './audit-files';
import { AuditRepository, type AuditIndexReader } from './audit-repository';
import { detailsText, verifyAuditLog, type ChainWalker } from './audit-verify';

/** What a caller records: the log adds `seq`, `at` and `prev`. */
export type AuditRecord = Pick<AuditEntry, 'actor' | 'action' | 'object' | 'details'>;

export interface AuditLogOptions {
  dataDir: string;
  sql: Sql;
  log: Logger;
  /** The clock entries are stamped with (tests give their own). */
  now?: () => Date;
}

/** Where the chain stands: the last entry written and the file the next one goes to. */
interface ChainEnd {
  seq: number;
  prev: string;
  /** The newest file's year (null before the first entry) and how many lines it has. */
  year: number | null;
  lines: number;
}

export class AuditLog {
  private readonly dir: string;
  private readonly index: AuditRepository;
  private readonly now: () => Date;
  private end: ChainEnd = { seq: 0, prev: GENESIS, year: null, lines: 0 };
  private handle: FileHandle | null = null;
  private failure: unknown = null;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: AuditLogOptions) {
    this.dir = path.join(options.dataDir, AUDIT_DIR);
    this.index = new AuditRepository(options.sql);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Finds the end of the chain. A log that cannot be opened does not stop the studio: it starts
   * refusing every change (`ready()` tries again before each) and the error is logged.
   */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    const log = new AuditLog(options);
    try {
      await log.resume();
    } catch (err) {
      log.failure = err;
      options.log.error('The audit log could not be opened: changes are refused until it can', err);
    }
    return log;
  }

  /** Writes one entry (on disk, then indexed) and returns it; throws when it could not be recorded. */
  append(record: AuditRecord): Promise<AuditEntry> {
    return this.serial(async () => {
      if (this.failure) await this.resume();
      try {
        return await this.write(record);
      } catch (err) {
        this.failure = err;
        await this.closeHandle();
        throw err;
      }
    });
  }

  /**
   * Whether an entry can be written now: after a failure, the log is opened again first (the
   * disk may have room again). Resolves with the error that stops it, or null.
   */
  ready(): Promise<unknown> {
    return this.serial(async () => {
      if (!this.failure) return null;
      try {
        await this.resume();
        return null;
      } catch (err) {
        this.failure = err;
        return err;
      }
    });
  }

  /**
   * Checks the whole chain and its index (appends wait until it is done). `walker` sees each
   * intact entry with its line's hash, in order (the monthly report finds its head this way).
   */
  verify(walker?: ChainWalker): Promise<AuditVerifyReport> {
    return this.serial(() => verifyAuditLog(this.dir, this.index, walker));
  }

  /** The index, for the viewer's queries (read only: only the log writes it). */
  get entries(): AuditIndexReader {
    return this.index;
  }

  /** The entry the next one will chain to: its seq and hash (the head). */
  get head(): { seq: number; sha256: string } {
    return { seq: this.end.seq, sha256: this.end.prev };
  }

  async close(): Promise<void> {
    await this.serial(() => this.closeHandle());
  }

  private async write(record: AuditRecord): Promise<AuditEntry> {
    const at = this.now();
    const year = Math.max(at.getFullYear(), this.end.year ?? 0);
    const entry: AuditEntry = {
      seq: this.end.seq + 1,
      at: at.toISOString(),
      actor: {
        userId: record.actor.userId,
        ...(record.actor.userName ? { userName: record.actor.userName } : {}),
        host: record.actor.host,
      },
      action: record.action,
      object: record.object,
      ...(record.details ? { details: record.details } : {}),
      prev: this.end.prev,
    };
    const line = JSON.stringify(entry);
    if (year !== this.end.year || !this.handle) await this.openFile(year);
    const handle = this.handle as FileHandle;
    const bytes = Buffer.from(`${line}\n`, 'utf8');
    // O_APPEND and one writer: a short write is continued right after itself.
    for (let done = 0; done < bytes.length;) {
      done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    }
    await handle.sync();
    this.end = { seq: entry.seq, prev: lineHash(line), year, lines: this.end.lines + 1 };
    this.index.insert(indexRow(entry, auditFileName(year), this.end.lines, this.end.prev));
    return entry;
  }

  /** Opens the year's file for appending; a new file's name is made durable with its folder. */
  private async openFile(year: number): Promise<void> {
    await this.closeHandle();
    const isNew = year !== this.end.year;
    await mkdir(this.dir, { recursive: true });
    this.handle = await open(path.join(this.dir, auditFileName(year)), 'a');
    if (isNew) {
      await syncFolder(this.dir);
      this.end = { ...this.end, year, lines: 0 };
    }
  }

  /** Finds the end of the chain on disk (cutting a torn last line) and catches the index up. */
  private async resume(): Promise<void> {
    await this.closeHandle();
    await mkdir(this.dir, { recursive: true });
    const files = await listAuditFiles(this.dir);
    const newest = files.at(-1);
    const end: ChainEnd = { seq: 0, prev: GENESIS, year: newest?.year ?? null, lines: 0 };
    let last: { bytes: Buffer; file: string; line: number } | null = null;
    for (let i = files.length - 1; i >= 0 && !last; i--) {
      const name = (files[i] as { name: string }).name;
      const file = path.join(this.dir, name);
      let lines = 0;
      for await (const l of readLines(file)) {
        if (!l.terminated && i === files.length - 1) {
          await this.setAsideTorn(file, name, l.bytes, l.offset);
          break;
        }
        lines = l.line;
        last = { bytes: Buffer.from(l.bytes), file: name, line: l.line };
      }
      if (i === files.length - 1) end.lines = lines;
    }
    if (last) {
      const entry = parseEntry(last.bytes);
      const indexed = this.index.maxSeq();
      if (entry) {
        end.seq = entry.seq;
        const mark = path.join(this.dir, CATCH_UP_MARK);
        if (existsSync(mark)) {
          await this.catchUp(files, indexed);
          await rm(mark, { force: true });
        } else if (indexed === entry.seq - 1) {
          this.index.insert(indexRow(entry, last.file, last.line, lineHash(last.bytes)));
          this.options.log.warn('The last audit entry was on disk but not in the index: indexed now', {
            seq: entry.seq,
            file: last.file,
          });
        }
      } else {
        // Not an entry: verify() reports it. The chain goes on from its bytes, numbered after the index.
        end.seq = indexed + 1;
        this.options.log.error('The last line of the audit log is not an entry', {
          file: last.file,
          line: last.line,
        });
      }
      end.prev = lineHash(last.bytes);
    }
    this.end = end;
    this.failure = null;
  }

  /**
   * After the records were restored from a backup (CATCH_UP_MARK), indexes the lines after
   * `indexed`: the files keep every line written since the backup, the index comes back as it
   * was. Only lines that
   * continue the chain from the last indexed row are taken; the first that does not stops the
   * catch-up, and verify() reports it.
   */
  private async catchUp(files: Array<{ name: string }>, indexed: number): Promise<void> {
    let prev = indexed === 0 ? GENESIS : this.index.get(indexed)?.sha256;
    if (prev === undefined) return;
    let added = 0;
    for (const { name } of files) {
      for await (const l of readLines(path.join(this.dir, name))) {
        if (!l.terminated) break;
        const entry = parseEntry(Buffer.from(l.bytes));
        if (entry && entry.seq <= indexed) continue;
        if (!entry || entry.seq !== indexed + added + 1 || entry.prev !== prev) {
          this.options.log.error('The audit log does not continue its index here: not indexed', {
            file: name,
            line: l.line,
          });
          return this.caughtUp(added, indexed);
        }
        prev = lineHash(l.bytes);
        this.index.insert(indexRow(entry, name, l.line, prev));
        added++;
      }
    }
    this.caughtUp(added, indexed);
  }

  private caughtUp(added: number, indexed: number): void {
    if (added > 0) {
      this.options.log.warn('Audit entries on disk but not in the index were indexed', {
        from: indexed + 1,
        count: added,
      });
    }
  }

  /** A line whose write never finished: kept in `audit/torn/`, then cut off the file. */
  private async setAsideTorn(file: string, name: string, bytes: Buffer, offset: number): Promise<void> {
    const tornDir = path.join(this.dir, 'torn');
    await mkdir(tornDir, { recursive: true });
    const kept = path.join(tornDir, `${name}.${this.now().getTime()}.torn`);
    await withFile(kept, 'wx', async (h) => {
      await h.write(bytes);
      await h.sync();
    });
    await withFile(file, 'r+', async (h) => {
      await h.truncate(offset);
      await h.sync();
    });
    this.options.log.warn('An unfinished last line of the audit log was set aside', {
      file: name,
      bytes: bytes.length,
      keptIn: path.relative(this.options.dataDir, kept),
    });
  }

  private async closeHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    // Closing a file whose last write failed may fail again; the next open starts afresh.
    if (handle)
      await handle.close().catch((err: unknown) => this.options.log.warn('Audit file close failed', err));
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined); // each caller gets its own result; the queue goes on
    return run;
  }
}

function indexRow(entry: AuditEntry, file: string, line: number, sha256: string) {
  return {
    seq: entry.seq,
    at: entry.at,
    userId: entry.actor.userId ?? null,
    host: entry.actor.host,
    action: entry.action,
    objectKind: entry.object.kind ?? null,
    objectId: entry.object.id ?? null,
    details: detailsText(entry),
    file,
    line,
    sha256,
  };
}

/** fsync of a folder, so that a file just created in it is still there after a power cut. */
function syncFolder(dir: string): Promise<void> {
  return withFile(dir, 'r', (h) => h.sync());
}

async function withFile(file: string, flags: string, work: (h: FileHandle) => Promise<void>): Promise<void> {
  const handle = await open(file, flags);
  try {
    await work(handle);
  } finally {
    await handle.close();
  }
}
