/**
 * Previews of an edit: its current edit list (or a window of it) rendered into the audio engine's
 * preview cache, with the edit's loudness stage, and its peaks; and that stage alone, for a
 * programme that plays the edit or a segment of it.
 */
import { timelineKey, type NormalizeStage, type PreviewCache } from '../audio';
import { EDIT_SAMPLE_RATE, type EditPreview } from '../contract';
import type { EditProjects } from './edit-projects';
import type { EditTimelines } from './edit-timelines';
import { documentLength } from './model';

export interface EditPreviewsDeps {
  projects: EditProjects;
  timelines: EditTimelines;
  cache: PreviewCache;
}

export class EditPreviews {
  constructor(private readonly deps: EditPreviewsDeps) {}

  /** Renders the current edit (or a window of it) into the preview cache; returns its id and peaks. */
  async preview(projectId: string, start?: number, end?: number, signal?: AbortSignal): Promise<EditPreview> {
    const { timelines, cache } = this.deps;
    const { doc } = await this.deps.projects.read(projectId);
    const window = timelines.windowOf(doc, start, end);
    const whole = window.start === 0 && window.end === documentLength(doc);
    const normalize = await timelines.normalization(doc, projectId, null);
    const tl = await timelines.timeline(doc, whole ? undefined : window);
    const { previewId, cached } = await cache.render(
      timelineKey(tl),
      tl,
      normalize,
      (fraction) => timelines.progress(projectId, null, 'preview', fraction),
      signal,
    );
    return {
      previewId,
      projectId,
      start: window.start,
      end: window.end,
      sampleRate: EDIT_SAMPLE_RATE,
      channels: tl.channels,
      durationSec: tl.length / EDIT_SAMPLE_RATE,
      cached,
      normalizeGainDb: normalize ? normalize.gainDb : null,
      peaks: await cache.peaks(previewId, {}),
    };
  }

  /**
   * The loudness stage of an edit as it is now (`null` when it is not normalised): the gain and
   * limiter its preview and export apply, planned once on the whole edit and cached. A programme
   * applies it to an item made of the edit or of one of its segments.
   */
  async loudnessStage(projectId: string): Promise<NormalizeStage | null> {
    const { doc } = await this.deps.projects.read(projectId);
    return this.deps.timelines.normalization(doc, projectId, null);
  }
}
