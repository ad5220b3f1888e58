/**
 * The bus's arithmetic, offline: clipping, fades with no click, the ducking curve, the mixer's
 * sums, pre-emption and underruns, block by block with no clock.
 */
import { describe, expect, it } from 'vitest';
import {
  BLOCK_FRAMES,
  BLOCK_SAMPLES,
  clipToS16,
  dbToGain,
  DuckEnvelope,
  GainRamp,
  Mixer,
  PcmRing,
  type PriorityClass,
} from '../../src-main/live/bus';

/** A stereo sine (same on both channels) of `frames` frames as s16le bytes. */
function sine(frames: number, amplitude: number, hz = 1000, from = 0): Uint8Array {
  const pcm = new Int16Array(frames * 2);
  for (let f = 0; f < frames; f++) {
    const v = Math.round(amplitude * Math.sin((2 * Math.PI * hz * (from + f)) / 48_000));
    pcm[2 * f] = v;
    pcm[2 * f + 1] = v;
  }
  return new Uint8Array(pcm.buffer);
}

function constant(frames: number, value: number): Uint8Array {
  return new Uint8Array(new Int16Array(frames * 2).fill(value).buffer);
}

function ringWith(bytes: Uint8Array, end = true): PcmRing {
  const ring = PcmRing.create(bytes.length + 1);
  expect(ring.write(bytes)).toBe(bytes.length);
  if (end) ring.end();
  return ring;
}

function addSource(
  mixer: Mixer,
  id: string,
  priority: PriorityClass,
  ring: PcmRing,
  levelDb = 0,
  takesAir = false,
) {
  mixer.add({ id, priority, ring, levelDb, playing: true, takesAir, prebufferMs: 0 });
}

/** Mixes `blocks` blocks and returns them end to end. */
function run(mixer: Mixer, blocks: number): Int16Array {
  const out = new Int16Array(blocks * BLOCK_SAMPLES);
  const block = new Int16Array(BLOCK_SAMPLES);
  for (let b = 0; b < blocks; b++) {
    mixer.mixBlock(block);
    out.set(block, b * BLOCK_SAMPLES);
  }
  return out;
}

function maxStep(pcm: Int16Array, from = 0, to = pcm.length / 2): number {
  let max = 0;
  for (let f = from + 1; f < to; f++)
    max = Math.max(max, Math.abs((pcm[2 * f] as number) - (pcm[2 * f - 2] as number)));
  return max;
}

describe('clipping', () => {
  it('holds a sum past full scale at full scale instead of wrapping, and counts it', () => {
    const acc = new Float32Array([40000, -40000, 32767.4, -32768, 1000.6, -0.4]);
    const out = new Int16Array(acc.length);
    expect(clipToS16(acc, out)).toBe(2);
    expect(Array.from(out)).toEqual([32767, -32768, 32767, -32768, 1001, 0]);
  });

  it('two sources at 0.7 of full scale sum to a clipped square, never a wrapped negative', () => {
    const mixer = new Mixer({ fadeMs: 0 });
    addSource(mixer, 'a', 'playout', ringWith(constant(BLOCK_FRAMES * 4, 23000)));
    addSource(mixer, 'b', 'playout', ringWith(constant(BLOCK_FRAMES * 4, 23000)));
    const out = run(mixer, 3);
    expect(Math.min(...out)).toBe(32767);
    expect(mixer.meters().programme.clipped).toBe(3 * BLOCK_SAMPLES);
  });
});

describe('gain ramps', () => {
  it('move in a straight line to the target in exactly the fade’s frames, with no overshoot', () => {
    const ramp = new GainRamp(1);
    ramp.set(0, 10); // 480 frames
    const values = Array.from({ length: 600 }, () => ramp.next());
    expect(values[239]).toBeCloseTo(0.5, 6);
    expect(values[479]).toBe(0);
    expect(Math.min(...values)).toBe(0);
    const steps = values.slice(1, 480).map((v, i) => (values[i] as number) - v);
    for (const s of steps) expect(s).toBeCloseTo(1 / 480, 9);
  });
});

