/** What decides the audio of a render: the part of a preview's or a rendered file's identity the engine owns. */
import { createHash } from 'node:crypto';
import type { RenderTimeline } from './timeline-graph';

/** Bump when the render engine changes what a document sounds like: old previews stop matching. */
export const RENDER_VERSION = 1;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What decides a timeline's audio: sources by identity and length (not by path), runs, effects. */
export function timelineKey(tl: RenderTimeline): string {
  return sha256(
    JSON.stringify({
      v: RENDER_VERSION,
      channels: tl.channels,
      length: tl.length,
      runs: tl.runs.map((r) =>
        r.kind === 'audio'
          ? [r.source.id, r.source.frames, r.sourceStart, r.sourceEnd, r.fadeIn, r.fadeOut]
          : ['silence', r.length],
      ),
      effects: tl.effects.map((e) => ({ ...e, id: undefined })),
    }),
  );
}
