/**
 * An edit list as the audio engine hears it: its render timeline (of the whole edit or a window
 * of it), its loudness stage (planned once on the whole edit, cached in memory and on disk, so that
 * a preview and an export of the same edit get the same gain), and the progress events of the
 * engine's work on it. Shared by the projects (range analyses), the previews and the exports.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  compileDocument,
  planNormalization,
  renderEnv,
  sha256,
  timelineKey,
  type AudioSources,
  type NormalizePlan,
  type NormalizeStage,
  type RenderEnv,
  type RenderTimeline,
  type TimelineWindow,
} from '../audio';
import { StudioError, type EditDocument, type EventSink } from '../contract';
import { checkRange, documentLength } from './model';

export interface EditTimelinesDeps {
  dataDir: string;
  sources: AudioSources;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
}

export type RenderPurpose = 'preview' | 'export' | 'analysis';

export class EditTimelines {
  private readonly loudness = new Map<string, NormalizePlan>();

  constructor(private readonly deps: EditTimelinesDeps) {}

  env(): Promise<RenderEnv> {
    return renderEnv(this.deps.resolveFfmpeg, this.deps.dataDir);
  }

  /** The timeline of the document (or of a window of it), every source decoded to 48 kHz first. */
  async timeline(doc: EditDocument, window?: TimelineWindow): Promise<RenderTimeline> {
    if (documentLength(doc) === 0) throw new StudioError('EDIT_EMPTY');
    const sources = await this.deps.sources.resolveAll(doc.clips.map((c) => c.assetId));
    return compileDocument(doc, sources, window);
  }

  /** `[start, end)` of the document (the whole of it by default), checked. */
  windowOf(doc: EditDocument, start?: number, end?: number): TimelineWindow {
    const length = documentLength(doc);
    if (length === 0) throw new StudioError('EDIT_EMPTY');
    const w = { start: start ?? 0, end: end ?? length };
    checkRange(doc, w.start, w.end);
    return w;
  }

  /** The loudness stage of a document (`null` when it is not normalised). */
  async normalization(
    doc: EditDocument,
    projectId: string,
    jobId: string | null,
    signal?: AbortSignal,
  ): Promise<NormalizeStage | null> {
    if (!doc.loudness) return null;
    const full = await this.timeline(doc);
    const key = sha256(JSON.stringify({ tl: timelineKey(full), target: doc.loudness }));
    let plan = this.loudness.get(key);
    const file = path.join(this.deps.dataDir, 'cache', 'edit', 'loudness', `${key}.json`);
    if (!plan) {
      plan = await readFile(file, 'utf8')
        .then((t) => JSON.parse(t) as NormalizePlan)
        // Not planned yet, or a damaged file: it is planned (again) below.
        .catch(() => undefined);
    }
    if (!plan) {
      plan = await planNormalization(await this.env(), full, doc.loudness, {
        signal,
        onProgress: (fraction) => this.progress(projectId, jobId, 'analysis', fraction),
      });
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(plan));
    }
    this.loudness.set(key, plan);
    return plan.stage;
  }

  progress(projectId: string, jobId: string | null, purpose: RenderPurpose, fraction: number): void {
    this.deps.emit('edit.render.progress', { projectId, jobId, purpose, fraction });
  }
}
