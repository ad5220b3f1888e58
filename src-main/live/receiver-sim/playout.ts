/**
 * A commune loudspeaker's clock (issue 15): it starts once 100 ms of audio is in hand, then plays
 * one sample per 1/48,000 s, and stalls when the data is late, resuming as soon as audio arrives.
 * So a burst on connect is not free: it is audio the loudspeaker plays late. Also maps a sample to
 * the moment it was played, for the timing marks.
 */

export const PLAYOUT_RATE = 48_000;
/** Audio in hand before the first sample plays. */
export const START_SAMPLES = 4_800;

export interface PlayoutStats {
  /** When the first sample played (ms since the epoch), or null if it never did. */
  startedAtMs: number | null;
  /** Times the loudspeaker ran dry after it had started (late data or a lost connection). */
  dropouts: number;
  /** Time spent dry after the start, ms (up to the last `advance`). */
  stalledMs: number;
  /** Samples played so far. */
  playedSamples: number;
  /** The first stalls: when each began (ms since the epoch) and how long it lasted (ms). */
  stalls: Array<{ fromMs: number; ms: number }>;
}

/** Stalls listed one by one in the stats (the count goes on past them). */
const LISTED_STALLS = 20;

export class Playout {
  private received = 0;
  /** Playing segments: from sample `sample`, played at `ms` onwards without a stall. */
  private readonly segments: Array<{ sample: number; ms: number }> = [];
  private playing = false;
  private dryFromMs: number | null = null;
  private stalls = 0;
  private stalled = 0;
  private readonly stallList: Array<{ fromMs: number; ms: number }> = [];
  /** Samples played when the loudspeaker last stopped (0 before it starts). */
  private stoppedAt = 0;

  /** Audio of `samples` samples arrived at `nowMs`. */
  add(samples: number, nowMs: number): void {
    this.advance(nowMs);
    this.received += samples;
    if (this.playing || this.received === this.played()) return;
    const started = this.segments.length > 0;
    if (!started && this.received < START_SAMPLES) return;
    if (this.dryFromMs !== null) {
      this.stalled += nowMs - this.dryFromMs;
      if (this.stallList.length < LISTED_STALLS)
        this.stallList.push({ fromMs: this.dryFromMs, ms: nowMs - this.dryFromMs });
    }
    this.dryFromMs = null;
    this.segments.push({ sample: this.played(), ms: nowMs });
    this.playing = true;
  }

  /** Plays up to `nowMs`: the loudspeaker runs dry if it reaches the end of what arrived. */
  advance(nowMs: number): void {
    if (!this.playing) return;
    const seg = this.segments[this.segments.length - 1]!;
    const position = seg.sample + ((nowMs - seg.ms) * PLAYOUT_RATE) / 1000;
    if (position < this.received) return;
    this.playing = false;
    this.stoppedAt = this.received;
    this.stalls++;
    this.dryFromMs = seg.ms + ((this.received - seg.sample) * 1000) / PLAYOUT_RATE;
  }

  /** When sample `n` (fractional) of everything received was played, ms since the epoch, or null. */
  timeOfSample(n: number): number | null {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const seg = this.segments[i]!;
      if (seg.sample <= n) return seg.ms + ((n - seg.sample) * 1000) / PLAYOUT_RATE;
    }
    return null;
  }

  /** Samples received so far (the next sample's index). */
  get receivedSamples(): number {
    return this.received;
  }

  stats(nowMs: number): PlayoutStats {
    this.advance(nowMs);
    return {
      startedAtMs: this.segments[0]?.ms ?? null,
      dropouts: this.stalls,
      stalledMs: this.stalled + (this.dryFromMs === null ? 0 : Math.max(0, nowMs - this.dryFromMs)),
      playedSamples: this.played(nowMs),
      stalls: [
        ...this.stallList,
        ...(this.dryFromMs === null
          ? []
          : [{ fromMs: this.dryFromMs, ms: Math.max(0, nowMs - this.dryFromMs) }]),
      ].slice(0, LISTED_STALLS),
    };
  }

  /** Samples played by `nowMs` (while playing), or where playing stopped. */
  private played(nowMs?: number): number {
    if (!this.playing) return this.stoppedAt;
    const seg = this.segments[this.segments.length - 1]!;
    if (nowMs === undefined) return seg.sample;
    return Math.min(this.received, seg.sample + ((nowMs - seg.ms) * PLAYOUT_RATE) / 1000);
  }
}
