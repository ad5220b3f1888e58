/**
 * The programme service: programmes (metadata, tracks, items) saved on every change, templates,
 * exported files, and renders through the edit engine (one ffmpeg graph of the whole programme,
 * loudness-normalised to the programme's preset, WAV master plus MP3 and Opus, and a report).
 *
 * Changes to one programme are queued, so two windows never interleave; `expectedRevision` lets a
 * window notice that its view is stale.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  EDIT_SAMPLE_RATE,
  LOUDNESS_PRESETS,
  PROGRAMME_FILE_FORMAT,
  PROGRAMME_FILE_VERSION,
  ffmpegMissingError,
  StudioError,
  type AssetUsage,
  type DuckingSettings,
  type EventSink,
  type PeaksResult,
  type ProgrammeDocument,
  type ProgrammeFile,
  type ProgrammeItemView,
  type ProgrammeMetadataPatch,
  type ProgrammeOpRequest,
  type ProgrammePreview,
  type ProgrammeProblem,
  type ProgrammeRenderFile,
  type ProgrammeRenderFormat,
  type ProgrammeRenderJob,
  type ProgrammeSource,
  type ProgrammeRenderReport,
  type ProgrammeRenderRequest,
  type ProgrammeRenderStage,
  type ProgrammeState,
  type ProgrammeSummary,
  type ProgrammeTemplate,
  type UsageRef,
  type RenderOutputs,
  DEFAULT_MP3_KBPS,
  DEFAULT_OPUS_KBPS,
  DEFAULT_WAV_BIT_DEPTH,
} from '../contract';
import { RENDER_VERSION, safeName, timelineKey, type EditService } from '../edit/edit-service';
import { formatRange, formatTimecode } from '../edit/model';
import { addNormalize, type GraphInput, type OutputFormat, type RenderEnv } from '../edit/render';
import type { Library } from '../media/library';
import { JobTable } from '../platform/job-table';
import type { WritablePlaces } from '../platform/user-folders';
import type { Store } from '../store';
import {
  analyse,
  applyChange,
  audibleVoiceItems,
  checkTrackKind,
  crossfadesIn,
  dipsOf,
  duckingEnvelope,
  emptyProgramme,
  findItem,
  findProblems,
  itemEnd,
  itemLength,
  itemNotFound,
  programmeFromTemplate,
  programmeLength,
  rundownOrder,
  secondsByLanguage,
  secondsWithoutSpeech,
  templateDocument,
  trackOf,
  type ItemFields,
  type ProgrammeChange,
} from './model';
import { opLabel, recordChange, updateLabel } from './history';
import { ProgrammeStore } from './programme-store';
import { documentKey, PROGRAMME_RENDER_VERSION } from './render/document-key';
import { buildLanes, mixInput } from './render/mix';
import {
  partFile,
  planLoudness,
  renderProgramme,
  type RenderPhase,
  type RenderTarget,
} from './render/render-programme';
import { fileHeaderSchema, fileSchema, type StoredProgramme } from './schemas';
import { ProgrammeSources } from './sources';

export interface ProgrammeServiceDeps {
  store: Store;
  dataDir: string;
  library: Library;
  /** The editor's service: its projects, its 48 kHz sources and its render engine. */
  edit: EditService;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  /** ffmpeg runs at once while a render writes its files (default: the machine's cores). */
  renderConcurrency?: number;
  now?: () => Date;
}

export interface RenderControl {
  signal?: AbortSignal;
  onProgress?: (stage: ProgrammeRenderStage, fraction: number) => void;
}

