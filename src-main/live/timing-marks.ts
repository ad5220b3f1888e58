/**
 * Timing marks: wall-clock time carried in the audio itself, so that a receiver that decodes the
 * stream can tell, for each mark it hears, when the source emitted it (issue 15's latency
 * benchmarks). Pure functions over PCM; no I/O.
 *
 * A mark is a 50 ms two-tone burst (as DTMF: two tones at once, which no sweep, single whistle or
 * held note makes) at each whole second of the source's clock. Its tone pair encodes the second
 * modulo 10, so a latency up to 10 s is unambiguous. The tones lie between 700 and 2,300 Hz, which
 * MP3 at 64 kbps and Opus at 24 kbps keep. The detector runs Goertzel filters over a sliding
 * 20 ms window every 5 ms and takes the onset where the pair's share of the window's energy
 * crosses half its plateau, which lands within about a millisecond of the true start.
 */

export const MARK_SAMPLE_RATE = 48_000;
/** Length of one burst. Long enough for a 20 ms window to see a plateau, short enough to be a blip. */
export const MARK_MS = 50;
/** Raised-cosine ramps at each end: no click, so no splatter into other bins. */
const RAMP_MS = 3;
const LOW_TONES = [700, 900, 1100, 1300, 1500] as const;
const HIGH_TONES = [1900, 2300] as const;

/** The tone pair of a digit 0–9: low tone `d mod 5`, high tone `floor(d / 5)`. */
export function markTones(digit: number): [number, number] {
  const d = ((digit % 10) + 10) % 10;
  return [LOW_TONES[d % 5] as number, HIGH_TONES[Math.floor(d / 5)] as number];
}

export interface MarkGeneratorOptions {
  /** Wall-clock time (ms since the epoch) of the first sample this generator makes. */
  startMs: number;
  /** Peak level of each of the two tones, dBFS (the burst's peak is 6 dB higher). Default -12. */
  levelDb?: number;
  /** Interleaved channels of the output (s16le). Default 2. */
  channels?: number;
}

export interface MarkGenerator {
  /**
   * The next `frames` frames (one sample per channel each) as s16le at 48 kHz: the marks over
   * silence, or mixed onto `signal` (s16le, same channel count and length) when given.
   */
  next(frames: number, signal?: Buffer): Buffer;
  /** Frames made so far. */
  readonly framesMade: number;
}

/** A mark's position: the whole second it stands for and the frame where it starts. */
function markStartFrame(startMs: number, second: number): number {
  return Math.round(((second * 1000 - startMs) * MARK_SAMPLE_RATE) / 1000);
}

export function markGenerator(options: MarkGeneratorOptions): MarkGenerator {
  const channels = options.channels ?? 2;
  const amplitude = 32767 * 10 ** ((options.levelDb ?? -12) / 20);
  const burst = Math.round((MARK_MS * MARK_SAMPLE_RATE) / 1000);
  const ramp = Math.round((RAMP_MS * MARK_SAMPLE_RATE) / 1000);
  let made = 0;

  /** The burst's value at frame `i` of the burst for `second`. */
  const burstSample = (second: number, i: number): number => {
    const [f1, f2] = markTones(second % 10);
    const t = i / MARK_SAMPLE_RATE;
    const edge = Math.min(i, burst - 1 - i);
    const env = edge >= ramp ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * edge) / ramp);
    return amplitude * env * (Math.sin(2 * Math.PI * f1 * t) + Math.sin(2 * Math.PI * f2 * t));
  };

  return {
    get framesMade() {
      return made;
    },
    next(frames, signal) {
      const out = Buffer.alloc(frames * channels * 2);
      if (signal) signal.copy(out, 0, 0, out.length);
      const first = made;
      const last = made + frames; // exclusive
      const msAt = (frame: number) => options.startMs + (frame * 1000) / MARK_SAMPLE_RATE;
      // Every second whose burst overlaps [first, last).
      const fromSecond = Math.floor((msAt(first) - MARK_MS - 1) / 1000);
      const toSecond = Math.ceil(msAt(last) / 1000);
      for (let s = fromSecond; s <= toSecond; s++) {
        const start = markStartFrame(options.startMs, s);
        const a = Math.max(first, start);
        const b = Math.min(last, start + burst);
        for (let f = a; f < b; f++) {
          const v = burstSample(s, f - start);
          for (let c = 0; c < channels; c++) {
            const at = ((f - first) * channels + c) * 2;
            const mixed = Math.round(out.readInt16LE(at) + v);
            out.writeInt16LE(Math.max(-32768, Math.min(32767, mixed)), at);
          }
        }
      }
      made = last;
      return out;
    },
  };
}

