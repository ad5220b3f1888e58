/**
 * What the air's encoders offer every output (the built-in stream server, an Icecast source, an
 * RTP or SRT push): a codec's stream cut at frame boundaries, so that an output may start or switch
 * any listener at any chunk. One encoder per codec per channel feeds every output; switching sources
 * never restarts it.
 */
import type { StreamCodec } from '../../contract';

export interface EncodedChunk {
  /** Whole MP3 frames, or whole Ogg pages (Opus); never a part of one. */
  data: Buffer;
  /** Wall-clock time (ms since the epoch) the chunk's first sample was mixed on the bus. */
  mixedAt: number;
  /** Audio in the chunk, in milliseconds. */
  durationMs: number;
}

export interface EncodedTap {
  /** The channel this encoder serves (`main`, or an emergency's own channel). */
  readonly channel: string;
  readonly codec: StreamCodec;
  /** `audio/mpeg` or `audio/ogg`. */
  readonly contentType: string;
  readonly bitrateKbps: number;
  /**
   * What a listener must be sent before any chunk: Ogg Opus's identification and comment pages;
   * empty for MP3. Changes when the encoder restarts (see `onRestart`).
   */
  header(): Buffer;
  /** Each chunk from now on, in order. Returns the unsubscribe. */
  onChunk(listener: (chunk: EncodedChunk) => void): () => void;
  /**
   * The encoder was replaced (it died, its warm spare took over): a new Ogg stream begins, so
   * Opus listeners are sent `header()` again before the next chunk (a chained Ogg stream).
   */
  onRestart(listener: () => void): () => void;
}
