import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RecoveryKind, RecoveryNotice } from '../contract';

/** Notices kept for the System screen; older ones stay in the file. */
const RECENT_LIMIT = 50;

/**
 * What the studio repaired by itself, kept in `logs/recoveries.jsonl` in the data folder (so that
 * a repair made by a CLI run or before a restart still shows on the System screen) and written to
 * the log as it happens. One JSON object a line; a line torn by a crash is skipped.
 */
export class RecoveryLog {
  constructor(
    private readonly file: string,
    private readonly log: (line: string) => void = (line) => console.warn(line),
  ) {}

  async add(kind: RecoveryKind, message: string, file: string, at = new Date()): Promise<RecoveryNotice> {
    const notice: RecoveryNotice = { at: at.toISOString(), kind, message, file };
    this.log(message);
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(notice)}\n`, 'utf8');
    return notice;
  }

  /** The most recent notices, newest first. */
  async recent(limit = RECENT_LIMIT): Promise<RecoveryNotice[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const notices: RecoveryNotice[] = [];
    for (const line of text.split('\n')) {
      try {
        const n = JSON.parse(line) as Partial<RecoveryNotice>;
        if (typeof n.at === 'string' && typeof n.message === 'string' && typeof n.file === 'string') {
          notices.push(n as RecoveryNotice);
        }
      } catch {
        // an empty or torn line
      }
    }
    return notices.reverse().slice(0, limit);
  }
}
