/**
 * Cuts an encoder's output into the units a listener may start at: MP3 frames (with LAME's bit
 * reservoir off, each frame decodes on its own) and Ogg pages (with their granule positions, so
 * that a page's audio can be placed on the bus's clock). Bytes that belong to no frame (an ID3
 * tag, garbage before a sync word) are skipped, never passed on: a listener gets whole units only.
 */

export interface Mp3Frame {
  data: Buffer;
  /** Samples per channel in the frame (1152 for MPEG-1 Layer III, 576 for MPEG-2/2.5). */
  samples: number;
  sampleRate: number;
}

export interface OggPage {
  data: Buffer;
  /** The page's granule position (for Opus: 48 kHz samples up to the end of the page, pre-skip included); -1 when no packet ends here. */
  granule: number;
  serial: number;
  /** Beginning of a logical stream (the first header page). */
  bos: boolean;
  /** What the page carries as its first packet's first bytes (to tell `OpusHead` and `OpusTags` from audio). */
  firstBytes: Buffer;
}

/** [version bits][bitrate index] → kb/s for Layer III. */
const MP3_BITRATES = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0],
} as const;
const MP3_RATES = [44_100, 48_000, 32_000, 0] as const;

/** The frame's length in bytes and samples if `b` starts an MPEG audio Layer III frame header, else null. */
export function mp3FrameHeader(
  b: Buffer,
  at: number,
): { bytes: number; samples: number; sampleRate: number } | null {
  if (at + 4 > b.length) return null;
  const b1 = b[at + 1] as number;
  const b2 = b[at + 2] as number;
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return null;
  const version = (b1 >> 3) & 3; // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5, 1: reserved
  const layer = (b1 >> 1) & 3; // 1: Layer III
  if (version === 1 || layer !== 1) return null;
  const mpeg1 = version === 3;
  const kbps = (mpeg1 ? MP3_BITRATES.mpeg1 : MP3_BITRATES.mpeg2)[(b2 >> 4) & 15] as number;
  const baseRate = MP3_RATES[(b2 >> 2) & 3] as number;
  if (kbps === 0 || baseRate === 0) return null;
  const sampleRate = mpeg1 ? baseRate : version === 2 ? baseRate / 2 : baseRate / 4;
  const padding = (b2 >> 1) & 1;
  const samples = mpeg1 ? 1152 : 576;
  const bytes = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  return { bytes, samples, sampleRate };
}

/** Feeds bytes in, whole MP3 frames out. */
export class Mp3FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Mp3Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Mp3Frame[] = [];
    let at = 0;
    const b = this.pending;
    while (at + 4 <= b.length) {
      const header = mp3FrameHeader(b, at);
      if (!header) {
        at = this.skip(b, at);
        continue;
      }
      if (at + header.bytes > b.length) break;
      // A frame is believed when the next one follows it (or the buffer ends there): a stray
      // 0xFFE inside data must not cut the stream.
      const next = at + header.bytes;
      if (next + 4 <= b.length && !mp3FrameHeader(b, next)) {
        at++;
        continue;
      }
      frames.push({ data: b.subarray(at, next), samples: header.samples, sampleRate: header.sampleRate });
      at = next;
    }
    this.pending = b.subarray(at);
    return frames;
  }

  /** Past an ID3v2 tag whole, else one byte on. */
  private skip(b: Buffer, at: number): number {
    if (b.length - at >= 10 && b.toString('latin1', at, at + 3) === 'ID3') {
      const size =
        (((b[at + 6] as number) & 0x7f) << 21) |
        (((b[at + 7] as number) & 0x7f) << 14) |
        (((b[at + 8] as number) & 0x7f) << 7) |
        ((b[at + 9] as number) & 0x7f);
      return at + 10 + size;
    }
    return at + 1;
  }
}

/** Feeds bytes in, whole Ogg pages out. */
export class OggPageSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): OggPage[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const pages: OggPage[] = [];
    let at = 0;
    const b = this.pending;
    while (at + 27 <= b.length) {
      if (b.toString('latin1', at, at + 4) !== 'OggS') {
        const next = b.indexOf('OggS', at + 1, 'latin1');
        at = next < 0 ? Math.max(at + 1, b.length - 3) : next;
        continue;
      }
      const segments = b[at + 26] as number;
      if (at + 27 + segments > b.length) break;
      let body = 0;
      for (let i = 0; i < segments; i++) body += b[at + 27 + i] as number;
      const size = 27 + segments + body;
      if (at + size > b.length) break;
      const data = b.subarray(at, at + size);
      const granule = data.readBigInt64LE(6);
      pages.push({
        data,
        granule: Number(granule),
        serial: data.readUInt32LE(14),
        bos: ((data[5] as number) & 2) !== 0,
        firstBytes: data.subarray(27 + segments, Math.min(size, 27 + segments + 8)),
      });
      at += size;
    }
    this.pending = b.subarray(at);
    return pages;
  }
}

/** Opus's pre-skip (samples at 48 kHz the decoder drops at the start) from an `OpusHead` page. */
export function opusPreSkip(page: OggPage): number {
  const segments = page.data[26] as number;
  const head = page.data.subarray(27 + segments);
  return head.toString('latin1', 0, 8) === 'OpusHead' && head.length >= 12 ? head.readUInt16LE(10) : 0;
}
