/**
 * The bus's one PCM format: 48 kHz, signed 16-bit little-endian, stereo, interleaved, mixed in
 * blocks of 10 ms (480 frames). 10 ms rather than 20: a pre-emption or a fade starts at the next
 * block boundary, so the block is the bus's share of every reaction time.
 */
export const BUS_RATE = 48_000;
export const BUS_CHANNELS = 2;
export const BYTES_PER_FRAME = BUS_CHANNELS * 2;
export const BLOCK_MS = 10;
export const BLOCK_FRAMES = (BUS_RATE * BLOCK_MS) / 1000;
export const BLOCK_SAMPLES = BLOCK_FRAMES * BUS_CHANNELS;
export const BLOCK_BYTES = BLOCK_FRAMES * BYTES_PER_FRAME;
/** Blocks per meter report: ten reports a second. */
export const METER_BLOCKS = 10;

export function framesOfMs(ms: number): number {
  return Math.max(0, Math.round((ms * BUS_RATE) / 1000));
}

export function bytesOfMs(ms: number): number {
  return framesOfMs(ms) * BYTES_PER_FRAME;
}

export function dbToGain(db: number): number {
  return db <= -120 ? 0 : 10 ** (db / 20);
}

/** dBFS of a linear value against full scale (1.0); silence is -Infinity. */
export function gainToDb(gain: number): number {
  return gain > 0 ? 20 * Math.log10(gain) : -Infinity;
}
