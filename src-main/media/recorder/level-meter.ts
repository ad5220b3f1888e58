import { LEVEL_FLOOR_DBFS, type ChannelLevel } from '../../contract';

/** A sample at or above −0.1 dBFS counts as clipping: the converter is at (or a hair from) full scale. */
export const CLIP_THRESHOLD = Math.floor(32768 * 10 ** (-0.1 / 20));

export interface LevelWindow {
  peakDbfs: number;
  rmsDbfs: number;
  channels: ChannelLevel[];
  clipping: boolean;
  /** Frames counted in this window. */
  frames: number;
}

export function toDbfs(linear: number): number {
  if (linear <= 0) return LEVEL_FLOOR_DBFS;
  return Math.max(LEVEL_FLOOR_DBFS, Math.round(20 * Math.log10(linear) * 100) / 100);
}

/**
 * Peak and RMS of interleaved 16-bit little-endian PCM over fixed windows of audio (40 ms by
 * default, so 25 readings a second of audio whatever size the chunks arrive in). Chunks may split
 * frames; the remainder is carried to the next chunk.
 */
export class LevelMeter {
  private readonly peak: number[];
  private readonly sumSquares: number[];
  private frames = 0;
  private clipped = false;

  constructor(
    private readonly channels: number,
    private readonly windowFrames: number,
    private readonly onWindow: (window: LevelWindow) => void,
  ) {
    this.peak = new Array<number>(channels).fill(0);
    this.sumSquares = new Array<number>(channels).fill(0);
  }

  /** Feeds whole frames (the caller aligns chunks to frames). */
  push(pcm: Buffer): void {
    const channels = this.channels;
    const frameBytes = channels * 2;
    const total = Math.floor(pcm.length / frameBytes);
    for (let f = 0; f < total; f++) {
      const base = f * frameBytes;
      for (let c = 0; c < channels; c++) {
        const s = pcm.readInt16LE(base + c * 2);
        const a = s < 0 ? -s : s;
        if (a > this.peak[c]!) this.peak[c] = a;
        this.sumSquares[c]! += s * s;
        if (a >= CLIP_THRESHOLD) this.clipped = true;
      }
      if (++this.frames >= this.windowFrames) this.emit();
    }
  }

  private emit(): void {
    const channels: ChannelLevel[] = [];
    for (let c = 0; c < this.channels; c++) {
      channels.push({
        peakDbfs: toDbfs(this.peak[c]! / 32768),
        rmsDbfs: toDbfs(Math.sqrt(this.sumSquares[c]! / this.frames) / 32768),
      });
      this.peak[c] = 0;
      this.sumSquares[c] = 0;
    }
    const window: LevelWindow = {
      peakDbfs: Math.max(...channels.map((c) => c.peakDbfs)),
      rmsDbfs: Math.max(...channels.map((c) => c.rmsDbfs)),
      channels,
      clipping: this.clipped,
      frames: this.frames,
    };
    this.frames = 0;
    this.clipped = false;
    this.onWindow(window);
  }
}
