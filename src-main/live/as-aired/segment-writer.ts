/**
 * One segment being written: chunks are appended in order off the tap's call (the tap calls its
 * listeners synchronously on main, beside the stream server and the CLI's `pcm:-` input, so a
 * slow disk must not hold it up), gathered and written once every `WRITE_EVERY_MS` (one write a
 * second instead of one per chunk: main's loop carries live audio; a kill loses at most that
 * much, and the next start cuts the file at its last whole frame).
 */
import { open, type FileHandle } from 'node:fs/promises';

const WRITE_EVERY_MS = 1_000;

export class SegmentWriter {
  private readonly pending: Buffer[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private handle: Promise<FileHandle>;
  private failed: unknown = null;
  bytes = 0;

  constructor(
    readonly filePath: string,
    /** The folder is there (made by the caller, without holding up the tap). */
    folderReady: Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {
    // `wx`: a segment is never written over (a name taken is the caller's to avoid).
    this.handle = folderReady.then(() => open(filePath, 'wx'));
    this.handle.catch((err: unknown) => this.fail(err));
  }

  append(data: Buffer): void {
    if (this.failed) return;
    this.pending.push(data);
    this.bytes += data.length;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushing ??= this.flush();
    }, WRITE_EVERY_MS);
  }

  /** Writes what is pending, syncs to disk and closes the file. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flushing;
    this.flushing ??= this.flush();
    await this.flushing;
    const handle = await this.handle.catch(() => null);
    if (!handle) return;
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async flush(): Promise<void> {
    try {
      const handle = await this.handle;
      while (this.pending.length && !this.failed) {
        const batch = Buffer.concat(this.pending.splice(0));
        let at = 0;
        // A regular file may take less than asked (a full disk): the rest, or the error.
        while (at < batch.length) at += (await handle.write(batch, at)).bytesWritten;
      }
    } catch (err) {
      this.fail(err);
    } finally {
      this.flushing = null;
    }
  }

  private fail(err: unknown): void {
    if (this.failed) return;
    this.failed = err;
    this.pending.length = 0;
    this.onError(err);
  }
}