export interface DetectedMark {
  /** The digit heard (the source's second modulo 10). */
  digit: number;
  /** Frame index (fractional) in the detector's input where the burst starts. */
  frame: number;
  /** When that frame was heard: `timeOfFrame(frame)`, ms since the epoch. */
  heardMs: number;
  /** The whole second of the source's clock the mark stands for (ms since the epoch). */
  sourceMs: number;
  /** heardMs − sourceMs, in [−100, 9 900). */
  latencyMs: number;
}

/**
 * The whole second of the source's clock a mark of `digit` heard at `heardMs` stands for: the
 * latest one at or before heardMs with that digit (with a little slack, so an onset estimated a
 * hair early still belongs to its own second).
 */
export function markSourceMs(digit: number, heardMs: number): number {
  let second = Math.floor((heardMs + EARLY_SLACK_MS) / 1000);
  while (((second % 10) + 10) % 10 !== digit) second--;
  return second * 1000;
}

export interface MarkDetectorOptions {
  /** Interleaved channels of the input (s16le); the detector listens to their sum. Default 2. */
  channels?: number;
  /**
   * When input frame `frame` (fractional) was heard, ms since the epoch: a receiver maps it through
   * its playback clock. Default: frame / 48.
   */
  timeOfFrame?: (frame: number) => number;
}

export interface MarkDetector {
  /** Feeds decoded s16le PCM (48 kHz) and answers the marks completed by it. */
  push(pcm: Buffer): DetectedMark[];
}

/** Sliding window and hop of the detector. */
const WINDOW = 960; // 20 ms
const HOP = 240; // 5 ms: the onset comes from interpolating the linear rise, not from the hop
/** Share of the window's energy the pair must hold to count as a mark. */
const SHARE = 0.6;
/** A burst's plateau (windows above SHARE): about 50 ms burst − 20 ms window + the partial windows above SHARE. */
const MIN_PLATEAU_MS = 15;
const MAX_PLATEAU_MS = 60;
/** Below this RMS (about -60 dBFS) a window is silence, not a tone. */
const MIN_RMS = 32;