describe('fades', () => {
  it('a pause fades a full-scale sine out over fadeMs with no step larger than the sine’s own', () => {
    const amplitude = 30000;
    const mixer = new Mixer({ fadeMs: 20 });
    addSource(mixer, 'a', 'playout', ringWith(sine(48_000, amplitude)));
    const before = run(mixer, 5);
    mixer.pause('a');
    const during = run(mixer, 4);
    const all = new Int16Array([...before, ...during]);
    // The sine's own largest step between frames: A·2π·f/48k ≈ 3,927 for 1 kHz.
    const own = amplitude * 2 * Math.sin((Math.PI * 1000) / 48_000);
    expect(maxStep(all)).toBeLessThanOrEqual(Math.ceil(own) + 1);
    // Silent from 20 ms after the pause on, and not before 19 ms.
    const fadeEnd = 5 * BLOCK_FRAMES + 960;
    for (let f = fadeEnd; f < all.length / 2; f++) expect(all[2 * f]).toBe(0);
    expect(Math.max(...all.subarray(2 * (fadeEnd - 48), 2 * fadeEnd).map(Math.abs))).toBeGreaterThan(0);
  });

  it('a level change ramps without a discontinuity on a constant signal (the step is Δ/frames)', () => {
    const mixer = new Mixer({ fadeMs: 20 });
    addSource(mixer, 'a', 'playout', ringWith(constant(48_000, 20000)));
    run(mixer, 2);
    mixer.setLevel('a', -20);
    const out = run(mixer, 4);
    const delta = 20000 * (1 - dbToGain(-20));
    expect(maxStep(out)).toBeLessThanOrEqual(Math.ceil(delta / 960) + 1);
    expect(out[out.length - 1]).toBe(Math.round(20000 * dbToGain(-20)));
  });
});

describe('ducking', () => {
  it('drops by depth over the attack time and comes back over the release, linearly in dB', () => {
    const env = new DuckEnvelope({ thresholdDb: -40, depthDb: 12, attackMs: 40, releaseMs: 400 });
    const attack = Array.from({ length: 6 }, () => env.advance(-20, 10));
    expect(attack.map(([, g]) => Math.round(20 * Math.log10(g) * 100) / 100)).toEqual([
      -3, -6, -9, -12, -12, -12,
    ]);
    // Each block's ends meet the next block's start: the gain is continuous.
    for (let i = 1; i < attack.length; i++) expect(attack[i]![0]).toBe(attack[i - 1]![1]);
    const release = Array.from({ length: 41 }, () => env.advance(-60, 10));
    expect(20 * Math.log10(release[19]![1])).toBeCloseTo(-6, 6);
    expect(release[39]![1]).toBe(1);
    expect(release[40]).toEqual([1, 1]);
  });

  it('a microphone above the threshold ducks a playout source by the depth, not an emergency', () => {
    const mixer = new Mixer({
      fadeMs: 0,
      duck: { thresholdDb: -40, depthDb: 10, attackMs: 20, releaseMs: 100 },
    });
    addSource(mixer, 'music', 'playout', ringWith(constant(48_000, 10000)));
    addSource(mixer, 'alert', 'emergency', ringWith(constant(48_000, 1000)));
    const mic = PcmRing.create(48_000 * 4);
    addSource(mixer, 'mic', 'mic', mic);
    const quiet = run(mixer, 3);
    expect(quiet[quiet.length - 2]).toBe(11000); // the microphone is dry: no ducking
    mic.write(sine(BLOCK_FRAMES * 10, 3000));
    const ducked = run(mixer, 10);
    // After the attack the music sits 10 dB down, the emergency source where it was; the
    // microphone's sine (a whole number of periods: mean 0) rides on top.
    const lastBlock = ducked.subarray(9 * BLOCK_SAMPLES);
    const mean = lastBlock.reduce((a, v) => a + v, 0) / lastBlock.length;
    expect(mean).toBeCloseTo(10000 * dbToGain(-10) + 1000, -1);
    expect(mixer.meters().duckDb).toBe(-10);
  });
});

