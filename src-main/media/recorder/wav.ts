/**
 * The bits of the WAV (RIFF) format the recorder needs: a canonical 44-byte PCM header, reading one
 * back, and a `cue ` chunk (with `LIST/adtl` labels) for the take's markers.
 */

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  /** Always 16 for takes; kept explicit so the header code says what it writes. */
  bitsPerSample: number;
}

/** Size of the header the writer produces: RIFF + fmt (16) + data chunk header. */
export const WAV_HEADER_BYTES = 44;
/** The RIFF size fields are 32-bit: a data chunk can hold at most this many bytes. */
export const WAV_MAX_DATA_BYTES = 0xffff_ffff - WAV_HEADER_BYTES;
/** Size fields written while a take is open and before the first flush: "unknown, read to the end". */
export const WAV_SIZE_UNKNOWN = 0xffff_ffff;

export function blockAlign(format: PcmFormat): number {
  return format.channels * (format.bitsPerSample / 8);
}

export function bytesPerSecond(format: PcmFormat): number {
  return format.sampleRate * blockAlign(format);
}

/** A canonical PCM header for `dataBytes` of audio followed by `trailingBytes` of other chunks. */
export function wavHeader(format: PcmFormat, dataBytes: number | 'unknown', trailingBytes = 0): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  const known = dataBytes !== 'unknown';
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(known ? 36 + dataBytes + trailingBytes : WAV_SIZE_UNKNOWN, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(format.channels, 22);
  h.writeUInt32LE(format.sampleRate, 24);
  h.writeUInt32LE(bytesPerSecond(format), 28);
  h.writeUInt16LE(blockAlign(format), 32);
  h.writeUInt16LE(format.bitsPerSample, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(known ? dataBytes : WAV_SIZE_UNKNOWN, 40);
  return h;
}

/**
 * The two size fields of a header whose `data` chunk starts at `dataOffset` (44 in a canonical one),
 * for rewriting them in place, in the order to write them: the data size first, so that a crash
 * between the two leaves the audio's true length and a RIFF size that plainly does not fit the file.
 */
export function headerSizeFields(
  dataBytes: number,
  trailingBytes = 0,
  dataOffset = WAV_HEADER_BYTES,
): Array<{ offset: number; value: Buffer }> {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(dataBytes);
  const riff = Buffer.alloc(4);
  riff.writeUInt32LE(dataOffset - 8 + dataBytes + trailingBytes);
  return [
    { offset: dataOffset - 4, value: data },
    { offset: 4, value: riff },
  ];
}

export interface ParsedWavHeader {
  format: PcmFormat;
  /** PCM (1) or WAVE_FORMAT_EXTENSIBLE (0xfffe). */
  formatTag: number;
  /** Where the audio of the `data` chunk starts. */
  dataOffset: number;
  /** What the header claims; may be wrong (unknown, or stale after a crash). */
  declaredDataBytes: number;
}

/**
 * Reads the chunks before the audio. Returns `null` when the bytes are not a PCM WAV header
 * (for example zeros left by a machine that died before the header reached the disk).
 */
export function parseWavHeader(head: Buffer): ParsedWavHeader | null {
  if (
    head.length < 12 ||
    head.toString('ascii', 0, 4) !== 'RIFF' ||
    head.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return null;
  }
  let pos = 12;
  let fmt: { format: PcmFormat; formatTag: number } | null = null;
  while (pos + 8 <= head.length) {
    const id = head.toString('ascii', pos, pos + 4);
    const size = head.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > head.length) return null;
      const formatTag = head.readUInt16LE(body);
      const channels = head.readUInt16LE(body + 2);
      const sampleRate = head.readUInt32LE(body + 4);
      const bitsPerSample = head.readUInt16LE(body + 14);
      if (
        (formatTag !== 1 && formatTag !== 0xfffe) ||
        channels < 1 ||
        sampleRate < 1 ||
        bitsPerSample % 8 !== 0
      ) {
        return null;
      }
      fmt = { format: { sampleRate, channels, bitsPerSample }, formatTag };
    } else if (id === 'data') {
      if (!fmt) return null;
      return { ...fmt, dataOffset: body, declaredDataBytes: size };
    }
    if (size === WAV_SIZE_UNKNOWN) return null;
    pos = body + size + (size % 2);
  }
  return null;
}

export interface CuePoint {
  id: number;
  /** Position in sample frames from the start of the audio. */
  frame: number;
  label: string;
}

/**
 * A `cue ` chunk and a `LIST` chunk of `adtl/labl` entries naming the cue points: the form Audition,
 * Audacity, Reaper and sox-aware tools read markers from. Returns an empty buffer for no markers.
 */
export function cueChunks(points: readonly CuePoint[]): Buffer {
  if (points.length === 0) return Buffer.alloc(0);
  const cue = Buffer.alloc(12 + 24 * points.length);
  cue.write('cue ', 0, 'ascii');
  cue.writeUInt32LE(4 + 24 * points.length, 4);
  cue.writeUInt32LE(points.length, 8);
  points.forEach((p, i) => {
    const o = 12 + 24 * i;
    cue.writeUInt32LE(p.id, o);
    cue.writeUInt32LE(p.frame, o + 4); // position (play order)
    cue.write('data', o + 8, 'ascii');
    cue.writeUInt32LE(0, o + 12); // chunk start
    cue.writeUInt32LE(0, o + 16); // block start
    cue.writeUInt32LE(p.frame, o + 20); // sample offset
  });

  const labels = points.map((p) => {
    const text = Buffer.from(`${p.label || `Mốc ${p.id}`}\0`, 'utf8');
    const size = 4 + text.length;
    const chunk = Buffer.alloc(8 + size + (size % 2));
    chunk.write('labl', 0, 'ascii');
    chunk.writeUInt32LE(size, 4);
    chunk.writeUInt32LE(p.id, 8);
    text.copy(chunk, 12);
    return chunk;
  });
  const adtlBody = Buffer.concat([Buffer.from('adtl', 'ascii'), ...labels]);
  const list = Buffer.alloc(8);
  list.write('LIST', 0, 'ascii');
  list.writeUInt32LE(adtlBody.length, 4);
  return Buffer.concat([cue, list, adtlBody]);
}

/**
 * Whether `bytes` is exactly the chunks a closed take ends with (`cue `, `LIST`/`adtl`), each whole
 * and self-consistent: how recovery tells the markers written at close from audio.
 */
export function isMarkerChunks(bytes: Buffer): boolean {
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 12 > bytes.length) return false;
    const id = bytes.toString('ascii', pos, pos + 4);
    const size = bytes.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'cue ') {
      if (size !== 4 + 24 * bytes.readUInt32LE(body)) return false;
    } else if (id !== 'LIST' || bytes.toString('ascii', body, body + 4) !== 'adtl') {
      return false;
    }
    pos = body + size + (size % 2);
  }
  return bytes.length > 0 && pos === bytes.length;
}
