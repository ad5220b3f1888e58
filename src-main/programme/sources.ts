/**
 * Where a programme's audio comes from: library assets (as the audio engine's 48 kHz WAV sources,
 * shared with the editor) and editor projects (their current edit list, or one segment of it).
 * Each item becomes an edit-engine timeline of exactly the part that plays: an asset is rendered as a
 * one-clip edit list, an edit project as itself, both by the edit engine's `compileDocument`.
 */
import { createHash } from 'node:crypto';
import {
  EDIT_SAMPLE_RATE,
  StudioError,
  type EditDocument,
  type EditProjectState,
  type PeaksResult,
  type ProgrammeDocument,
  type ProgrammeItem,
  type ProgrammeSource,
  type ProgrammeTrack,
  type SegmentType,
} from '../contract';
import {
  compileDocument,
  type AudioSources,
  type NormalizeStage,
  type PreviewCache,
  type RenderSource,
  type RenderTimeline,
} from '../audio';
import type { EditPreviews } from '../edit/edit-previews';
import type { EditProjects } from '../edit/edit-projects';
import { initialDocument } from '../edit/model';
import type { Library } from '../media/library';
import type { ItemSourceInfo } from './model';
import { describeItem } from './model';

export interface ProgrammeSourcesDeps {
  library: Library;
  /** Any library asset as a 48 kHz WAV, decoded once for the editor and the programmes alike. */
  sources: AudioSources;
  /** The preview cache the editor renders its previews into. */
  previews: PreviewCache;
  editProjects: EditProjects;
  editPreviews: EditPreviews;
}

/** What an item's source is, before the item is placed. */
export interface SourceDescription {
  title: string;
  /** Whole length in samples (of the segment, for an edit segment). */
  frames: number;
  /** ISO 639-3 of what is spoken, when the asset or segment says. */
  language: string | null;
  /** What an editor segment holds (news, music, jingle…); `null` for an asset or a whole edit. */
  segmentType: SegmentType | null;
}

/** An item ready for the mixer: its audio as an edit-engine timeline (0 = the item's first sample). */
export interface PreparedItem {
  item: ProgrammeItem;
  track: ProgrammeTrack;
  timeline: RenderTimeline;
  /** Whether the item starts (ends) inside its source: a cut, which gets a junction fade. */
  cutStart: boolean;
  cutEnd: boolean;
  /**
   * An edit's own loudness setting (the editor's "Chuẩn hoá độ to" of the whole edit): the gain,
   * and the limiter when it needs one, that its preview and export apply. `null` for an asset or an
   * edit that is not normalised.
   */
  stage: NormalizeStage | null;
}

/** A source that is not there: `missing` is the Vietnamese reason, without the item's name. */
class SourceGone extends Error {
  constructor(readonly missing: string) {
    super(missing);
  }
}

const LANGUAGE = /^[a-z]{3}$/;

interface Opened {
  title: string;
  frames: number;
  language: string | null;
  segmentType: SegmentType | null;
  /** Edit list and the window of it that the source is (the whole asset, the edit, or a segment). */
  document: EditDocument;
  offset: number;
  fullLength: number;
  assetIds: string[];
}

export class ProgrammeSources {
  constructor(private readonly deps: ProgrammeSourcesDeps) {}

  /** Opens a source (decoding an asset to 48 kHz once, like the editor); throws SourceGone. */
  private async open(source: ProgrammeSource): Promise<Opened> {
    if (source.kind === 'asset') {
      const asset = this.deps.library.find(source.assetId);
      if (!asset) {
        throw new SourceGone(
          `âm thanh của mục (mã ${source.assetId.slice(0, 12)}…) không còn trong thư viện. ` +
            'Hãy nhập lại tệp âm thanh đó, hoặc thay mục bằng âm thanh khác.',
        );
      }
      if (asset.deletedAt !== null) {
        throw new SourceGone(
          `âm thanh "${asset.title}" đang nằm trong thùng rác. Hãy khôi phục nó (Thư viện → Thùng rác → Khôi phục) rồi dựng lại.`,
        );
      }
      const problem = await this.deps.sources.problem(asset.id);
      if (problem) {
        throw new SourceGone(
          `không tìm thấy tệp âm thanh của "${asset.title}" trong thư mục dữ liệu (${asset.file}). ` +
            'Có thể tệp đã bị xoá hoặc di chuyển bên ngoài studio; hãy khôi phục thư mục dữ liệu từ bản sao lưu.',
        );
      }
      const resolved = await this.deps.sources.resolve(asset.id).catch((err: unknown) => {
        if (err instanceof StudioError && err.code.startsWith('EDIT_')) throw new SourceGone(err.message);
        throw err;
      });
      return {
        title: asset.title,
        frames: resolved.frames,
        language: LANGUAGE.test(asset.language) ? asset.language : null,
        segmentType: null,
        document: initialDocument(asset.id, resolved.frames),
        offset: 0,
        fullLength: resolved.frames,
        assetIds: [asset.id],
      };
    }
    let project: EditProjectState;
    try {
      project = await this.deps.editProjects.openProject({ projectId: source.projectId });
    } catch (err) {
      if (err instanceof StudioError && err.code === 'EDIT_NOT_FOUND') {
        throw new SourceGone(
          `bản biên tập của mục (mã ${source.projectId.slice(0, 12)}…) không còn. Hãy thay mục bằng âm thanh khác.`,
        );
      }
      throw err;
    }
    const first = project.problems[0];
    if (first) throw new SourceGone(`bản biên tập "${project.title}" không dựng được: ${first.message}`);
    const doc = project.document;
    const assetIds = [...new Set(doc.clips.map((c) => c.assetId))];
    if (source.segmentId === null) {
      return {
        title: project.title,
        frames: project.durationSamples,
        language: null,
        segmentType: null,
        document: doc,
        offset: 0,
        fullLength: project.durationSamples,
        assetIds,
      };
    }
    const segment = doc.segments.find((s) => s.id === source.segmentId);
    if (!segment) {
      throw new SourceGone(
        `đoạn ${source.segmentId} của bản biên tập "${project.title}" đã bị xoá. Hãy chọn lại đoạn trong bản biên tập.`,
      );
    }
    return {
      title: segment.title.trim() || project.title,
      frames: segment.end - segment.start,
      language: LANGUAGE.test(segment.language) ? segment.language : null,
      segmentType: segment.type,
      document: doc,
      offset: segment.start,
      fullLength: project.durationSamples,
      assetIds,
    };
  }