describe('pre-emption', () => {
  it('an emergency that takes the air silences playout within preemptFadeMs and it comes back after', () => {
    const mixer = new Mixer({ fadeMs: 20, preemptFadeMs: 30 });
    addSource(mixer, 'music', 'playout', ringWith(constant(48_000, 8000)));
    const alarm = PcmRing.create(48_000 * 4);
    alarm.write(constant(BLOCK_FRAMES * 20, 1000));
    addSource(mixer, 'alarm', 'emergency', alarm);
    mixer.pause('alarm');
    run(mixer, 3);
    mixer.takeAir('alarm');
    const out = run(mixer, 5);
    // 30 ms later only the alarm is heard.
    expect(Array.from(out.subarray(3 * BLOCK_SAMPLES)).every((v) => v === 1000)).toBe(true);
    const report = mixer.meters();
    expect(report.sources.find((s) => s.id === 'music')).toMatchObject({ onAir: false, state: 'playing' });
    expect(report.sources.find((s) => s.id === 'alarm')).toMatchObject({ onAir: true, holdsAir: true });
    mixer.releaseAir('alarm');
    mixer.pause('alarm');
    const back = run(mixer, 3);
    expect(back[back.length - 2]).toBe(8000);
  });

  it('a playout source held off the air keeps its place; a live one drains', () => {
    const mixer = new Mixer({ fadeMs: 0, preemptFadeMs: 0 });
    const ramp = new Int16Array(BLOCK_FRAMES * 10 * 2).map((_, i) => Math.floor(i / 2));
    addSource(mixer, 'music', 'playout', ringWith(new Uint8Array(ramp.buffer)));
    const relayRing = ringWith(constant(BLOCK_FRAMES * 10, 5));
    addSource(mixer, 'relay', 'relay', relayRing);
    const alarm = PcmRing.create(48_000);
    alarm.write(constant(BLOCK_FRAMES * 3, 0));
    addSource(mixer, 'alarm', 'emergency', alarm, 0, true);
    run(mixer, 3);
    mixer.releaseAir('alarm');
    mixer.remove('alarm');
    const out = run(mixer, 1);
    // The music goes on from its first frame (0, 1, 2… plus the relay's 5): it waited.
    expect([out[0], out[2], out[20]]).toEqual([5, 6, 15]);
    // The relay went on while held: 3 blocks drained, 1 played, 6 left.
    expect(relayRing.available()).toBe(6 * BLOCK_FRAMES * 4);
  });
});

describe('underruns', () => {
  it('a source that runs dry gives silence, counts one underrun, and plays again once refilled', () => {
    const mixer = new Mixer({ fadeMs: 0 });
    const ring = PcmRing.create(48_000);
    ring.write(constant(BLOCK_FRAMES * 2 + 100, 700));
    mixer.add({
      id: 's',
      priority: 'playout',
      ring,
      levelDb: 0,
      playing: true,
      takesAir: false,
      prebufferMs: 0,
    });
    const out = run(mixer, 4);
    expect(out[2 * (2 * BLOCK_FRAMES + 99)]).toBe(700);
    expect(out[2 * (2 * BLOCK_FRAMES + 100)]).toBe(0);
    expect(mixer.meters().sources[0]!.underruns).toBe(1);
    ring.write(constant(BLOCK_FRAMES, 700));
    expect(run(mixer, 1)[0]).toBe(700);
    ring.end();
    run(mixer, 1);
    expect(mixer.drainEvents().map((e) => e.type)).toEqual(['underrun', 'ended']);
  });
});
