/** A small seeded generator (mulberry32): the same seed gives the same sequence, so a failure reproduces. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }

  /** Printable ASCII, with a few characters that break parsers. */
  text(n: number): string {
    const special = ['%', '\0', '\r', '\n', ';', '=', '"', '\\', '[', ']', ' ', '\u00e0', '\u1ea1'];
    let s = '';
    for (let i = 0; i < n; i++)
      s += this.chance(0.15) ? this.pick(special) : String.fromCharCode(this.int(33, 126));
    return s;
  }
}

/** The seed to use: FUZZ_SEED from the environment when set (to replay a failure), else `fallback`. */
export function fuzzSeed(fallback: number): number {
  const fromEnv = Number(process.env.FUZZ_SEED);
  return Number.isInteger(fromEnv) && process.env.FUZZ_SEED !== '' ? fromEnv : fallback;
}
