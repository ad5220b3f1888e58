/**
 * The last moments of one encoder's stream, for the stream server: a listener that connects is
 * sent the newest chunks first (a burst just big enough for its loudspeaker to start at once),
 * then the chunks as they come. Bounded by time: chunks older than `keepMs` are let go.
 *
 * Chunks are handed on in batches of about `batchMs` of audio, each batch one Buffer that every
 * listener is sent as it is: a socket write costs the same few microseconds whether it carries one
 * 24 ms MP3 frame or three, so writing per frame made the fan-out's CPU several times Icecast's.
 * A batch waits at most `batchMs` for its last chunk; the receiver's start-up burst (120 ms) covers
 * that wait, but a receiver that ran dry on a loaded machine has no such margin left, and batches
 * made it stall more often there (the server's tests at load 15–19: 2 of 2 runs failed with
 * batches, 0 of 2 without). So chunks are batched only from `batchFrom` listeners on, where the
 * writes' CPU counts; fewer listeners get each chunk at once.
 */
import type { EncodedChunk, EncodedTap } from '../air/encoded-tap';

export interface TapBufferOptions {
  /** Audio kept, ms (default 2,000): more than any burst, so a burst is never cut short. */
  keepMs?: number;
  /** Audio gathered before it is handed on, ms (default 60; 0: each chunk at once). */
  batchMs?: number;
  /** Listeners from which chunks are batched (default 100); with fewer, each chunk goes at once. */
  batchFrom?: number;
}

/** Chunks handed on together: `data` holds chunks `firstSeq`… back to back, shared by every listener. */
export interface TapBatch {
  data: Buffer;
  /** Sequence number of the first chunk (the tap's chunks are numbered from 0 as they come). */
  firstSeq: number;
  /** Where each chunk starts in `data`: a listener already sent the first few starts there. */
  offsets: number[];
}

export const DEFAULT_KEEP_MS = 2_000;
export const DEFAULT_BATCH_MS = 60;
export const DEFAULT_BATCH_FROM = 100;

export class TapBuffer {
  private readonly chunks: EncodedChunk[] = [];
  private keptMs = 0;
  /** Chunks received, so the next one's sequence number. */
  private received = 0;
  private readonly pending: EncodedChunk[] = [];
  private pendingMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly batchListeners = new Set<(batch: TapBatch) => void>();
  private readonly restartListeners = new Set<() => void>();
  private readonly unsubscribe: Array<() => void>;
  private readonly keepMs: number;
  private readonly batchMs: number;
  private readonly batchFrom: number;

  constructor(
    readonly tap: EncodedTap,
    options: TapBufferOptions = {},
  ) {
    this.keepMs = options.keepMs ?? DEFAULT_KEEP_MS;
    this.batchMs = options.batchMs ?? DEFAULT_BATCH_MS;
    this.batchFrom = options.batchFrom ?? DEFAULT_BATCH_FROM;
    this.unsubscribe = [
      tap.onChunk((chunk) => this.add(chunk)),
      tap.onRestart(() => {
        // The old stream's last pages go out before the new header.
        this.flush();
        // A new Ogg stream began: pages of the old one must not follow the new header in a burst.
        // MP3 frames stand alone and stay.
        if (tap.header().length > 0) {
          this.chunks.length = 0;
          this.keptMs = 0;
        }
        for (const l of this.restartListeners) l();
      }),
    ];
  }

  get channel(): string {
    return this.tap.channel;
  }

  get codec() {
    return this.tap.codec;
  }

  /** What a listener must be sent before any chunk (Ogg Opus's header pages; empty for MP3). */
  header(): Buffer {
    return this.tap.header();
  }

  /**
   * The newest chunks holding at least `ms` of audio (fewer if not yet kept), oldest first: a
   * burst on connect, up to `nextSeq` (chunks not yet handed on included). 0 gives none.
   */
  burst(ms: number): EncodedChunk[] {
    if (ms <= 0) return [];
    let total = 0;
    let from = this.chunks.length;
    while (from > 0 && total < ms) total += this.chunks[--from]!.durationMs;
    return this.chunks.slice(from);
  }

  /** The sequence number the next chunk will have: a listener sent everything so far waits for it. */
  get nextSeq(): number {
    return this.received;
  }

  /** Chunks received but not yet handed on, from sequence number `seq` (a listener moving away). */
  pendingFrom(seq: number): EncodedChunk[] {
    const first = this.received - this.pending.length;
    return this.pending.slice(Math.max(0, seq - first));
  }

  /** Audio kept now, ms. */
  get bufferedMs(): number {
    return this.keptMs;
  }

  /** Each batch from now on. Returns the unsubscribe. */
  onBatch(listener: (batch: TapBatch) => void): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** The encoder was replaced (see EncodedTap.onRestart). Returns the unsubscribe. */
  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Stops following the tap; listeners hear nothing more. */
  close(): void {
    for (const u of this.unsubscribe) u();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.batchListeners.clear();
    this.restartListeners.clear();
    this.chunks.length = 0;
    this.keptMs = 0;
    this.pending.length = 0;
    this.pendingMs = 0;
  }

  private add(chunk: EncodedChunk): void {
    this.received++;
    this.chunks.push(chunk);
    this.keptMs += chunk.durationMs;
    // Let old chunks go, keeping at least keepMs.
    while (this.chunks.length > 1 && this.keptMs - this.chunks[0]!.durationMs >= this.keepMs)
      this.keptMs -= this.chunks.shift()!.durationMs;
    this.pending.push(chunk);
    this.pendingMs += chunk.durationMs;
    if (this.pendingMs >= this.batchMs || this.batchListeners.size < this.batchFrom) this.flush();
    // Chunks come at the audio's pace; should they stop, what waits still goes within batchMs.
    else this.timer ??= setTimeout(() => this.flush(), this.batchMs).unref();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const n = this.pending.length;
    if (n === 0) return;
    const offsets = new Array<number>(n);
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      offsets[i] = bytes;
      bytes += this.pending[i]!.data.length;
    }
    const data =
      n === 1
        ? this.pending[0]!.data
        : Buffer.concat(
            this.pending.map((c) => c.data),
            bytes,
          );
    const batch: TapBatch = { data, firstSeq: this.received - n, offsets };
    this.pending.length = 0;
    this.pendingMs = 0;
    for (const l of this.batchListeners) l(batch);
  }
}
