/**
 * The alarm's sound: two short beeps made with WebAudio (no file to ship or to fail to load),
 * loud enough to be heard across a studio room, short enough not to cover a phone call.
 */
let context: AudioContext | null = null;

/** Plays the two beeps once; a window the browser does not let sound yet simply stays silent. */
export function soundAlarm(): void {
  context ??= new AudioContext();
  const ctx = context;
  // A context made before any click starts suspended; a click since lets it resume.
  if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined); // stays silent: nothing else to do
  for (const offset of [0, 0.35]) {
    const start = ctx.currentTime + offset;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = 880;
    // Ramps in and out: no click at either end.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(0.25, start + 0.02);
    gain.gain.setValueAtTime(0.25, start + 0.2);
    gain.gain.linearRampToValueAtTime(0, start + 0.25);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.26);
  }
}
