/**
 * Counts the audio in an MP3 or Ogg/Opus byte stream without decoding it: how many 48 kHz samples
 * each chunk that arrives adds to a receiver's buffer. Cheap enough for a thousand receivers in one
 * process (only headers are read), where one ffmpeg decoder each would not be.
 */

export type StreamCodec = 'mp3' | 'opus';

export interface FrameCounter {
  /** Feeds bytes as they arrive; answers the samples (at 48 kHz) of the frames they completed. */
  push(chunk: Buffer): number;
  /** Bytes skipped while looking for a frame (garbage, a cut frame, tags). */
  readonly skippedBytes: number;
}

export function frameCounter(codec: StreamCodec): FrameCounter {
  return codec === 'mp3' ? mp3Counter() : oggOpusCounter();
}

const MP3_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

interface Mp3Header {
  length: number;
  samples: number;
  sampleRate: number;
}

/** A Layer III frame header at `b[i]`, or null. */
function mp3Header(b: Buffer, i: number): Mp3Header | null {
  if (b[i] !== 0xff || ((b[i + 1] as number) & 0xe0) !== 0xe0) return null;
  const version = ((b[i + 1] as number) >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const layer = ((b[i + 1] as number) >> 1) & 3; // 1 = Layer III
  if (version === 1 || layer !== 1) return null;
  const bitrateIndex = (b[i + 2] as number) >> 4;
  const rateIndex = ((b[i + 2] as number) >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const padding = ((b[i + 2] as number) >> 1) & 1;
  const sampleRate = MP3_RATES[version]![rateIndex] as number;
  const v1 = version === 3;
  const kbps = (v1 ? MP3_BITRATES_V1_L3 : MP3_BITRATES_V2_L3)[bitrateIndex] as number;
  const samples = v1 ? 1152 : 576;
  const length = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  return { length, samples, sampleRate };
}

function mp3Counter(): FrameCounter {
  let pending = Buffer.alloc(0);
  let skipped = 0;
  let synced = false;
  return {
    get skippedBytes() {
      return skipped;
    },
    push(chunk) {
      let b = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let i = 0;
      let samples = 0;
      while (i + 4 <= b.length) {
        const h = mp3Header(b, i);
        if (!h) {
          i++;
          skipped++;
          synced = false;
          continue;
        }
        if (i + h.length > b.length) break;
        // Out of sync, a header must be followed by another to count (0xFFE is common in data).
        if (!synced) {
          if (i + h.length + 4 > b.length) break;
          if (!mp3Header(b, i + h.length)) {
            i++;
            skipped++;
            continue;
          }
          synced = true;
        }
        samples += (h.samples * 48_000) / h.sampleRate;
        i += h.length;
      }
      b = b.subarray(i);
      pending = Buffer.from(b);
      return Math.round(samples);
    },
  };
}

/** Samples (at 48 kHz) of one Opus packet, from its TOC byte (RFC 6716 §3.1). */
function opusPacketSamples(toc: number, second: number | undefined): number {
  const config = toc >> 3;
  const frameMs =
    config < 12
      ? [10, 20, 40, 60][config % 4]!
      : config < 16
        ? [10, 20][config % 2]!
        : [2.5, 5, 10, 20][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (second ?? 0) & 0x3f : 2;
  return frames * frameMs * 48;
}

/**
 * Ogg pages (RFC 3533) of an Opus stream: every packet's duration from its TOC byte, the two header
 * packets (OpusHead, OpusTags) left out.
 */
function oggOpusCounter(): FrameCounter {
  let pending = Buffer.alloc(0);
  let skipped = 0;
  return {
    get skippedBytes() {
      return skipped;
    },
    push(chunk) {
      const b = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let i = 0;
      let samples = 0;
      while (i + 27 <= b.length) {
        if (b.toString('latin1', i, i + 4) !== 'OggS') {
          i++;
          skipped++;
          continue;
        }
        const segments = b[i + 26] as number;
        if (i + 27 + segments > b.length) break;
        let bodyLength = 0;
        for (let s = 0; s < segments; s++) bodyLength += b[i + 27 + s] as number;
        const body = i + 27 + segments;
        if (body + bodyLength > b.length) break;
        // Each packet is counted where it starts (its TOC byte is there); the tail of a packet
        // begun on an earlier page is not a start.
        let starts = ((b[i + 5] as number) & 1) === 0;
        let at = body;
        for (let s = 0; s < segments; s++) {
          const lace = b[i + 27 + s] as number;
          if (starts && lace > 0) {
            const head = b.toString('latin1', at, at + 8);
            if (head !== 'OpusHead' && head !== 'OpusTags') {
              samples += opusPacketSamples(b[at] as number, b[at + 1]);
            }
          }
          starts = lace < 255;
          at += lace;
        }
        i = body + bodyLength;
      }
      pending = Buffer.from(b.subarray(i));
      return samples;
    },
  };
}