/** Goertzel power of `freq` over x (normalised so a full-window tone of amplitude A gives A²/4·N²). */
function goertzel(x: Float64Array, freq: number): number {
  const w = (2 * Math.PI * freq) / MARK_SAMPLE_RATE;
  const k = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s0 = (x[i] as number) + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

export function markDetector(options: MarkDetectorOptions = {}): MarkDetector {
  const channels = options.channels ?? 2;
  const timeOf = options.timeOfFrame ?? ((f: number) => (f * 1000) / MARK_SAMPLE_RATE);
  const tones = [...LOW_TONES, ...HIGH_TONES];
  const hopsPerMs = MARK_SAMPLE_RATE / 1000 / HOP;
  // Mono history: enough for one window plus what has not been hopped over yet.
  let history = new Float64Array(0);
  let historyStart = 0; // frame index of history[0]
  let nextWindow = 0; // frame index where the next window starts
  // The last windows' pair shares (one per hop), enough to look around a burst.
  const points: Point[] = [];
  // A run of windows above SHARE, judged once the windows after its burst are in.
  let run: Point[] | null = null;
  const pending: Array<{ run: Point[]; onset: number; judgeAt: number }> = [];
  const window = new Float64Array(WINDOW);

  const onsetOf = (r: Point[]): number => {
    const plateau = median(r.map((p) => p.share));
    const half = plateau / 2;
    // The rising edge: the window end where the share crosses half the plateau, interpolated.
    let crossEnd = r[0]!.end;
    const firstAt = points.indexOf(r[0]!);
    for (let i = Math.max(1, firstAt - WINDOW / HOP); i <= firstAt; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (a.share < half && b.share >= half) {
        crossEnd = a.end + ((half - a.share) / (b.share - a.share)) * (b.end - a.end);
        break;
      }
    }
    return crossEnd - WINDOW / 2 - (RAMP_MS * MARK_SAMPLE_RATE) / 1000 / 2;
  };

  const burstFrames = (MARK_MS * MARK_SAMPLE_RATE) / 1000;
  /** Quiet (in the marks' terms) before and after the burst: a held chord or a sweep is no mark. */
  const judge = (c: { run: Point[]; onset: number }): DetectedMark | null => {
    const plateauMs = (c.run.length * HOP * 1000) / MARK_SAMPLE_RATE;
    if (plateauMs < MIN_PLATEAU_MS || plateauMs > MAX_PLATEAU_MS) return null;
    const digit = c.run[0]!.digit;
    const before = points.filter((p) => p.end <= c.onset && p.end > c.onset - GUARD * hopsPerMs * HOP);
    const afterFrom = c.onset + burstFrames + WINDOW;
    const after = points.filter(
      (p) => p.end - WINDOW >= c.onset + burstFrames && p.end <= afterFrom + GUARD * hopsPerMs * HOP,
    );
    if (before.length === 0 || after.length === 0) return null;
    if ([...before, ...after].some((p) => p.share >= SHARE / 2)) return null;
    const heardMs = timeOf(c.onset);
    const sourceMs = markSourceMs(digit, heardMs);
    return { digit, frame: c.onset, heardMs, sourceMs, latencyMs: heardMs - sourceMs };
  };

  const close = () => {
    if (!run) return;
    const onset = onsetOf(run);
    pending.push({ run, onset, judgeAt: onset + burstFrames + WINDOW + GUARD * hopsPerMs * HOP });
    run = null;
  };

  return {
    push(pcm) {
      const frames = Math.floor(pcm.length / (2 * channels));
      const grown = new Float64Array(history.length + frames);
      grown.set(history);
      for (let f = 0; f < frames; f++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += pcm.readInt16LE((f * channels + c) * 2);
        grown[history.length + f] = sum / channels;
      }
      history = grown;
      const found: DetectedMark[] = [];
      while (nextWindow + WINDOW <= historyStart + history.length) {
        const from = nextWindow - historyStart;
        window.set(history.subarray(from, from + WINDOW));
        let energy = 0;
        for (let i = 0; i < WINDOW; i++) energy += (window[i] as number) ** 2;
        let share = 0;
        let digit = -1;
        if (Math.sqrt(energy / WINDOW) >= MIN_RMS) {
          // Each tone's share of the energy: 2·|X|²/(N·Σx²) is 1 for a pure tone on its bin.
          const shares = tones.map((t) => (2 * goertzel(window, t)) / (WINDOW * energy));
          const lo = argmax(shares.slice(0, LOW_TONES.length));
          const hi = argmax(shares.slice(LOW_TONES.length));
          const loShare = shares[lo] as number;
          const hiShare = shares[LOW_TONES.length + hi] as number;
          // Both tones must be there, each with a fair part: a single tone or a sweep is no mark.
          if (loShare > 0.2 && hiShare > 0.2) {
            share = loShare + hiShare;
            digit = lo + LOW_TONES.length * hi;
          }
        }
        const point = { end: nextWindow + WINDOW, share, digit };
        points.push(point);
        if (points.length > KEEP_POINTS) points.shift();
        if (share >= SHARE && (!run || run[0]!.digit === digit)) (run ??= []).push(point);
        else {
          close();
          if (share >= SHARE) run = [point];
        }
        while (pending.length > 0 && pending[0]!.judgeAt <= point.end) {
          const m = judge(pending.shift()!);
          if (m) found.push(m);
        }
        nextWindow += HOP;
      }
      // Drop what no future window needs.
      const keepFrom = nextWindow - historyStart;
      if (keepFrom > 0) {
        history = history.slice(keepFrom);
        historyStart = nextWindow;
      }
      return found;
    },
  };
}

interface Point {
  /** Frame index just past the window. */
  end: number;
  /** The best tone pair's share of the window's energy (0 when not both tones are there). */
  share: number;
  digit: number;
}

/** How early (ms) an onset may be estimated and still belong to the second after it. */
const EARLY_SLACK_MS = 100;
/** How long (ms) before and after a burst the marks' tones must be absent. */
const GUARD = 20;
/** Windows remembered: the longest run plus the guards and a window either side. */
const KEEP_POINTS = 200;

function argmax(xs: number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if ((xs[i] as number) > (xs[best] as number)) best = i;
  return best;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