/** Where each phase of a render lies in its overall progress. */
const PHASES: Record<RenderPhase | 'preparing', [number, number]> = {
  preparing: [0, 0.05],
  measuring: [0.05, 0.35],
  rendering: [0.35, 1],
  verifying: [1, 1],
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newId = () => randomUUID().replace(/-/g, '');

export class ProgrammeService {
  private readonly sources: ProgrammeSources;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly renders = new JobTable<ProgrammeRenderJob, ProgrammeRenderJob>({
    notFound: 'Không tìm thấy lượt dựng chương trình này. Có thể studio đã khởi động lại.',
    snapshot: (job) => structuredClone(job),
  });
  /** Rendered files the page may play (`renderedFile`), by media id: every file of a report handed out. */
  private readonly renderedMedia = new Map<string, { file: string; bytes: number }>();
  private readonly now: () => Date;

  private constructor(
    private readonly deps: ProgrammeServiceDeps,
    private readonly programmes: ProgrammeStore,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.sources = new ProgrammeSources({ library: deps.library, edit: deps.edit });
  }

  static async open(deps: ProgrammeServiceDeps): Promise<ProgrammeService> {
    return new ProgrammeService(deps, await ProgrammeStore.open(deps.store));
  }

  // ---- Programmes ----------------------------------------------------------------------------------

  /** Newest first; `inTrash`: the programmes in the trash instead. */
  list(inTrash = false): ProgrammeSummary[] {
    return this.programmes.list(inTrash);
  }

  async create(req: { templateId?: string; metadata?: ProgrammeMetadataPatch }): Promise<ProgrammeState> {
    const metadata = cleanMetadata(req.metadata ?? {});
    const doc =
      req.templateId !== undefined
        ? programmeFromTemplate(this.programmes.template(req.templateId), metadata)
        : emptyProgramme(metadata);
    return this.createFrom(doc, req.templateId ?? null);
  }

  private async createFrom(document: ProgrammeDocument, templateId: string | null): Promise<ProgrammeState> {
    const at = this.now().toISOString();
    const record: StoredProgramme = {
      id: newId(),
      createdAt: at,
      updatedAt: at,
      revision: 0,
      templateId,
      document,
      lastRender: null,
    };
    const collection = await this.programmes.create(record);
    this.deps.emit('programme.changed', { programmeId: record.id, revision: 0, reason: 'created' });
    return this.state(collection.read());
  }

  async get(id: string): Promise<ProgrammeState> {
    return this.state((await this.programmes.get(id)).read());
  }

  /** The stored document of a programme (a copy). */
  async document(id: string): Promise<ProgrammeDocument> {
    return structuredClone((await this.programmes.get(id)).read().document);
  }

  // ---- Trash ---------------------------------------------------------------------------------------

  /** Moves a programme to the trash: kept whole (document, history, last render) until restored. */
  trash(id: string): Promise<ProgrammeState> {
    return this.setTrashed(id, true);
  }

  restore(id: string): Promise<ProgrammeState> {
    return this.setTrashed(id, false);
  }

  // Its place in the list (`updatedAt`) and its revision stay: restoring gives back what was there.
  private setTrashed(id: string, trashed: boolean): Promise<ProgrammeState> {
    return this.withProgramme(id, async () => {
      const collection = await this.programmes.get(id);
      const current = collection.read();
      if (((current.deletedAt ?? null) !== null) === trashed) return this.state(current);
      const saved = await collection.update((d) => {
        d.deletedAt = trashed ? this.now().toISOString() : null;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', {
        programmeId: id,
        revision: saved.revision,
        reason: trashed ? 'trashed' : 'restored',
      });
      return this.state(saved);
    });
  }

  /** Deletes a programme in the trash for good (its renders stay on disk). */
  async purge(id: string): Promise<{ id: string }> {
    await this.withProgramme(id, async () => {
      const current = (await this.programmes.get(id)).read();
      if ((current.deletedAt ?? null) === null) {
        throw new StudioError(
          'NOT_IN_TRASH',
          `Chương trình "${current.document.metadata.title}" chưa ở thùng rác. Hãy chuyển nó vào thùng rác trước; chỉ mục trong thùng rác mới xoá vĩnh viễn được.`,
        );
      }
      await this.programmes.purge(id);
      this.deps.emit('programme.changed', { programmeId: id, revision: -1, reason: 'purged' });
    });
    return { id };
  }

  /**
   * What uses an asset: edit projects whose current edit plays it, programmes (in the trash too)
   * with an item of it or of one of those edits, and templates that keep it.
   */
  async assetUsage(assetId: string): Promise<AssetUsage> {
    const edits = await this.deps.edit.projectsUsing(assetId);
    const viaEdit = new Set(edits.map((e) => e.id));
    const uses = (doc: ProgrammeDocument) =>
      doc.items.some((i) =>
        i.source?.kind === 'asset'
          ? i.source.assetId === assetId
          : i.source?.kind === 'edit' && viaEdit.has(i.source.projectId),
      );
    const programmes: UsageRef[] = [];
    for (const summary of this.programmes.all()) {
      const stored = await this.programmes.get(summary.id).catch(() => null);
      if (stored && uses(stored.read().document))
        programmes.push({ id: summary.id, title: summary.title, inTrash: summary.deletedAt !== null });
    }
    return {
      assetId,
      programmes: programmes.sort(byTitle),
      edits: edits.map((e) => ({ id: e.id, title: e.title, inTrash: false })).sort(byTitle),
      templates: this.programmes
        .templates()
        .filter((t) => uses(t.document))
        .map((t) => ({ id: t.id, title: t.name, inTrash: false })),
    };
  }

  /** Runs `fn` on a programme after every change queued before it. */
  private withProgramme<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    this.queues.set(
      id,
      run.catch(() => undefined),
    );
    return run;
  }

  /** Loads, changes and saves a programme in its queue; `change` returns the new document. */
  private mutate(
    id: string,
    expectedRevision: number | undefined,
    reason: 'updated' | 'items',
    change: (doc: ProgrammeDocument) => Promise<ProgrammeDocument>,
    label: (before: ProgrammeDocument, after: ProgrammeDocument) => string,
  ): Promise<ProgrammeState> {
    return this.withProgramme(id, async () => {
      const collection = await this.programmes.get(id);
      const current = collection.read();
      checkNotTrashed(current);
      checkRevision(current, expectedRevision);
      const next = await change(structuredClone(current.document));
      if (JSON.stringify(next) === JSON.stringify(current.document)) return this.state(current);
      const at = this.now().toISOString();
      const name = label(current.document, next);
      const saved = await collection.update((d) => {
        d.history = recordChange(d.history, d.document, name, at);
        d.document = next;
        d.revision += 1;
        d.updatedAt = at;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', { programmeId: id, revision: saved.revision, reason });
      return this.state(saved);
    });
  }

  /** Metadata and the programme's ducking. */
  update(
    id: string,
    patch: { metadata?: ProgrammeMetadataPatch; ducking?: Partial<DuckingSettings> },
    expectedRevision?: number,
  ): Promise<ProgrammeState> {
    return this.mutate(
      id,
      expectedRevision,
      'updated',
      async (doc) => {
        doc.metadata = { ...doc.metadata, ...cleanMetadata(patch.metadata ?? {}) };
        doc.ducking = { ...doc.ducking, ...(patch.ducking ?? {}) };
        return doc;
      },
      () => updateLabel(patch),
    );
  }

  /** One change to the items or tracks. */
  apply(id: string, op: ProgrammeOpRequest, expectedRevision?: number): Promise<ProgrammeState> {
    return this.mutate(
      id,
      expectedRevision,
      'items',
      async (doc) => applyChange(doc, await this.resolveChange(doc, op)),
      (before, after) => opLabel(op, before, after),
    );
  }

  /**
   * Takes back the latest change made by `apply` or `update` (the last render's report stays).
   * Nothing to undo: the state as it is (`canUndo` false).
   */
  undo(id: string, expectedRevision?: number): Promise<ProgrammeState> {
    return this.step(id, expectedRevision, 'undone');
  }

  /** Brings back the change the latest `undo` took back. Nothing to redo: the state as it is. */
  redo(id: string, expectedRevision?: number): Promise<ProgrammeState> {
    return this.step(id, expectedRevision, 'redone');
  }

  private step(id: string, expectedRevision: number | undefined, reason: 'undone' | 'redone') {
    return this.withProgramme(id, async () => {
      const collection = await this.programmes.get(id);
      const current = collection.read();
      checkNotTrashed(current);
      checkRevision(current, expectedRevision);
      const from = reason === 'undone' ? current.history?.past : current.history?.future;
      if (!from || from.length === 0) return this.state(current);
      const saved = await collection.update((d) => {
        const h = d.history ?? { past: [], future: [] };
        const [take, give] = reason === 'undone' ? [h.past, h.future] : [h.future, h.past];
        const entry = take.pop();
        if (!entry) return;
        give.push({ label: entry.label, at: entry.at, document: d.document });
        d.history = h;
        d.document = entry.document;
        d.revision += 1;
        d.updatedAt = this.now().toISOString();
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', { programmeId: id, revision: saved.revision, reason });
      return this.state(saved);
    });
  }

  /** Turns a request into a change that applies without the outside world (sources described). */
  private async resolveChange(doc: ProgrammeDocument, op: ProgrammeOpRequest): Promise<ProgrammeChange> {
    switch (op.type) {
      case 'add': {
        const input = op.item;
        const track = trackOf(doc, input.trackId);
        const desc = input.source ? await this.sources.describe(input.source) : null;
        if (!desc && input.sourceEnd === undefined) {
          throw new StudioError(
            'INVALID_REQUEST',
            'Ô trống (mục chưa có âm thanh) cần độ dài dự kiến: hãy gửi sourceEnd (số mẫu ở 48 kHz).',
          );
        }
        const sourceStart = desc ? (input.sourceStart ?? 0) : 0;
        const sourceEnd = input.sourceEnd ?? (desc as { frames: number }).frames;
        if (desc) checkTrim(sourceStart, sourceEnd, desc.frames, input.title ?? desc.title);
        if (desc && track) checkTrackKind(track, desc.segmentType, input.title ?? desc.title);
        const crossfade = input.crossfade ?? 0;
        const trackEnd = Math.max(
          0,
          ...doc.items.filter((i) => i.trackId === input.trackId).map((i) => itemEnd(i)),
        );
        const item: ItemFields = {
          trackId: input.trackId,
          title: input.title ?? desc?.title ?? 'Ô trống',
          source: input.source,
          start: input.start ?? Math.max(0, trackEnd - crossfade),
          sourceStart,
          sourceEnd,
          gainDb: input.gainDb ?? 0,
          fadeIn: input.fadeIn ?? 0,
          fadeOut: input.fadeOut ?? 0,
          fadeCurve: input.fadeCurve ?? 'scurve',
          crossfade,
          language:
            track?.kind === 'voice'
              ? (input.language ?? desc?.language ?? doc.metadata.languages[0] ?? 'vie')
              : null,
          versionOf: input.versionOf ?? null,
          duck: input.duck ?? null,
        };
        return { type: 'add', item, ripple: op.ripple ?? false };
      }
      case 'update': {
        const item = findItem(doc, op.itemId);
        if (!item) throw itemNotFound(op.itemId);
        const patch: Partial<ItemFields> = { ...op.patch };
        const newSource = op.patch.source;
        const track = trackOf(doc, patch.trackId ?? item.trackId);
        if (newSource !== undefined && newSource !== null) {
          const desc = await this.sources.describe(newSource);
          patch.sourceStart = op.patch.sourceStart ?? 0;
          patch.sourceEnd = op.patch.sourceEnd ?? desc.frames;
          checkTrim(patch.sourceStart, patch.sourceEnd, desc.frames, op.patch.title ?? item.title);
          if (!item.title.trim() && op.patch.title === undefined) patch.title = desc.title;
          if (track) checkTrackKind(track, desc.segmentType, op.patch.title ?? desc.title);
        } else if (newSource === null) {
          patch.sourceStart = 0;
          patch.sourceEnd = op.patch.sourceEnd ?? itemLength(item);
        } else if (item.source && (op.patch.sourceStart !== undefined || op.patch.sourceEnd !== undefined)) {
          const desc = await this.sources.describe(item.source);
          checkTrim(
            op.patch.sourceStart ?? item.sourceStart,
            op.patch.sourceEnd ?? item.sourceEnd,
            desc.frames,
            op.patch.title ?? item.title,
          );
        }
        if (
          newSource === undefined &&
          track &&
          track.id !== item.trackId &&
          item.source?.kind === 'edit' &&
          item.source.segmentId !== null
        ) {
          // Moved to another track. A segment that is gone is a problem of its own, not of the move.
          const desc = await this.sources.describe(item.source).catch(() => null);
          if (desc) checkTrackKind(track, desc.segmentType, item.title);
        }
        // Onto a voice track without a language: the programme's first language.
        if (track?.kind === 'voice' && !(patch.language ?? item.language))
          patch.language = doc.metadata.languages[0] ?? 'vie';
        return { type: 'update', itemId: op.itemId, patch, ripple: op.ripple ?? false };
      }
      case 'remove':
        return { type: 'remove', itemId: op.itemId, ripple: op.ripple ?? false };
      case 'reorder':
      case 'addTrack':
      case 'updateTrack':
      case 'removeTrack':
        return op;
    }
  }

  private async state(p: StoredProgramme): Promise<ProgrammeState> {
    const doc = p.document;
    const info = await this.sources.info(doc);
    const tracks = new Map(doc.tracks.map((t) => [t.id, t]));
    const crossfades = crossfadesIn(doc);
    const items: ProgrammeItemView[] = rundownOrder(doc).map((item) => ({
      ...structuredClone(item),
      trackKind: tracks.get(item.trackId)?.kind ?? 'voice',
      end: itemEnd(item),
      length: itemLength(item),
      crossfadeIn: crossfades.get(item.id) ?? 0,
      sourceTitle: info.get(item.id)?.title ?? null,
      sourceFrames: info.get(item.id)?.frames ?? null,
      versions: doc.items.filter((v) => v.versionOf === item.id).map((v) => v.id),
    }));
    return {
      id: p.id,
      revision: p.revision,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      templateId: p.templateId,
      metadata: structuredClone(doc.metadata),
      ducking: { ...doc.ducking },
      tracks: structuredClone(doc.tracks),
      items,
      analysis: analyse(doc, info),
      documentKey: documentKey(doc, info),
      lastRender: p.lastRender ? this.withMedia(p.lastRender) : null,
      canUndo: (p.history?.past.length ?? 0) > 0,
      canRedo: (p.history?.future.length ?? 0) > 0,
      undoLabel: p.history?.past.at(-1)?.label ?? null,
      redoLabel: p.history?.future.at(-1)?.label ?? null,
      deletedAt: p.deletedAt ?? null,
    };
  }

  /**
   * A copy of `report` whose files carry their media id, each registered so that the hosts' media
   * route plays it (`renderedFile`). The id is the SHA-256 of the file's path, size and render
   * time: the same shape as an asset id, and the same for the same report after a restart.
   */
  private withMedia(report: ProgrammeRenderReport): ProgrammeRenderReport {
    const copy = structuredClone(report);
    for (const f of copy.files) {
      f.mediaId = sha256(`programme-render\n${f.file}\n${f.bytes}\n${copy.renderedAt}`);
      this.renderedMedia.set(f.mediaId, { file: f.file, bytes: f.bytes });
    }
    return copy;
  }

  /**
   * A rendered file for the hosts' media route (the render report's player): only a file of a
   * report this service handed out, and only while it is still the file that render wrote (same
   * size); otherwise `null` (the route answers 404).
   */
  renderedFile(mediaId: string): string | null {
    const known = this.renderedMedia.get(mediaId);
    if (!known) return null;
    const info = (() => {
      try {
        return statSync(known.file);
      } catch {
        return null;
      }
    })();
    return info?.isFile() && info.size === known.bytes ? known.file : null;
  }

  // ---- Templates -----------------------------------------------------------------------------------

  templates(): ProgrammeTemplate[] {
    return this.programmes.templates();
  }

  async saveTemplate(req: {
    programmeId: string;
    name: string;
    templateId?: string;
    keepVoice?: boolean;
  }): Promise<ProgrammeTemplate> {
    const doc = await this.document(req.programmeId);
    const name = req.name.normalize('NFC');
    const at = this.now().toISOString();
    const existing = req.templateId !== undefined ? this.programmes.template(req.templateId) : null;
    return this.programmes.saveTemplate({
      id: existing?.id ?? newId(),
      name,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      document: templateDocument(doc, name, req.keepVoice ?? false),
    });
  }

  async removeTemplate(templateId: string): Promise<{ id: string }> {
    await this.programmes.removeTemplate(templateId);
    return { id: templateId };
  }

  // ---- Files ---------------------------------------------------------------------------------------

  private async exportsDir(): Promise<string> {
    const dir = path.join(this.deps.dataDir, 'exports', 'programmes');
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Writes the programme to a JSON file (`ProgrammeFile`); returns its path. */
  async exportFile(id: string, file?: string, places?: WritablePlaces): Promise<{ file: string }> {
    const record = (await this.programmes.get(id)).read();
    let target = file;
    if (target === undefined) {
      const base = safeName(record.document.metadata.title, 'chuong-trinh');
      const dir = await this.exportsDir();
      target = path.join(dir, `${base}.json`);
      for (let i = 2; existsSync(target); i++) target = path.join(dir, `${base}-${i}.json`);
    } else {
      await checkFolder(target);
      await places?.assertMayWrite(target);
    }
    const content: ProgrammeFile = {
      format: PROGRAMME_FILE_FORMAT,
      version: PROGRAMME_FILE_VERSION,
      exportedAt: this.now().toISOString(),
      programmeId: id,
      document: record.document,
    };
    const part = partFile(target);
    await writeFile(part, `${JSON.stringify(content, null, 2)}\n`);
    await rename(part, target);
    return { file: target };
  }

  /** Reads and checks an exported programme file. */
  async readFile(file: string): Promise<ProgrammeDocument> {
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR') {
        throw new StudioError('PROGRAMME_NOT_FOUND', `Không tìm thấy tệp chương trình "${file}".`, { file });
      }
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp "${path.basename(file)}" không phải tệp chương trình của studio (không đọc được nội dung JSON).`,
        { file },
      );
    }
    const header = fileHeaderSchema.safeParse(raw);
    if (!header.success) {
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp "${path.basename(file)}" không phải tệp chương trình của studio. Hãy xuất lại chương trình (Chương trình → Xuất tệp).`,
        { file },
      );
    }
    if (header.data.version > PROGRAMME_FILE_VERSION) {
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp "${path.basename(file)}" được ghi bởi phiên bản studio mới hơn. Hãy cập nhật studio.`,
        { file, version: header.data.version },
      );
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new StudioError(
        'PROGRAMME_FILE_INVALID',
        `Tệp chương trình "${path.basename(file)}" bị hỏng hoặc đã bị sửa tay sai quy cách, nên không đọc được.`,
        {
          file,
          issues: parsed.error.issues
            .slice(0, 5)
            .map((i) => ({ path: i.path.map(String), message: i.message })),
        },
      );
    }
    return parsed.data.document;
  }

  async importFile(file: string): Promise<ProgrammeState> {
    return this.createFrom(await this.readFile(file), null);
  }

  // ---- Rendering -----------------------------------------------------------------------------------

  private async env(): Promise<RenderEnv> {
    const ffmpeg = await this.deps.resolveFfmpeg();
    if (!ffmpeg) {
      throw ffmpegMissingError('chưa dựng được chương trình');
    }
    return { ffmpeg, cwd: this.deps.dataDir };
  }

  private get planCacheDir(): string {
    return path.join(this.deps.dataDir, 'cache', 'programme', 'loudness');
  }

  /**
   * The programme as ONE graph (see render/mix.ts) and what identifies its audio. Call after its
   * problems are checked; placeholders (allowed in previews only) play as silence.
   */
  private async mixOf(doc: ProgrammeDocument) {
    const prepared = await this.sources.prepare(doc);
    const length = programmeLength(doc);
    const channels: 1 | 2 = prepared.some((p) => p.timeline.channels === 2) ? 2 : 1;
    const envelope = duckingEnvelope(dipsOf(audibleVoiceItems(doc), doc.ducking), length);
    const lanes = buildLanes(
      prepared,
      doc.tracks.map((t) => t.id),
      length,
      channels,
      envelope,
    );
    if (lanes.length === 0) {
      throw new StudioError(
        'PROGRAMME_PLACEHOLDER',
        'Chương trình mới chỉ có ô trống, chưa có âm thanh nào để nghe. Hãy đưa âm thanh vào ít nhất một ô.',
      );
    }
    const preset = LOUDNESS_PRESETS[doc.metadata.loudness];
    const renderKey = sha256(
      JSON.stringify({
        v: [PROGRAMME_RENDER_VERSION, RENDER_VERSION],
        channels,
        length,
        lanes: lanes.map((l) => (l.post ? [timelineKey(l), l.post] : timelineKey(l))),
        target: [preset.targetLufs, preset.truePeakDbtp],
      }),
    );
    return { mix: mixInput(lanes, length), length, channels, preset, renderKey };
  }

  /**
   * A preview of the programme (or of `[start, end)`) as it will render: the whole mix, normalised
   * with the render's plan, cut to the window after the gain and limiter (so the window is exactly
   * the render's audio there). Placeholders play as silence.
   */
  async preview(id: string, start?: number, end?: number): Promise<ProgrammePreview> {
    const doc = await this.document(id);
    const first = (await this.problems(doc)).find((p) => p.code !== 'PROGRAMME_PLACEHOLDER');
    if (first) throw new StudioError(first.code, first.message, { itemId: first.itemId });
    const { mix, length, channels, preset, renderKey } = await this.mixOf(doc);
    const s = start ?? 0;
    const e = end ?? length;
    if (s >= e || e > length) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Đoạn nghe thử ${formatRange(s, e)} nằm ngoài chương trình (dài ${formatTimecode(length)}). Hãy chọn lại.`,
      );
    }
    const env = await this.env();
    const { plan } = await planLoudness({
      env,
      mix,
      preset,
      key: renderKey,
      planCacheDir: this.planCacheDir,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const stage = plan.stage;
    const input: GraphInput = {
      length: e - s,
      build: (graph) =>
        graph.chain(
          addNormalize(graph, mix.build(graph), stage),
          [`atrim=start_sample=${s}:end_sample=${e}`, 'asetpts=PTS-STARTPTS'],
          'w',
        ),
    };
    const key = sha256(JSON.stringify({ renderKey, stage, window: [s, e] }));
    const { previewId, cached } = await this.deps.edit.renderToPreview(key, input, null);
    return {
      previewId,
      programmeId: id,
      start: s,
      end: e,
      sampleRate: EDIT_SAMPLE_RATE,
      channels,
      durationSec: (e - s) / EDIT_SAMPLE_RATE,
      cached,
      gainDb: stage.gainDb,
      limiter: stage.limiterLimit !== null,
      peaks: await this.deps.edit.peaks(previewId, {}),
    };
  }

  /** Peaks of an item's source (`programme.sourcePeaks`). */
  sourcePeaks(source: ProgrammeSource, maxBuckets?: number): Promise<PeaksResult> {
    return this.sources.peaks(source, maxBuckets);
  }

  /** Problems that stop `doc` from rendering (empty when it can render). */
  async problems(doc: ProgrammeDocument): Promise<ProgrammeProblem[]> {
    return findProblems(doc, await this.sources.info(doc));
  }

  /**
   * Renders a document to `outputs` (all or nothing: `.part` files renamed at the end) and returns
   * the report. Refuses a document with problems before anything is written.
   */
  async renderDocument(
    doc: ProgrammeDocument,
    programmeId: string | null,
    outputs: RenderOutputs,
    control: RenderControl = {},
  ): Promise<ProgrammeRenderReport> {
    const signal = control.signal ?? new AbortController().signal;
    const progress = (stage: RenderPhase | 'preparing', f: number) => {
      const [a, b] = PHASES[stage];
      control.onProgress?.(stage, a + (b - a) * Math.min(1, Math.max(0, f)));
    };
    progress('preparing', 0);
    const info = await this.sources.info(doc);
    const problems = findProblems(doc, info);
    const first = problems[0];
    if (first) throw new StudioError(first.code, first.message, { problems });
    for (const f of outputs.files) await checkFolder(f.file);
    const { mix, length, channels, preset, renderKey } = await this.mixOf(doc);
    if (signal.aborted) throw cancelled();
    progress('preparing', 1);
    const targets: RenderTarget[] = outputs.files.map((f) => ({
      format: f.format,
      file: f.file,
      output: outputFormat(f.format, outputs),
    }));
    let result;
    try {
      result = await renderProgramme({
        env: await this.env(),
        mix,
        preset,
        targets,
        key: renderKey,
        planCacheDir: this.planCacheDir,
        concurrency: this.deps.renderConcurrency ?? os.availableParallelism(),
        signal,
        onProgress: progress,
      });
    } catch (err) {
      throw renderError(err, signal);
    }
    const files: ProgrammeRenderFile[] = [];
    for (const [k, t] of targets.entries()) {
      const m = result.files[k];
      files.push({
        format: t.format,
        file: t.file,
        bytes: (await stat(t.file)).size,
        bitrateKbps: t.output.format === 'wav' ? null : t.output.bitrateKbps,
        bitDepth: t.output.format === 'wav' ? t.output.bitDepth : null,
        integratedLufs: m?.integratedLufs ?? null,
        truePeakDbtp: m?.truePeakDbtp ?? null,
        attenuationDb: m?.attenuationDb ?? 0,
      });
    }
    control.onProgress?.('done', 1);
    return {
      programmeId,
      title: doc.metadata.title,
      renderedAt: this.now().toISOString(),
      lengthSamples: length,
      durationSec: length / EDIT_SAMPLE_RATE,
      sampleRate: EDIT_SAMPLE_RATE,
      channels,
      preset: preset.id,
      presetLabel: preset.label,
      targetLufs: preset.targetLufs,
      truePeakCeilingDbtp: preset.truePeakDbtp,
      integratedLufs: result.integratedLufs,
      truePeakDbtp: result.truePeakDbtp,
      mixLufs: result.mixLufs,
      gainDb: result.stage.gainDb,
      limiter: result.stage.limiterLimit !== null,
      secondsByLanguage: secondsByLanguage(doc),
      secondsWithoutSpeech: secondsWithoutSpeech(doc),
      files,
      renderKey,
      documentKey: documentKey(doc, info),
    };
  }

  /** Renders a stored programme now (the CLI) and keeps the report as its last render. */
  async renderStored(
    id: string,
    outputs: RenderOutputs,
    control: RenderControl = {},
  ): Promise<ProgrammeRenderReport> {
    const report = await this.renderDocument(await this.document(id), id, outputs, control);
    await this.recordRender(id, report);
    return report;
  }

  /**
   * Starts a render of a stored programme in the background (`programme.render`). `places`: where
   * a request may write (the router's); the command line writes where it is told.
   */
  async startRender(req: ProgrammeRenderRequest, places?: WritablePlaces): Promise<ProgrammeRenderJob> {
    const record = (await this.programmes.get(req.id)).read();
    checkNotTrashed(record);
    const doc = structuredClone(record.document);
    // Refused now, before a job exists, when the programme cannot render.
    const first = (await this.problems(doc))[0];
    if (first) throw new StudioError(first.code, first.message, { itemId: first.itemId });
    const formats = req.formats ?? (['wav', 'mp3', 'opus'] as ProgrammeRenderFormat[]);
    const dir = req.dir ?? (await this.exportsDir());
    if (!path.isAbsolute(dir)) {
      throw new StudioError(
        'INVALID_REQUEST',
        `Thư mục "${dir}" phải là đường dẫn đầy đủ (ví dụ /home/dai/xuat).`,
      );
    }
    const m = doc.metadata;
    let base = req.name ?? safeName(`${m.title}${m.date ? ` ${m.date}` : ''}`, 'chuong-trinh');
    if (req.name === undefined) {
      const taken = (b: string) =>
        [...formats, 'report.json'].some((ext) => existsSync(path.join(dir, `${b}.${ext}`)));
      const stem = base;
      for (let i = 2; taken(base); i++) base = `${stem}-${i}`;
    }
    const outputs: RenderOutputs = {
      files: formats.map((format) => ({ format, file: path.join(dir, `${base}.${format}`) })),
      mp3Kbps: req.mp3Kbps ?? DEFAULT_MP3_KBPS,
      opusKbps: req.opusKbps ?? DEFAULT_OPUS_KBPS,
      wavBitDepth: req.wavBitDepth ?? DEFAULT_WAV_BIT_DEPTH,
    };
    const reportFile = path.join(dir, `${base}.report.json`);
    for (const f of outputs.files) await checkFolder(f.file);
    for (const f of [...outputs.files.map((o) => o.file), reportFile]) await places?.assertMayWrite(f);
    const job: ProgrammeRenderJob = {
      id: randomUUID(),
      programmeId: req.id,
      state: 'running',
      stage: 'preparing',
      fraction: 0,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      files: outputs.files.map((f) => f.file),
      report: null,
      error: null,
    };
    return this.renders.start(job, (signal) => this.runRender(job, doc, outputs, reportFile, signal));
  }

  private async runRender(
    job: ProgrammeRenderJob,
    doc: ProgrammeDocument,
    outputs: RenderOutputs,
    reportFile: string,
    signal: AbortSignal,
  ): Promise<ProgrammeRenderJob> {
    let lastEmit = 0;
    try {
      const report = await this.renderDocument(doc, job.programmeId, outputs, {
        signal,
        onProgress: (stage, fraction) => {
          job.stage = stage;
          job.fraction = fraction;
          const now = Date.now();
          if (now - lastEmit < 200 && stage !== 'done') return;
          lastEmit = now;
          this.deps.emit('programme.render.progress', {
            jobId: job.id,
            programmeId: job.programmeId,
            stage,
            fraction,
          });
        },
      });
      await writeFile(partFile(reportFile), `${JSON.stringify(report, null, 2)}\n`);
      await rename(partFile(reportFile), reportFile);
      job.report = this.withMedia(report);
      job.state = 'finished';
      job.stage = 'done';
      job.fraction = 1;
      if (job.programmeId) await this.recordRender(job.programmeId, report);
    } catch (err) {
      const e =
        err instanceof StudioError
          ? err
          : new StudioError('PROGRAMME_RENDER_FAILED', undefined, { cause: String(err) });
      job.state = signal.aborted ? 'cancelled' : 'failed';
      job.error = signal.aborted
        ? { code: 'CANCELLED', message: 'Đã huỷ dựng chương trình theo yêu cầu. Không có tệp nào được ghi.' }
        : e.toShape();
    }
    job.finishedAt = this.now().toISOString();
    this.deps.emit('programme.render.finished', { job: structuredClone(job) });
    return structuredClone(job);
  }

  private async recordRender(id: string, report: ProgrammeRenderReport): Promise<void> {
    await this.withProgramme(id, async () => {
      if (!this.programmes.has(id)) return;
      const saved = await (
        await this.programmes.get(id)
      ).update((d) => {
        d.lastRender = report;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', { programmeId: id, revision: saved.revision, reason: 'rendered' });
    });
  }

  renderStatus(jobId: string): ProgrammeRenderJob {
    return this.renders.status(jobId);
  }

  cancelRender(jobId: string): ProgrammeRenderJob {
    return this.renders.cancel(jobId);
  }

  /** Resolves when the render is over (finished, failed or cancelled). */
  waitRender(jobId: string): Promise<ProgrammeRenderJob> {
    return this.renders.wait(jobId);
  }

  /** Cancels running renders and waits for them (shutdown). */
  close(): Promise<void> {
    return this.renders.close();
  }
}

/** A change made on a stale view is refused. */
function checkRevision(current: StoredProgramme, expectedRevision: number | undefined): void {
  if (expectedRevision !== undefined && expectedRevision !== current.revision) {
    throw new StudioError(
      'CONFLICT',
      'Chương trình vừa được thay đổi ở cửa sổ khác. Hãy xem lại rồi thao tác lại.',
      { revision: current.revision },
    );
  }
}

function cleanMetadata(patch: ProgrammeMetadataPatch): ProgrammeMetadataPatch {
  const out: ProgrammeMetadataPatch = { ...patch };
  if (out.title !== undefined) out.title = out.title.normalize('NFC');
  if (out.subject !== undefined) out.subject = out.subject.normalize('NFC');
  if (out.summary !== undefined) out.summary = out.summary.normalize('NFC');
  if (out.authors !== undefined) out.authors = out.authors.map((a) => a.normalize('NFC'));
  return out;
}

function checkTrim(start: number, end: number, frames: number, title: string): void {
  if (start < end && end <= frames) return;
  const sec = (n: number) => (n / EDIT_SAMPLE_RATE).toFixed(3).replace('.', ',');
  throw new StudioError(
    'PROGRAMME_RANGE',
    `Điểm cắt của "${title}" (${sec(start)}–${sec(end)} giây) nằm ngoài âm thanh nguồn dài ${sec(frames)} giây. ` +
      'Hãy chọn điểm đầu trước điểm cuối, và trong độ dài của nguồn.',
    { sourceStart: start, sourceEnd: end, frames },
  );
}

function checkNotTrashed(p: StoredProgramme): void {
  if ((p.deletedAt ?? null) === null) return;
  throw new StudioError(
    'PROGRAMME_IN_TRASH',
    `Chương trình "${p.document.metadata.title}" đang nằm trong thùng rác nên không sửa hay dựng được. ` +
      'Hãy khôi phục nó (Chương trình → Thùng rác → Khôi phục) rồi làm tiếp.',
  );
}

const byTitle = (a: UsageRef, b: UsageRef) =>
  a.title.localeCompare(b.title, 'vi') || a.id.localeCompare(b.id);

/** The folder of a file to write must exist (it is not created behind the user's back). */
async function checkFolder(file: string): Promise<void> {
  if (!path.isAbsolute(file)) {
    throw new StudioError(
      'INVALID_REQUEST',
      `Đường dẫn "${file}" phải là đường dẫn đầy đủ (ví dụ /home/dai/ban-tin-sang.wav).`,
    );
  }
  const dir = await stat(path.dirname(file)).catch(() => null);
  if (!dir?.isDirectory()) {
    throw new StudioError(
      'INVALID_REQUEST',
      `Thư mục "${path.dirname(file)}" không tồn tại. Hãy chọn một thư mục có sẵn để lưu tệp.`,
    );
  }
}

function outputFormat(format: ProgrammeRenderFormat, o: RenderOutputs): OutputFormat {
  switch (format) {
    case 'wav':
      return { format: 'wav', bitDepth: o.wavBitDepth };
    case 'mp3':
      return { format: 'mp3', bitrateKbps: o.mp3Kbps };
    case 'opus':
      return { format: 'opus', bitrateKbps: o.opusKbps };
  }
}

function cancelled(): StudioError {
  return new StudioError('CANCELLED', 'Đã huỷ dựng chương trình theo yêu cầu. Không có tệp nào được ghi.');
}

/** The edit engine's errors, reworded for a programme. */
function renderError(err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return cancelled();
  if (!(err instanceof StudioError)) return err;
  if (err.code === 'EDIT_RENDER_FAILED') {
    return new StudioError(
      'PROGRAMME_RENDER_FAILED',
      'Không dựng được chương trình. Chương trình không bị ảnh hưởng và không có tệp nào được ghi; ' +
        'hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
      err.details,
      err.technical,
    );
  }
  if (err.code === 'DISK_FULL') {
    return new StudioError(
      'DISK_FULL',
      'Ổ đĩa đã đầy nên không ghi được chương trình đã dựng; không có tệp nào được giữ lại. Hãy giải phóng dung lượng rồi thử lại.',
    );
  }
  return err;
}
