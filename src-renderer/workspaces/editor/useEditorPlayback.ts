import { type RefObject, useCallback, useState } from 'react';
import { type SampleRange, toSamples, toSeconds } from './samples';
import type { WaveController } from './wave-controller';

export interface EditorPlayback {
  /** The waveform says when it plays (`WaveArea`'s `onPlaying`). */
  playing: boolean;
  setPlaying(playing: boolean): void;
  loop: boolean;
  setLoop(on: boolean): void;
  /** The playhead, in samples of the edit. */
  playhead(): number;
  /** Moves the playhead, scrolling the waveform to it when it is out of view. */
  seek(seconds: number): void;
  playSelection(): void;
}

/** The playhead and playback of the waveform, shared by the transport bar and the keys. */
export function useEditorPlayback(
  controller: RefObject<WaveController | null>,
  length: number,
  selection: SampleRange | null,
): EditorPlayback {
  const [playing, setPlaying] = useState(false);
  const [loop, setLoopState] = useState(false);

  const playhead = useCallback(
    () => toSamples(controller.current?.getTime() ?? 0, length),
    [controller, length],
  );

  const seek = useCallback(
    (seconds: number) => {
      const c = controller.current;
      if (!c) return;
      c.setTime(seconds);
      const v = c.view();
      if (seconds < v.visibleStart || seconds > v.visibleEnd) c.scrollToTime(seconds);
    },
    [controller],
  );

  return {
    playing,
    setPlaying,
    loop,
    setLoop: (on) => {
      setLoopState(on);
      controller.current?.setLoop(on);
    },
    playhead,
    seek,
    playSelection: () => {
      const c = controller.current;
      if (!c || !selection) return;
      c.playRange(toSeconds(selection.start), toSeconds(selection.end));
    },
  };
}
