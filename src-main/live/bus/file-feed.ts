/**
 * A file decoded by ffmpeg into a source's ring, on the feed thread. ffmpeg decodes as fast as it
 * can; the ring paces it: when the ring is full the pipe is paused, ffmpeg blocks on its write,
 * and the bus's clock, reading a block every 10 ms, decides how fast the file plays. Not at a
 * lower priority: niced on a loaded machine, ffmpeg took a second to start, and the bus's thread,
 * which sleeps most of each block, wins the core from a busy process anyway.
 */
import { FfmpegProcess } from '../../audio/ffmpeg/ffmpeg-process';
import { BUS_CHANNELS, BUS_RATE } from './format';
import type { PcmRing } from './pcm-ring';

export class FileFeed {
  private readonly proc: FfmpegProcess;
  private pending: Buffer | null = null;
  private streamEnded = false;
  private disposed = false;

  constructor(
    ffmpeg: string,
    file: string,
    private readonly ring: PcmRing,
    onError: (message: string) => void,
  ) {
    this.proc = new FfmpegProcess({
      ffmpeg,
      args: [
        '-nostdin',
        '-hide_banner',
        '-loglevel',
        'error',
        '-i',
        file,
        '-vn',
        '-f',
        's16le',
        '-ac',
        String(BUS_CHANNELS),
        '-ar',
        String(BUS_RATE),
        'pipe:1',
      ],
    });
    const out = this.proc.child.stdout;
    out?.on('data', (chunk: Buffer) => {
      const n = this.ring.write(chunk);
      if (n < chunk.length) {
        this.pending = chunk.subarray(n);
        out.pause();
      }
    });
    out?.on('end', () => {
      this.streamEnded = true;
      this.finishIfDone();
    });
    void this.proc.exited.then((exit) => {
      if (this.disposed) return;
      if (exit.ended !== 'exited' || exit.code !== 0) {
        const why = exit.spawnError?.message ?? exit.log.tailText.trim().split('\n').pop() ?? '';
        onError(`ffmpeg could not decode ${file} (${exit.ended}, ${exit.code ?? 'killed'}): ${why}`);
        this.ring.end();
      }
    });
  }

  /** Called every few ms: moves what waited for room into the ring. */
  pump(): void {
    // Back in once a quarter of the ring is free, not a block at a time: a few writes a second.
    if (!this.pending || this.ring.space() < this.ring.capacity / 4) return;
    const n = this.ring.write(this.pending);
    this.pending = n < this.pending.length ? this.pending.subarray(n) : null;
    if (!this.pending) {
      this.proc.child.stdout?.resume();
      this.finishIfDone();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.proc.stop();
  }

  private finishIfDone(): void {
    if (this.streamEnded && !this.pending) this.ring.end();
  }
}
