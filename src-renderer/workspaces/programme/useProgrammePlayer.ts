import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgrammePreview } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { SAMPLE_RATE } from '../editor/samples';

/** Main renders the programme in windows of this much, so playback starts soon in a long programme. */
const WINDOW = 90 * SAMPLE_RATE;
/** The next window is asked for this long before the current one ends. */
const AHEAD_SEC = 20;
/** The playhead is redrawn when it has moved this far (50 ms). */
const STEP = SAMPLE_RATE / 20;

export interface ProgrammePlayer {
  playing: boolean;
  /** A window is being rendered before the sound can start. */
  loading: boolean;
  /** Where playback is (or would start), in programme samples. */
  position: number;
  error: StudioCallError | null;
  play(from?: number): void;
  pause(): void;
  toggle(): void;
  /** Moves the playhead; playback, if any, goes on from there. */
  seek(samples: number): void;
}

/**
 * Plays the programme as it will render: main renders a window of the mix (ducking, gains, fades,
 * loudness gain and limiter; placeholders are silent) into its preview cache, and the page streams
 * it through the hosts' media route. Windows follow one another until the end of the programme.
 * A change to the programme makes main render the windows again from where playback is.
 */
export function useProgrammePlayer(id: string, length: number, revision: number): ProgrammePlayer {
  const { client } = useStudio();
  const [playing, setPlaying] = useState(false);
  const [loading, setLoading] = useState(false);
  const [position, setPosition] = useState(0);
  const [error, setError] = useState<StudioCallError | null>(null);
  const audio = useRef<HTMLAudioElement | null>(null);
  const frame = useRef(0);
  const seq = useRef(0);
  const positionRef = useRef(0);
  const lengthRef = useRef(length);
  lengthRef.current = length;

  const halt = useCallback(() => {
    seq.current++;
    cancelAnimationFrame(frame.current);
    const a = audio.current;
    if (a) {
      a.pause();
      a.removeAttribute('src');
      a.load();
    }
    audio.current = null;
  }, []);

  const moveTo = useCallback((samples: number) => {
    positionRef.current = samples;
    setPosition(samples);
  }, []);

  const windowAt = useCallback(
    (from: number): Promise<ProgrammePreview> =>
      client.api.programme.preview({ id, start: from, end: Math.min(lengthRef.current, from + WINDOW) }),
    [client, id],
  );

  const play = useCallback(
    (fromArg?: number) => {
      halt();
      const mine = seq.current;
      const total = lengthRef.current;
      if (total <= 0) return;
      let from = fromArg ?? positionRef.current;
      if (from >= total) from = 0;
      moveTo(from);
      setError(null);
      setLoading(true);
      setPlaying(true);

      const run = async (preview: Promise<ProgrammePreview>) => {
        const win = await preview;
        if (mine !== seq.current) return;
        const a = new Audio(`media/${win.previewId}`);
        audio.current = a;
        a.preload = 'auto';
        await new Promise<void>((resolve, reject) => {
          a.addEventListener('loadedmetadata', () => resolve(), { once: true });
          a.addEventListener('error', () => reject(new Error(a.error?.message || 'media')), { once: true });
        });
        if (mine !== seq.current) return;
        await a.play();
        setLoading(false);
        let next: Promise<ProgrammePreview> | null = null;
        const tick = () => {
          if (mine !== seq.current) return;
          const t = a.currentTime;
          const at = Math.min(win.end, win.start + Math.round(t * SAMPLE_RATE));
          // About 20 updates a second: the playhead moves smoothly without redrawing every frame.
          if (Math.abs(at - positionRef.current) >= STEP) moveTo(at);
          const more = win.end < lengthRef.current;
          if (more && !next && t >= win.durationSec - AHEAD_SEC) {
            next = windowAt(win.end);
            // Read ahead only: the player meets this window's error when it reaches it.
            next.catch(() => undefined);
          }
          if (a.ended || t >= win.durationSec) {
            if (more) {
              setLoading(true);
              void run(next ?? windowAt(win.end)).catch(fail);
            } else {
              halt();
              setPlaying(false);
              moveTo(lengthRef.current);
            }
            return;
          }
          frame.current = requestAnimationFrame(tick);
        };
        tick();
      };
      const fail = (err: unknown) => {
        if (mine !== seq.current) return;
        halt();
        setError(toStudioCallError(err));
        setPlaying(false);
        setLoading(false);
      };
      void run(windowAt(from)).catch(fail);
    },
    [halt, moveTo, windowAt],
  );

  const pause = useCallback(() => {
    halt();
    setPlaying(false);
    setLoading(false);
  }, [halt]);

  const toggle = useCallback(() => {
    if (audio.current || loading) pause();
    else play();
  }, [loading, pause, play]);

  const seek = useCallback(
    (samples: number) => {
      const s = Math.max(0, Math.min(lengthRef.current, Math.round(samples)));
      if (audio.current || loading) play(s);
      else moveTo(s);
    },
    [loading, moveTo, play],
  );

  // What plays is what renders: after a change, the mix is rendered again from where it is.
  const playingRef = useRef(false);
  playingRef.current = playing;
  useEffect(() => {
    if (playingRef.current) play(positionRef.current);
  }, [revision, play]);

  // A shorter programme keeps the playhead inside it.
  useEffect(() => {
    if (positionRef.current > length) moveTo(length);
  }, [length, moveTo]);

  useEffect(() => halt, [halt]);

  return { playing, loading, position, error, play, pause, toggle, seek };
}
