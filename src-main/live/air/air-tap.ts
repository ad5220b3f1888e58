/**
 * An EncodedTap on main: one codec of one channel, as its air thread posts it. Listeners are
 * called in order, synchronously; one that throws is cut off (an output's bug must not silence
 * the others).
 */
import type { StreamCodec } from '../../contract';
import type { EncodedChunk, EncodedTap } from './encoded-tap';
import { ENCODERS } from './encoder-settings';

export class AirTap implements EncodedTap {
  readonly contentType: string;
  readonly bitrateKbps: number;
  private currentHeader: Buffer = Buffer.alloc(0);
  private readonly chunkListeners = new Set<(chunk: EncodedChunk) => void>();
  private readonly restartListeners = new Set<() => void>();
  /** Chunks delivered since the channel opened, and restarts (a spare took over). */
  chunks = 0;
  restarts = 0;

  constructor(
    /** Mutable only for a standby channel given to an emergency. */
    public channel: string,
    readonly codec: StreamCodec,
    private readonly onListenerError: (err: unknown) => void,
  ) {
    this.contentType = ENCODERS[codec].contentType;
    this.bitrateKbps = ENCODERS[codec].bitrateKbps;
  }

  header(): Buffer {
    return this.currentHeader;
  }

  onChunk(listener: (chunk: EncodedChunk) => void): () => void {
    this.chunkListeners.add(listener);
    return () => this.chunkListeners.delete(listener);
  }

  onRestart(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** From the air thread: a new header (after the first: a restart, told to every listener). */
  setHeader(header: Buffer, restart: boolean): void {
    this.currentHeader = header;
    if (!restart) return;
    this.restarts++;
    for (const listener of [...this.restartListeners]) {
      try {
        listener();
      } catch (err) {
        this.restartListeners.delete(listener);
        this.onListenerError(err);
      }
    }
  }

  deliver(chunk: EncodedChunk): void {
    this.chunks++;
    for (const listener of [...this.chunkListeners]) {
      try {
        listener(chunk);
      } catch (err) {
        this.chunkListeners.delete(listener);
        this.onListenerError(err);
      }
    }
  }
}
