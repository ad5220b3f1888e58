/**
 * The messages between an Air channel (main) and its air thread. Plain types, as the bus's
 * protocol: both ends are this folder's code, in one process.
 */
import type { StreamCodec } from '../../contract';

export interface AirWorkerData {
  channel: string;
  ffmpeg: string;
  codecs: StreamCodec[];
  /** The bus's programme ring (a PcmRing's buffer), made before the bus so that block 0 is read. */
  ring: SharedArrayBuffer;
  /** Each encoder runs beside a warm spare (default true). */
  spares: boolean;
}

export interface WireChunk {
  data: Uint8Array;
  mixedAt: number;
  durationMs: number;
}

export type EncoderRole = 'live' | 'spare';

export type AirEvent =
  | { type: 'started'; codec: StreamCodec; role: EncoderRole; pid: number | undefined }
  /** An encoder ended without being asked to; `why` is its exit and the end of its log. */
  | { type: 'died'; codec: StreamCodec; role: EncoderRole; pid: number | undefined; why: string }
  /** The spare (or, with none warm, a new encoder) went on air. */
  | { type: 'tookOver'; codec: StreamCodec; pid: number | undefined; warm: boolean };

export type AirMessage =
  | { type: 'ready' }
  /** A new stream header; `restart`: a new encoder's stream begins (listeners need it again). */
  | { type: 'header'; codec: StreamCodec; header: Uint8Array; restart: boolean }
  | { type: 'chunks'; codec: StreamCodec; chunks: WireChunk[] }
  | { type: 'event'; event: AirEvent }
  | { type: 'closed' };

/** `start`: the bus runs, its block 0 was due at `t0` (ms since the epoch). */
export type AirCommand = { type: 'start'; t0: number } | { type: 'close' };
