/** Numbered audio for kill tests of the recorder: frame n holds n, so a survivor is checked to the frame. */
import type { CuePoint, PcmFormat } from '../../src-main/media/recorder/wav';

export const TAKE_FORMAT: PcmFormat = { sampleRate: 48_000, channels: 2, bitsPerSample: 16 };
const FRAME_BYTES = 4;
export const TAKE_MARKERS: CuePoint[] = [
  { id: 1, frame: 100, label: 'Bắt đầu' },
  { id: 2, frame: 2_000, label: 'Phỏng vấn' },
];

/** Stereo s16le frames `first`..`first + count - 1`: left the low 16 bits of n, right a hash of n. */
export function takeFrames(first: number, count: number): Buffer {
  const buf = Buffer.alloc(count * FRAME_BYTES);
  for (let i = 0; i < count; i++) {
    const n = first + i;
    buf.writeUInt16LE(n & 0xffff, i * FRAME_BYTES);
    buf.writeUInt16LE(Math.imul(n, 2_654_435_761) >>> 16, i * FRAME_BYTES + 2);
  }
  return buf;
}

/** How many numbered frames follow `offset` in `bytes`, from frame 0 (a partial frame does not count). */
export function countTakeFrames(bytes: Buffer, offset: number): number {
  let n = 0;
  while (offset + (n + 1) * FRAME_BYTES <= bytes.length) {
    if (!bytes.subarray(offset + n * FRAME_BYTES, offset + (n + 1) * FRAME_BYTES).equals(takeFrames(n, 1)))
      break;
    n++;
  }
  return n;
}
