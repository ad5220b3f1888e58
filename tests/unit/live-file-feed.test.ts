/**
 * A WAV read in place on the live bus (no ffmpeg): which files may be, and their frames as the
 * bus's s16le stereo, a frame cut across two reads kept whole.
 */
import { describe, expect, it } from 'vitest';
import type { WavInfo } from '../../src-main/audio/render/wav-header';
import { busPcmOf, readsInPlace } from '../../src-main/live/bus/file-feed';

const wav = (channels: number, bits: number, over: Partial<WavInfo> = {}): WavInfo => ({
  formatTag: 1,
  channels,
  sampleRate: 48_000,
  bitsPerSample: bits,
  blockAlign: (channels * bits) / 8,
  dataOffset: 44,
  dataBytes: 4800,
  frames: 1200,
  ...over,
});

const s16 = (buf: Buffer) => [...new Int16Array(buf.buffer, buf.byteOffset, buf.length / 2)];

describe('a WAV on the live bus without a decoder', () => {
  it('reads 48 kHz integer PCM in place, and leaves everything else to ffmpeg', () => {
    expect(readsInPlace(wav(2, 16))).toBe(true);
    expect(readsInPlace(wav(1, 24))).toBe(true);
    expect(readsInPlace(wav(2, 16, { sampleRate: 44_100 }))).toBe(false);
    expect(readsInPlace(wav(2, 32, { formatTag: 3 }))).toBe(false);
    expect(readsInPlace(wav(6, 16))).toBe(false);
    expect(readsInPlace(wav(2, 8))).toBe(false);
  });

  it('gives the bus s16le stereo: stereo as it is, mono in both channels, 24 bits cut to 16', () => {
    const stereo = Buffer.from(new Int16Array([1, -2, 300, -400]).buffer);
    expect(busPcmOf(wav(2, 16))(stereo)).toBe(stereo);

    const mono = busPcmOf(wav(1, 16));
    const m = Buffer.from(new Int16Array([1000, -1000, 7]).buffer);
    // Five bytes, then the rest: the cut sample comes out whole with the second read.
    expect(s16(mono(m.subarray(0, 5)))).toEqual([1000, 1000, -1000, -1000]);
    expect(s16(mono(m.subarray(5)))).toEqual([7, 7]);

    // s24le stereo: 0x123456 → 0x1234; −2 (0xFFFFFE) → −1 (0xFFFF).
    const s24 = Buffer.from([0x56, 0x34, 0x12, 0xfe, 0xff, 0xff]);
    const deep = busPcmOf(wav(2, 24));
    expect(s16(deep(s24.subarray(0, 4)))).toEqual([]);
    expect(s16(deep(s24.subarray(4)))).toEqual([0x1234, -1]);
  });
});
