/**
 * Reads a WAV file's header: where its samples start and how many there are. Used to check that an
 * asset can be read in place (48 kHz PCM), to count a conformed copy's samples, and to compute a
 * preview's peaks without another ffmpeg run. Handles WAVE_FORMAT_EXTENSIBLE and RF64.
 */
import { open } from 'node:fs/promises';

export interface WavInfo {
  /** 1 = integer PCM, 3 = IEEE float (the sub-format when the header is WAVE_FORMAT_EXTENSIBLE). */
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Byte offset of the first sample. */
  dataOffset: number;
  dataBytes: number;
  frames: number;
}

const HEAD_BYTES = 64 * 1024;

/** Parses a header from the first bytes of a file; `fileSize` bounds a data chunk with an unknown size. */
export function parseWavHeader(buf: Buffer, fileSize: number): WavInfo | null {
  if (buf.length < 12) return null;
  const riff = buf.toString('latin1', 0, 4);
  if ((riff !== 'RIFF' && riff !== 'RF64') || buf.toString('latin1', 8, 12) !== 'WAVE') return null;
  let off = 12;
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataBytes' | 'frames'> | null = null;
  let ds64Data: number | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('latin1', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'ds64' && body + 16 <= buf.length) {
      ds64Data = Number(buf.readBigUInt64LE(body + 8));
    } else if (id === 'fmt ' && body + 16 <= buf.length) {
      let formatTag = buf.readUInt16LE(body);
      if (formatTag === 0xfffe && size >= 40 && body + 26 <= buf.length)
        formatTag = buf.readUInt16LE(body + 24);
      fmt = {
        formatTag,
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        blockAlign: buf.readUInt16LE(body + 12),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.blockAlign === 0) return null;
      const room = Math.max(0, fileSize - body);
      let bytes = riff === 'RF64' && size === 0xffffffff && ds64Data !== null ? ds64Data : size;
      // A header written before the end of a recording says 0 or 0xFFFFFFFF: the file's size decides.
      if (bytes === 0 || bytes === 0xffffffff || bytes > room) bytes = room;
      const frames = Math.floor(bytes / fmt.blockAlign);
      return { ...fmt, dataOffset: body, dataBytes: frames * fmt.blockAlign, frames };
    }
    off = body + size + (size % 2);
  }
  return null;
}

export async function readWavHeader(file: string): Promise<WavInfo | null> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return parseWavHeader(buf.subarray(0, bytesRead), size);
  } finally {
    await fh.close();
  }
}
