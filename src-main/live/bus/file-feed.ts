/**
 * A file into a source's ring, on the feed thread. The ring paces it: when the ring is full the
 * read is paused, and the bus's clock, reading a block every 10 ms, decides how fast the file
 * plays.
 *
 * A WAV already at 48 kHz in 16- or 24-bit integer PCM (every programme master, most recordings)
 * is read in place: no ffmpeg. An ffmpeg took 1–3 s to give its first PCM on a loaded PC (a
 * dynamic link of its libraries, then a probe), so an emergency played from a file was heard
 * seconds late and stayed `buffering` meanwhile; reading the file takes milliseconds. Anything
 * else is decoded by ffmpeg, not at a lower priority: niced on a loaded machine, ffmpeg took a
 * second more to start, and the bus's thread, which sleeps most of each block, wins the core from
 * a busy process anyway.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { FfmpegProcess } from '../../audio/ffmpeg/ffmpeg-process';
import { readWavHeader, type WavInfo } from '../../audio/render/wav-header';
import { BUS_CHANNELS, BUS_RATE } from './format';
import type { PcmRing } from './pcm-ring';

export class FileFeed {
  private proc: FfmpegProcess | null = null;
  private input: Readable | null = null;
  private pending: Buffer | null = null;
  private streamEnded = false;
  private disposed = false;

  constructor(
    private readonly ffmpeg: string,
    private readonly file: string,
    private readonly ring: PcmRing,
    private readonly onError: (message: string) => void,
    /** Where in the file to begin, in seconds (a scheduled slot picked up mid-way). */
    private readonly startSec = 0,
  ) {
    void this.open();
  }

  /** Called every few ms: moves what waited for room into the ring. */
  pump(): void {
    // Back in once a quarter of the ring is free, not a block at a time: a few writes a second.
    if (!this.pending || this.ring.space() < this.ring.capacity / 4) return;
    const n = this.ring.write(this.pending);
    this.pending = n < this.pending.length ? this.pending.subarray(n) : null;
    if (!this.pending) {
      this.input?.resume();
      this.finishIfDone();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.proc?.stop();
    this.input?.destroy();
  }

  private async open(): Promise<void> {
    const wav = await readWavHeader(this.file).catch(() => null);
    if (this.disposed) return;
    if (wav && readsInPlace(wav)) this.readInPlace(wav);
    else this.decode();
  }

  private readInPlace(wav: WavInfo): void {
    // A seek is a byte offset: whole frames from the top of the samples.
    const skip = Math.round(this.startSec * BUS_RATE) * wav.blockAlign;
    if (skip >= wav.dataBytes) {
      this.ring.end();
      return;
    }
    const raw = createReadStream(this.file, {
      start: wav.dataOffset + skip,
      end: wav.dataOffset + wav.dataBytes - 1,
      highWaterMark: 64 * 1024,
    });
    const convert = busPcmOf(wav);
    this.attach(raw, convert);
    raw.on('error', (err) => {
      if (this.disposed) return;
      this.onError(`không đọc được tệp ${this.file}: ${err.message}`);
      this.ring.end();
    });
  }

  private decode(): void {
    const proc = new FfmpegProcess({
      ffmpeg: this.ffmpeg,
      args: [
        ...['-nostdin', '-hide_banner', '-loglevel', 'error'],
        // Before -i: ffmpeg seeks the input (fast, and exact to the sample for the formats we decode).
        ...(this.startSec > 0 ? ['-ss', this.startSec.toFixed(3)] : []),
        ...['-i', this.file, '-vn'],
        ...['-f', 's16le', '-ac', String(BUS_CHANNELS), '-ar', String(BUS_RATE), 'pipe:1'],
      ],
    });
    this.proc = proc;
    if (proc.child.stdout) this.attach(proc.child.stdout, (b) => b);
    void proc.exited.then((exit) => {
      if (this.disposed) return;
      if (exit.ended !== 'exited' || exit.code !== 0) {
        const why = exit.spawnError?.message ?? exit.log.tailText.trim().split('\n').pop() ?? '';
        this.onError(
          `ffmpeg could not decode ${this.file} (${exit.ended}, ${exit.code ?? 'killed'}): ${why}`,
        );
        this.ring.end();
      }
    });
  }

  /** Writes `input`'s PCM (as the bus's, through `convert`) into the ring, pausing it when full. */
  private attach(input: Readable, convert: (chunk: Buffer) => Buffer): void {
    this.input = input;
    input.on('data', (data: Buffer) => {
      const chunk = convert(data);
      const n = this.ring.write(chunk);
      if (n < chunk.length) {
        this.pending = chunk.subarray(n);
        input.pause();
      }
    });
    input.on('end', () => {
      this.streamEnded = true;
      this.finishIfDone();
    });
  }

  private finishIfDone(): void {
    if (this.streamEnded && !this.pending) this.ring.end();
  }
}

/** Integer PCM at the bus's rate, mono or stereo, 16 or 24 bits: read without a decoder. */
export function readsInPlace(wav: WavInfo): boolean {
  return (
    wav.formatTag === 1 &&
    wav.sampleRate === BUS_RATE &&
    (wav.channels === 1 || wav.channels === 2) &&
    (wav.bitsPerSample === 16 || wav.bitsPerSample === 24) &&
    wav.blockAlign === (wav.channels * wav.bitsPerSample) / 8 &&
    wav.frames > 0
  );
}

/**
 * The file's frames as the bus's (s16le stereo): mono copied into both channels, 24 bits cut to
 * their upper 16 (what ffmpeg's s16 conversion does). Keeps a frame cut across two chunks.
 */
export function busPcmOf(wav: WavInfo): (chunk: Buffer) => Buffer {
  const { channels, blockAlign } = wav;
  const width = wav.bitsPerSample / 8;
  if (channels === BUS_CHANNELS && width === 2) return (chunk) => chunk;
  let carry: Buffer = Buffer.alloc(0);
  return (chunk) => {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const frames = Math.floor(data.length / blockAlign);
    carry = Buffer.from(data.subarray(frames * blockAlign));
    const out = Buffer.alloc(frames * 4);
    for (let f = 0; f < frames; f++) {
      const at = f * blockAlign;
      // s24le: the upper two bytes are the s16 sample.
      const left = width === 2 ? data.readInt16LE(at) : data.readInt16LE(at + 1);
      const right = channels === 1 ? left : width === 2 ? data.readInt16LE(at + 2) : data.readInt16LE(at + 4);
      out.writeInt16LE(left, f * 4);
      out.writeInt16LE(right, f * 4 + 2);
    }
    return out;
  };
}