  /** `open`, with a source that is gone as PROGRAMME_SOURCE_MISSING. */
  private async openOrRefuse(source: ProgrammeSource): Promise<Opened> {
    try {
      return await this.open(source);
    } catch (err) {
      if (err instanceof SourceGone) {
        const text = err.missing;
        throw new StudioError('PROGRAMME_SOURCE_MISSING', text.charAt(0).toUpperCase() + text.slice(1), {
          source,
        });
      }
      throw err;
    }
  }

  /** Title, length and language of a source, to place an item; PROGRAMME_SOURCE_MISSING when it is gone. */
  async describe(source: ProgrammeSource): Promise<SourceDescription> {
    const o = await this.openOrRefuse(source);
    return { title: o.title, frames: o.frames, language: o.language, segmentType: o.segmentType };
  }

  /**
   * Peaks of a whole source, for drawing its clips: an asset's from the library's cache; an edit's
   * (or a segment's) rendered by the edit engine into its preview cache, as the editor hears it.
   */
  async peaks(source: ProgrammeSource, maxBuckets: number | undefined): Promise<PeaksResult> {
    const o = await this.openOrRefuse(source);
    if (source.kind === 'asset') return this.deps.library.peaks(source.assetId, { maxBuckets });
    const preview = await this.deps.editPreviews.preview(source.projectId, o.offset, o.offset + o.frames);
    return this.deps.previews.peaks(preview.previewId, { maxBuckets });
  }

  /** What is known about every item's source (for the workspace and the render's checks). */
  async info(doc: ProgrammeDocument): Promise<Map<string, ItemSourceInfo>> {
    const out = new Map<string, ItemSourceInfo>();
    for (const item of doc.items) {
      if (!item.source) continue;
      try {
        const o = await this.open(item.source);
        out.set(item.id, { title: o.title, frames: o.frames, missing: null, audio: audioOf(item.source, o) });
      } catch (err) {
        if (!(err instanceof SourceGone)) throw err;
        out.set(item.id, { title: null, frames: null, missing: err.missing, audio: null });
      }
    }
    return out;
  }

  /**
   * Every audible item as an edit-engine timeline; placeholders are left out (silence). Call after
   * the document's problems are checked (no lost sources, no trims past the end).
   */
  async prepare(doc: ProgrammeDocument): Promise<PreparedItem[]> {
    const tracks = new Map(doc.tracks.map((t) => [t.id, t]));
    const out: PreparedItem[] = [];
    for (const item of doc.items) {
      const track = tracks.get(item.trackId);
      if (!track || track.muted || !item.source) continue;
      let o: Opened;
      let sources: Map<string, RenderSource>;
      let stage: NormalizeStage | null = null;
      try {
        o = await this.open(item.source);
        sources = new Map(await this.deps.sources.resolveAll(o.assetIds));
        if (item.source.kind === 'edit')
          stage = await this.deps.editPreviews.loudnessStage(item.source.projectId);
      } catch (err) {
        if (err instanceof SourceGone) {
          throw new StudioError(
            'PROGRAMME_SOURCE_MISSING',
            `Mục ${describeItem(item, track)}: ${err.missing}`,
            {
              itemId: item.id,
            },
          );
        }
        if (err instanceof StudioError && err.code.startsWith('EDIT_')) {
          throw new StudioError(
            'PROGRAMME_SOURCE_MISSING',
            `Mục ${describeItem(item, track)}: ${err.message}`,
            {
              itemId: item.id,
            },
          );
        }
        throw err;
      }
      const start = o.offset + item.sourceStart;
      const end = o.offset + item.sourceEnd;
      if (item.sourceEnd > o.frames) {
        throw new StudioError(
          'PROGRAMME_RANGE',
          `Mục ${describeItem(item, track)} dài hơn nguồn của nó (${(o.frames / EDIT_SAMPLE_RATE).toFixed(3)} giây). Hãy kéo lại điểm cuối của mục.`,
          { itemId: item.id },
        );
      }
      out.push({
        item,
        track,
        timeline: compileDocument(o.document, sources, { start, end }),
        cutStart: start > 0,
        cutEnd: end < o.fullLength,
        stage,
      });
    }
    return out;
  }
}

/** What an opened source plays (`ItemSourceInfo.audio`): an edit's segment titles or markers are not part of it. */
function audioOf(source: ProgrammeSource, o: Opened): string {
  if (source.kind === 'asset') return `asset:${source.assetId}`;
  const { clips, effects, loudness } = o.document;
  const edit = JSON.stringify({ clips, effects, loudness, window: [o.offset, o.frames, o.fullLength] });
  return `edit:${createHash('sha256').update(edit).digest('hex')}`;
}
