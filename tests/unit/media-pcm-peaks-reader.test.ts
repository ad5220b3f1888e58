import { write } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPcmPeaksReader, type PcmPeaksReader } from '../../src-main/media/pcm-peaks-reader';
import { PeakBuilder } from '../../src-main/audio/peaks';

/** Interleaved s16 samples with a pseudo-random but repeatable shape, as bytes. */
function pcm(samples: number, oddByte = false): Buffer {
  const s = new Int16Array(samples);
  let x = 98765;
  for (let i = 0; i < s.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s[i] = (x % 65536) - 32768;
  }
  const bytes = Buffer.from(s.buffer);
  return oddByte ? Buffer.concat([bytes, Buffer.of(0x7f)]) : bytes;
}

/** Writes the bytes into the reader's pipe in uneven pieces, off the main thread, then closes it. */
async function feed(reader: PcmPeaksReader, bytes: Buffer): Promise<void> {
  const sizes = [1, 4095, 65536, 3, 200_001, 7];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const piece = bytes.subarray(at, at + (sizes[i % sizes.length] ?? 1));
    let done = 0;
    while (done < piece.length) {
      done += await new Promise<number>((resolve, reject) =>
        write(reader.writeFd, piece, done, piece.length - done, null, (err, n) =>
          err ? reject(err) : resolve(n),
        ),
      );
    }
    at += piece.length;
  }
  reader.spawned();
}

function reference(bytes: Buffer, rate: number, channels: number) {
  const b = new PeakBuilder(rate, channels);
  b.push(bytes);
  return b;
}

describe('the PCM peaks reader (FIFO + worker thread)', () => {
  it('gives PeakBuilder’s buckets, a last partial bucket and an odd byte included', async () => {
    const reader = await openPcmPeaksReader();
    expect(reader).not.toBeNull(); // Linux has mkfifo
    const r = reader as PcmPeaksReader;
    const bytes = pcm(2 * 48000 * 3 + 2 * 123 + 1, true); // 48 kHz stereo, 3 s and a bit, a frame cut in two
    r.start(480 * 2);
    await feed(r, bytes);
    const { pairs, samples } = await r.result;
    r.dispose();
    const b = reference(bytes, 48000, 2);
    expect(samples).toBe((bytes.length - 1) / 2);
    expect(Array.from(pairs ?? [])).toEqual(Array.from(b.finish().levels[0] ?? []));
  });

  it('keeps what it reads until it is told the format, however much that is', async () => {
    const r = (await openPcmPeaksReader()) as PcmPeaksReader;
    const bytes = pcm(6 * 8000 * 30); // 8 kHz 6 channels, 30 s: 2.9 MB, more than the worker's first 1 MB
    const fed = feed(r, bytes);
    await new Promise((resolve) => setTimeout(resolve, 200));
    r.start(80 * 6);
    await fed;
    const { pairs } = await r.result;
    r.dispose();
    expect(r.bytesRead).toBeLessThanOrEqual(bytes.length);
    expect(Array.from(pairs ?? [])).toEqual(Array.from(reference(bytes, 8000, 6).finish().levels[0] ?? []));
  });

  it('drops the samples it is told to skip, and copies the window after them', async () => {
    const r = (await openPcmPeaksReader()) as PcmPeaksReader;
    const bytes = pcm(2 * 44100 * 5 + 2 * 17); // 44.1 kHz stereo, 5 s and 17 frames
    const skip = 2 * 44100 * 2 + 2 * 5; // 2 s and 5 frames: not a whole bucket
    const window = { at: 2 * 441 * 7, length: 2 * 44100 };
    r.start(441 * 2, { skip, window });
    await feed(r, bytes);
    const { pairs, samples } = await r.result;
    const copy = await r.window;
    r.dispose();
    const rest = bytes.subarray(skip * 2);
    expect(samples).toBe(rest.length / 2);
    expect(Array.from(pairs ?? [])).toEqual(Array.from(reference(rest, 44100, 2).finish().levels[0] ?? []));
    const expected = new Int16Array(rest.buffer, rest.byteOffset + window.at * 2, window.length);
    expect(Buffer.from((copy as Int16Array).buffer).equals(Buffer.from(expected.slice().buffer))).toBe(true);
  });

  it('gives no window when the PCM ends inside it', async () => {
    const r = (await openPcmPeaksReader()) as PcmPeaksReader;
    r.start(80, { window: { at: 1000, length: 5000 } });
    await feed(r, pcm(4000));
    expect(await r.window).toBeNull();
    expect((await r.result).samples).toBe(4000);
    r.dispose();
  });

  it('gives nothing when no format comes, and frees the worker', async () => {
    const r = (await openPcmPeaksReader()) as PcmPeaksReader;
    await feed(r, pcm(1000));
    r.dispose();
    expect((await r.result).pairs).toBeNull();
  });
});
