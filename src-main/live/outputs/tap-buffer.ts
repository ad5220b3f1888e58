/**
 * The last moments of one encoder's stream, for the stream server: a listener that connects is
 * sent the newest chunks first (a burst just big enough for its loudspeaker to start at once),
 * then every chunk as it comes. Bounded by time: chunks older than `keepMs` are let go.
 */
import type { EncodedChunk, EncodedTap } from '../air/encoded-tap';

export interface TapBufferOptions {
  /** Audio kept, ms (default 2,000): more than any burst, so a burst is never cut short. */
  keepMs?: number;
}

export const DEFAULT_KEEP_MS = 2_000;

export class TapBuffer {
  private readonly chunks: EncodedChunk[] = [];
  private keptMs = 0;
  private readonly chunkListeners = new Set<(chunk: EncodedChunk) => void>();
  private readonly restartListeners = new Set<() => void>();
  private readonly unsubscribe: Array<() => void>;
  private readonly keepMs: number;

  constructor(
    readonly tap: EncodedTap,
    options: TapBufferOptions = {},
  ) {
    this.keepMs = options.keepMs ?? DEFAULT_KEEP_MS;
    this.unsubscribe = [
      tap.onChunk((chunk) => this.add(chunk)),
      tap.onRestart(() => {
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
   * burst on connect. 0 gives none.
   */
  burst(ms: number): EncodedChunk[] {
    if (ms <= 0) return [];
    let total = 0;
    let from = this.chunks.length;
    while (from > 0 && total < ms) total += this.chunks[--from]!.durationMs;
    return this.chunks.slice(from);
  }

  /** Audio kept now, ms. */
  get bufferedMs(): number {
    return this.keptMs;
  }

  /** Each chunk from now on. Returns the unsubscribe. */
  onChunk(listener: (chunk: EncodedChunk) => void): () => void {
    this.chunkListeners.add(listener);
    return () => this.chunkListeners.delete(listener);
  }

  /** The encoder was replaced (see EncodedTap.onRestart). Returns the unsubscribe. */
  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Stops following the tap; listeners hear nothing more. */
  close(): void {
    for (const u of this.unsubscribe) u();
    this.chunkListeners.clear();
    this.restartListeners.clear();
    this.chunks.length = 0;
    this.keptMs = 0;
  }

  private add(chunk: EncodedChunk): void {
    this.chunks.push(chunk);
    this.keptMs += chunk.durationMs;
    // Let old chunks go, keeping at least keepMs.
    while (this.chunks.length > 1 && this.keptMs - this.chunks[0]!.durationMs >= this.keepMs)
      this.keptMs -= this.chunks.shift()!.durationMs;
    for (const l of this.chunkListeners) l(chunk);
  }
}
