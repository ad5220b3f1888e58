/** The audit log's files: their names, their lines as exact bytes, and the hash that chains them. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditEntry } from '../contract';

/** The folder of the log in the data folder. */
export const AUDIT_DIR = 'audit';

/** The `prev` of the first entry ever, and the head of an empty log. */
export const GENESIS = '0'.repeat(64);

const FILE_NAME = /^audit-(\d{4})\.jsonl$/;

export const auditFileName = (year: number): string => `audit-${year}.jsonl`;

/** The log's year files in `dir`, oldest first (other files there are not part of the chain). */
export async function listAuditFiles(dir: string): Promise<Array<{ name: string; year: number }>> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [] as string[];
    throw err;
  });
  return names
    .flatMap((name) => {
      const m = FILE_NAME.exec(name);
      return m ? [{ name, year: Number(m[1]) }] : [];
    })
    .sort((a, b) => a.year - b.year);
}

/** SHA-256 (hex) of a line's bytes, without its newline: what the next entry's `prev` holds. */
export function lineHash(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface FileLine {
  /** The line's bytes, without its newline. */
  bytes: Buffer;
  /** 1-based. */
  line: number;
  /** Where the line starts in the file. */
  offset: number;
  /** False only for a last line with no newline (a write that never finished). */
  terminated: boolean;
}

/** Every line of a file as the bytes on disk (no decoding: the hash is of exactly those bytes). */
export async function* readLines(file: string): AsyncGenerator<FileLine> {
  let rest = Buffer.alloc(0);
  let restOffset = 0;
  let line = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) {
    let buf = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(0x0a); nl !== -1; nl = buf.indexOf(0x0a, start)) {
      yield { bytes: buf.subarray(start, nl), line: ++line, offset: restOffset + start, terminated: true };
      start = nl + 1;
    }
    restOffset += start;
    buf = buf.subarray(start);
    rest = Buffer.from(buf);
  }
  if (rest.length > 0) yield { bytes: rest, line: line + 1, offset: restOffset, terminated: false };
}

/** An entry read back from a line, or null when the line is not one (damaged or hand-edited). */
export function parseEntry(bytes: Buffer): AuditEntry | null {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<AuditEntry> | null;
    if (
      !value ||
      typeof value !== 'object' ||
      !Number.isSafeInteger(value.seq) ||
      typeof value.prev !== 'string' ||
      typeof value.at !== 'string' ||
      typeof value.action !== 'string' ||
      !value.actor ||
      typeof value.actor !== 'object' ||
      !value.object ||
      typeof value.object !== 'object'
    ) {
      return null;
    }
    return value as AuditEntry;
  } catch {
    return null;
  }
}

/**
 * Set when the records were restored from a backup: the files keep every line written since, and
 * the index comes back as it was, so at the next open every line after it is indexed (if it
 * continues the chain). Without it, only a last line a crash left unindexed is; index rows missing
 * otherwise are for verify() to report.
 */
export const CATCH_UP_MARK = '.index-after-restore';

export async function markIndexCatchUp(dataDir: string): Promise<void> {
  const dir = path.join(dataDir, AUDIT_DIR);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, CATCH_UP_MARK), `${new Date().toISOString()}\n`);
}
