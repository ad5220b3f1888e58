/**
 * A readable stream of PCM (standard input for `pcm:-`) copied into a source's ring on the main
 * thread. What does not fit waits and the stream is paused: a producer faster than real time is
 * paced by the bus, and nothing is buffered without bound. The ring's depth is what rides out
 * main's busy moments: the worker reads it whatever main is doing.
 */
import type { Readable } from 'node:stream';
import type { PcmRing } from './pcm-ring';

/** How often a paused stream retries: a few blocks, well inside any ring's depth. */
const RETRY_MS = 10;

export class StreamFeed {
  private pending: Buffer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ended = false;
  private readonly onData = (chunk: Buffer) => this.take(chunk);
  private readonly onEnd = () => {
    this.ended = true;
    this.finishIfDone();
  };

  constructor(
    private readonly stream: Readable,
    private readonly ring: PcmRing,
  ) {
    stream.on('data', this.onData);
    stream.once('end', this.onEnd);
    stream.once('error', this.onEnd);
  }

  dispose(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onEnd);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ring.end();
  }

  private take(chunk: Buffer): void {
    const n = this.ring.write(chunk);
    if (n === chunk.length) return;
    this.pending = chunk.subarray(n);
    this.stream.pause();
    this.timer ??= setInterval(() => this.retry(), RETRY_MS);
  }

  private retry(): void {
    // Back in once a quarter of the ring is free, not a block at a time.
    if (!this.pending || this.ring.space() < this.ring.capacity / 4) return;
    const n = this.ring.write(this.pending);
    this.pending = n < this.pending.length ? this.pending.subarray(n) : null;
    if (this.pending) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.finishIfDone();
    if (!this.ended) this.stream.resume();
  }

  private finishIfDone(): void {
    if (this.ended && !this.pending) this.ring.end();
  }
}
