/**
 * A bounded single-producer single-consumer byte ring on a SharedArrayBuffer: one thread writes
 * PCM, another reads it, with no message per chunk and no lock. A full ring refuses what does not
 * fit (the writer pauses its source: that is the back-pressure that paces a file to the bus); an
 * empty one gives what it has (the bus makes up the rest with silence and counts an underrun).
 *
 * Header (Int32, by Atomics): [0] write offset, [1] read offset, [2] ended (the writer will write
 * no more), [3] bytes `writeWhole` dropped for want of room. Offsets are in [0, capacity); one
 * byte always stays free so that full ≠ empty.
 */
const WRITE = 0;
const READ = 1;
const ENDED = 2;
const DROPPED = 3;
const HEADER_BYTES = 16;

/** Atomics.waitAsync (Node 16+, ES2024), which the project's ES2023 library does not declare. */
interface AtomicsWaitAsync {
  waitAsync(
    array: Int32Array,
    index: number,
    value: number,
    timeoutMs: number,
  ): { async: false; value: string } | { async: true; value: Promise<string> };
}

export class PcmRing {
  readonly capacity: number;
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
    this.bytes = new Uint8Array(buffer, HEADER_BYTES);
    this.capacity = this.bytes.length;
  }

  /** A new ring that holds up to `bytes - 1` bytes. */
  static create(bytes: number): PcmRing {
    return new PcmRing(new SharedArrayBuffer(HEADER_BYTES + bytes));
  }

  /** Bytes waiting to be read. */
  available(): number {
    const w = Atomics.load(this.header, WRITE);
    const r = Atomics.load(this.header, READ);
    return w >= r ? w - r : this.capacity - r + w;
  }

  /** Bytes that can be written now. */
  space(): number {
    return this.capacity - 1 - this.available();
  }

  /** Writes as much of `src` as fits; returns how many bytes were taken. */
  write(src: Uint8Array): number {
    const n = Math.min(src.length, this.space());
    if (n === 0) return 0;
    const w = Atomics.load(this.header, WRITE);
    const first = Math.min(n, this.capacity - w);
    this.bytes.set(src.subarray(0, first), w);
    if (n > first) this.bytes.set(src.subarray(first, n), 0);
    // The bytes are in place before the offset that publishes them moves (Atomics order the two).
    Atomics.store(this.header, WRITE, (w + n) % this.capacity);
    // A reader may sleep on the write offset (`whenWritten`): wake it. Without one this costs little.
    Atomics.notify(this.header, WRITE);
    return n;
  }

  /**
   * Writes all of `src` or, when it does not fit, none of it (counted in `droppedBytes`): a
   * reader never sees part of a block, so its frames stay aligned whatever it missed.
   */
  writeWhole(src: Uint8Array): boolean {
    if (this.space() < src.length) {
      Atomics.add(this.header, DROPPED, src.length);
      return false;
    }
    this.write(src);
    return true;
  }

  /** Bytes `writeWhole` dropped since the ring was made (a reader adds them to its position). */
  get droppedBytes(): number {
    return Atomics.load(this.header, DROPPED);
  }

  /** Reads up to `dst.length` bytes into `dst`; returns how many. */
  read(dst: Uint8Array): number {
    const n = Math.min(dst.length, this.available());
    if (n === 0) return 0;
    const r = Atomics.load(this.header, READ);
    const first = Math.min(n, this.capacity - r);
    dst.set(this.bytes.subarray(r, r + first), 0);
    if (n > first) dst.set(this.bytes.subarray(0, n - first), first);
    Atomics.store(this.header, READ, (r + n) % this.capacity);
    return n;
  }

  /**
   * Resolves once the writer has written since `available()` was last seen empty, or after
   * `timeoutMs`: a reader on another thread sleeps here instead of polling on a timer.
   */
  whenWritten(timeoutMs: number): Promise<void> {
    const w = Atomics.load(this.header, WRITE);
    if (w !== Atomics.load(this.header, READ)) return Promise.resolve();
    const waited = (Atomics as unknown as AtomicsWaitAsync).waitAsync(this.header, WRITE, w, timeoutMs);
    return waited.async ? waited.value.then(() => undefined) : Promise.resolve();
  }

  /** The writer says no more will come (end of stream or file). */
  end(): void {
    Atomics.store(this.header, ENDED, 1);
  }

  get ended(): boolean {
    return Atomics.load(this.header, ENDED) === 1;
  }
}
