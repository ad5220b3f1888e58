import { open, type FileHandle } from 'node:fs/promises';
import {
  blockAlign,
  cueChunks,
  headerSizeFields,
  WAV_HEADER_BYTES,
  WAV_MAX_DATA_BYTES,
  wavHeader,
  type CuePoint,
  type PcmFormat,
} from './wav';

/**
 * Writes a WAV file as the audio arrives, so that a crash loses as little as possible:
 *
 * - the header goes first, with "unknown" sizes, and is flushed to disk before any audio;
 * - PCM is appended in arrival order (one queue, positional writes, never reordered);
 * - `flush()` (called at least every second by the recorder) rewrites the two size fields to
 *   cover the audio written so far (the data size first) and fsyncs, so a header on disk is never
 *   more than one flush behind its audio. If the process is killed, everything handed to `write()` is in the kernel
 *   and survives; if the machine dies, at most the audio since the last flush is lost.
 *
 * Whatever state a crash leaves, `repairWavFile` recomputes the sizes from the file's length, trusting
 * neither field.
 */
export class WavFileWriter {
  private queue: Promise<void> = Promise.resolve();
  /** Bytes of audio accepted by `append` (may still be queued). */
  private accepted = 0;
  /** Bytes of audio that reached the file. */
  private written = 0;
  private failure: NodeJS.ErrnoException | null = null;
  private closed = false;

  private constructor(
    private readonly handle: FileHandle,
    readonly file: string,
    readonly format: PcmFormat,
    private readonly onError: (err: NodeJS.ErrnoException) => void,
  ) {}

  /** Creates the file (never overwrites one) and puts a header on disk. */
  static async create(
    file: string,
    format: PcmFormat,
    onError: (err: NodeJS.ErrnoException) => void = () => undefined,
  ): Promise<WavFileWriter> {
    const handle = await open(file, 'wx');
    try {
      await handle.write(wavHeader(format, 'unknown'), 0, WAV_HEADER_BYTES, 0);
      await handle.sync();
    } catch (err) {
      // The write's error is the one that tells what went wrong; it is thrown below.
      await handle.close().catch(() => undefined);
      throw err;
    }
    return new WavFileWriter(handle, file, format, onError);
  }

  /** Bytes of audio that reached the file. */
  get dataBytes(): number {
    return this.written;
  }

  /** Bytes of audio accepted so far (written or queued). */
  get acceptedBytes(): number {
    return this.accepted;
  }

  /** Room left before the 4 GiB limit of the RIFF size fields. */
  get remainingBytes(): number {
    return WAV_MAX_DATA_BYTES - this.accepted;
  }

  get error(): NodeJS.ErrnoException | null {
    return this.failure;
  }

  /** Queues whole frames of PCM. Ignored after a write error or once closed. */
  append(pcm: Buffer): void {
    if (this.closed || this.failure || pcm.length === 0) return;
    const align = blockAlign(this.format);
    const length = Math.min(
      pcm.length - (pcm.length % align),
      this.remainingBytes - (this.remainingBytes % align),
    );
    if (length <= 0) return;
    const position = WAV_HEADER_BYTES + this.accepted;
    this.accepted += length;
    this.enqueue(async () => {
      let done = 0;
      while (done < length) {
        const { bytesWritten } = await this.handle.write(pcm, done, length - done, position + done);
        done += bytesWritten;
        this.written += bytesWritten;
      }
    });
  }

  /** Rewrites the size fields to cover the audio on disk and forces both to the disk. */
  flush(): Promise<void> {
    if (this.closed) return this.queue;
    this.enqueue(() => this.syncHeader(0));
    return this.queue;
  }

  /**
   * Finishes the file: the sizes are made exact (cut to whole frames if a write failed halfway),
   * markers go into a `cue ` chunk after the audio, and everything is fsynced. Never throws for a
   * full disk: the audio is kept and the markers stay in the sidecar.
   */
  async close(cues: readonly CuePoint[] = []): Promise<{ dataBytes: number; cueWritten: boolean }> {
    if (this.closed) return { dataBytes: this.written, cueWritten: false };
    await this.queue;
    this.closed = true;
    const align = blockAlign(this.format);
    const dataBytes = this.written - (this.written % align);
    let cueWritten = false;
    try {
      await this.handle.truncate(WAV_HEADER_BYTES + dataBytes);
      let trailing = 0;
      const chunk = cueChunks(cues);
      if (chunk.length > 0) {
        try {
          await this.handle.write(chunk, 0, chunk.length, WAV_HEADER_BYTES + dataBytes);
          trailing = chunk.length;
          cueWritten = true;
        } catch {
          // No room for the markers: drop the partial chunk, keep the audio.
          await this.handle.truncate(WAV_HEADER_BYTES + dataBytes).catch(() => undefined);
        }
      }
      this.written = dataBytes;
      await this.syncHeader(trailing);
    } finally {
      // The header is synced above: a close that fails after that loses no audio.
      await this.handle.close().catch(() => undefined);
    }
    return { dataBytes, cueWritten };
  }

  private async syncHeader(trailingBytes: number): Promise<void> {
    for (const { offset, value } of headerSizeFields(this.written, trailingBytes)) {
      await this.handle.write(value, 0, 4, offset);
    }
    await this.handle.sync();
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.failure) return;
      try {
        await task();
      } catch (err) {
        this.failure = err as NodeJS.ErrnoException;
        this.onError(this.failure);
      }
    });
  }
}
