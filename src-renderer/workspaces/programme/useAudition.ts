import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProgrammeItemView } from '../../../src-main/contract';
import { useStudio } from '../../studio/studio-context';
import { type StudioCallError, toStudioCallError } from '../../studio/studio-error';
import { sec } from './model';

export interface Audition {
  /** The item being heard, and where in the programme the audio is (samples). */
  playing: { itemId: string; at: number } | null;
  loading: boolean;
  error: StudioCallError | null;
  toggle(item: ProgrammeItemView): void;
  stop(): void;
}

/**
 * Hears one item as it is trimmed (its gain, fades and the bed's ducking are applied only by the
 * render: the contract has no programme preview). A library asset streams from the host's media
 * route; an edit segment is rendered by the editor's preview first.
 */
export function useAudition(): Audition {
  const { client } = useStudio();
  const audio = useRef<HTMLAudioElement | null>(null);
  const frame = useRef(0);
  const seq = useRef(0);
  const [playing, setPlaying] = useState<Audition['playing']>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<StudioCallError | null>(null);

  const stop = useCallback(() => {
    seq.current++;
    cancelAnimationFrame(frame.current);
    const a = audio.current;
    if (a) {
      a.pause();
      a.removeAttribute('src');
      a.load();
    }
    audio.current = null;
    setPlaying(null);
    setLoading(false);
  }, []);

  useEffect(() => stop, [stop]);

  const play = useCallback(
    async (item: ProgrammeItemView) => {
      stop();
      const mine = seq.current;
      const source = item.source;
      if (!source) return;
      setError(null);
      setLoading(true);
      try {
        let url: string;
        let from: number;
        let to: number;
        if (source.kind === 'asset') {
          url = `media/${source.assetId}`;
          from = sec(item.sourceStart);
          to = sec(item.sourceEnd);
        } else {
          let offset = 0;
          if (source.segmentId) {
            const project = await client.api.edit.open({ projectId: source.projectId });
            offset = project.document.segments.find((s) => s.id === source.segmentId)?.start ?? 0;
          }
          const preview = await client.api.edit.preview({
            projectId: source.projectId,
            start: offset + item.sourceStart,
            end: offset + item.sourceEnd,
          });
          url = `media/${preview.previewId}`;
          from = 0;
          to = preview.durationSec;
        }
        if (mine !== seq.current) return;
        const a = new Audio(url);
        audio.current = a;
        a.preload = 'auto';
        await new Promise<void>((resolve, reject) => {
          a.addEventListener('loadedmetadata', () => resolve(), { once: true });
          a.addEventListener('error', () => reject(new Error(a.error?.message || 'media error')), {
            once: true,
          });
        });
        if (mine !== seq.current) return;
        a.currentTime = from;
        await a.play();
        setLoading(false);
        const tick = () => {
          if (mine !== seq.current) return;
          const now = a.currentTime;
          if (now >= to || a.ended) {
            stop();
            return;
          }
          setPlaying({ itemId: item.id, at: item.start + Math.round((now - from) * 48_000) });
          frame.current = requestAnimationFrame(tick);
        };
        tick();
      } catch (err) {
        if (mine !== seq.current) return;
        setError(toStudioCallError(err));
        stop();
      }
    },
    [client, stop],
  );

  const toggle = useCallback(
    (item: ProgrammeItemView) => {
      if (audio.current && playing?.itemId === item.id) stop();
      else void play(item);
    },
    [play, playing, stop],
  );

  return { playing, loading, error, toggle, stop };
}
