/**
 * The arithmetic of the bus, with no clock and no threads: linear gain ramps (fades with no
 * click), the ducking envelope, summing into a float accumulator, and the one place the sum is
 * clipped back to 16 bits. The unit tests pin these; the mixer only strings them together.
 */
import { BUS_RATE, dbToGain, gainToDb } from './format';

/**
 * A gain that moves linearly, one step per frame, to its target: a fade of any length is a
 * straight line, so the output never jumps (the largest step between two frames is the signal's
 * own step plus |target − start| / frames of the fade).
 */
export class GainRamp {
  private step = 0;
  private remaining = 0;

  constructor(
    public value: number,
    public target: number = value,
  ) {}

  /** Moves toward `target` over `ms` (0: at once). A new target mid-fade starts from where it is. */
  set(target: number, ms: number): void {
    this.target = target;
    const frames = Math.round((ms * BUS_RATE) / 1000);
    if (frames <= 0 || target === this.value) {
      this.value = target;
      this.remaining = 0;
    } else {
      this.step = (target - this.value) / frames;
      this.remaining = frames;
    }
  }

  get moving(): boolean {
    return this.remaining > 0;
  }

  /** The gain for the next frame. */
  next(): number {
    if (this.remaining === 0) return this.value;
    // Counted, not compared: the last frame lands on the target exactly, whatever the rounding.
    this.value = --this.remaining === 0 ? this.target : this.value + this.step;
    return this.value;
  }
}

export interface DuckSettings {
  /** The microphone's level (RMS of a block, dBFS) above which music is ducked. */
  thresholdDb: number;
  /** How far the ducked sources drop (dB, positive). */
  depthDb: number;
  /** Time to go from no ducking to the full depth. */
  attackMs: number;
  /** Time to come back from the full depth once the microphone is quiet. */
  releaseMs: number;
}

export const DEFAULT_DUCK: DuckSettings = {
  thresholdDb: -40,
  depthDb: 12,
  attackMs: 40,
  releaseMs: 400,
};

/**
 * The ducking envelope, in dB (0 or below), moved once a block by a sidechain key (the
 * microphone's RMS): toward −depth at depth/attack dB per ms while the key is above the
 * threshold, back to 0 at depth/release dB per ms when it is not. Straight lines in dB, so the
 * gain is continuous; within a block the mixer interpolates the gain between the two ends.
 */
export class DuckEnvelope {
  db = 0;

  constructor(public settings: DuckSettings = DEFAULT_DUCK) {}

  /** Advances one block of `ms` with the key's level; returns the gains at the block's start and end. */
  advance(keyDb: number, ms: number): [number, number] {
    const { thresholdDb, depthDb, attackMs, releaseMs } = this.settings;
    const from = this.db;
    if (keyDb > thresholdDb) {
      const rate = attackMs > 0 ? depthDb / attackMs : Infinity;
      this.db = Math.max(-depthDb, this.db - rate * ms);
    } else {
      const rate = releaseMs > 0 ? depthDb / releaseMs : Infinity;
      this.db = Math.min(0, this.db + rate * ms);
    }
    return [dbToGain(from), dbToGain(this.db)];
  }
}

/** RMS in dBFS of a block's sum of squares over `count` samples. */
export function rmsDb(sumSq: number, count: number): number {
  return count > 0 ? gainToDb(Math.sqrt(sumSq / count)) : -Infinity;
}

/**
 * Sums the accumulator (s16 scale floats) into s16 with clipping: a sum past full scale is held at
 * it, never wrapped. Returns how many samples were clipped.
 */
export function clipToS16(acc: Float32Array, out: Int16Array): number {
  let clipped = 0;
  for (let i = 0; i < acc.length; i++) {
    const v = Math.round(acc[i] as number);
    if (v > 32767) {
      out[i] = 32767;
      clipped++;
    } else if (v < -32768) {
      out[i] = -32768;
      clipped++;
    } else out[i] = v;
  }
  return clipped;
}
