/**
 * The editor's service: projects (an edit list per asset with its whole history), operations with
 * undo/redo that survive a restart, the clipboard, previews and exports through the render engine.
 *
 * Every change is saved before the call returns (autosave). Changes to one project are queued, so
 * two windows editing the same project never interleave; `expectedRevision` lets a window notice
 * that its view is stale.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, createReadStream, existsSync } from 'node:fs';
import {
  access,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import {
  EDIT_CLIPBOARD_MAX_SAMPLES,
  EDIT_SAMPLE_RATE,
  ffmpegMissingError,
  StudioError,
  DEFAULT_ERROR_MESSAGES,
  type EditApplyResult,
  type EditClipboardInfo,
  type EditClipSpec,
  type EditDocument,
  type EditEffect,
  type EditExportFormat,
  type EditExportJob,
  type EditExportPath,
  type EditExportRequest,
  type EditHistory,
  type EditOp,
  type EditOpRequest,
  type EditPreview,
  type EditProblem,
  type EditProjectState,
  type EditProjectSummary,
  type EditSamples,
  type EditSegmentInput,
  type EditSegmentPatch,
  type EventSink,
  type PeaksResult,
} from '../contract';
import type { Library } from '../media/library';
import { JobTable } from '../platform/job-table';
import type { WritablePlaces } from '../platform/user-folders';
import type { Collection, Store } from '../store';
import {
  applyOp,
  checkRange,
  clipsInRange,
  documentLength,
  formatNumberVi,
  formatTimecode,
  describeOp,
  initialDocument,
  msToSamples,
  sliceEffects,
  stepLabel,
} from './model';
import { ProjectStore, type StoredProject, type StoredSource } from './project-store';
import {
  assetDeleted,
  AudioSources,
  compileDocument,
  detectSilences,
  measureLoudness,
  PeakBuilder,
  peaksResult,
  planNormalization,
  readPeaksSlice,
  readWavHeader,
  renderToFile,
  writePeaksFile,
  type NormalizePlan,
  type NormalizeStage,
  type OutputFormat,
  type PeaksQuery,
  type RenderEnv,
  type RenderInput,
  type RenderSource,
  type RenderTimeline,
  type ResolvedSource,
  type TimelineWindow,
} from '../audio';

/** Bump when the render engine changes what a document sounds like: old previews stop matching. */
export const RENDER_VERSION = 1;

export interface EditServiceDeps {
  store: Store;
  dataDir: string;
  library: Library;
  resolveFfmpeg: () => Promise<string | null>;
  emit: EventSink;
  clipboardMaxSamples?: number;
  /** Previews kept in the cache (the oldest go first). */
  previewCacheCount?: number;
  now?: () => Date;
}

interface Clipboard {
  fromProjectId: string;
  lengthSamples: number;
  /** Null when the range was too long to hold. */
  content: { clips: EditClipSpec[]; effects: EditEffect[]; sources: Record<string, StoredSource> } | null;
}

interface OpenProject {
  collection: Collection<StoredProject>;
  doc: EditDocument;
  docPosition: number;
  queue: Promise<unknown>;
  /** Documents at every CHECKPOINT_EVERY-th position, so that an undo never replays the whole history. */
  checkpoints: Map<number, EditDocument>;
}

const CHECKPOINT_EVERY = 50;

const GAIN_RAMP_SAMPLES = msToSamples(10);

export class EditService {
  readonly sources: AudioSources;
  private readonly open = new Map<string, Promise<OpenProject>>();
  private readonly clipboards = new Map<string, Clipboard>();
  private readonly exports = new JobTable<EditExportJob, EditExportJob>({
    notFound: 'Không tìm thấy lượt xuất tệp này. Có thể studio đã khởi động lại.',
  });
  /**
   * Preview renders under way, by preview id. Several callers may wait for one render (two
   * windows, the programme mixer); it is aborted only when every one of them has cancelled.
   */
  private readonly previews = new Map<string, SharedRender>();
  private readonly loudness = new Map<string, NormalizePlan>();
  private readonly now: () => Date;
  private readonly clipboardMax: number;

  private constructor(
    private readonly deps: EditServiceDeps,
    private readonly projects: ProjectStore,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.clipboardMax = deps.clipboardMaxSamples ?? EDIT_CLIPBOARD_MAX_SAMPLES;
    this.sources = new AudioSources({
      dataDir: deps.dataDir,
      library: deps.library,
      resolveFfmpeg: deps.resolveFfmpeg,
      emit: deps.emit,
    });
  }

  static async open(deps: EditServiceDeps): Promise<EditService> {
    return new EditService(deps, await ProjectStore.open(deps.store));
  }

  private get cacheRoot(): string {
    return path.join(this.deps.dataDir, 'cache', 'edit');
  }

  private get previewDir(): string {
    return path.join(this.cacheRoot, 'previews');
  }

  // ---- Projects ------------------------------------------------------------------------------------

  list(assetId?: string): EditProjectSummary[] {
    return this.projects.list(assetId);
  }

  /** Projects whose current edit plays `assetId` (what moving it to the trash would break). */
  async projectsUsing(assetId: string): Promise<EditProjectSummary[]> {
    const using: EditProjectSummary[] = [];
    for (const summary of this.projects.list()) {
      const stored = await this.projects.get(summary.id).catch(() => null);
      // `sources` names every asset the project ever used: most projects are ruled out unreplayed.
      if (!stored || !Object.hasOwn(stored.read().sources, assetId)) continue;
      const open = await this.load(summary.id).catch(() => null);
      if (open && this.current(open).clips.some((c) => c.assetId === assetId)) using.push(summary);
    }
    return using;
  }

  /** Opens a project by id, or the latest of an asset (made when there is none, or when asked). */
  async openProject(req: {
    assetId?: string;
    projectId?: string;
    newProject?: boolean;
  }): Promise<EditProjectState> {
    if (req.projectId !== undefined) return this.state(await this.load(req.projectId));
    const assetId = req.assetId as string;
    const asset = this.deps.library.get(assetId);
    if (asset.deletedAt !== null) throw assetDeleted(asset, assetId);
    const existing = req.newProject ? undefined : this.projects.list(assetId)[0];
    if (existing) return this.state(await this.load(existing.id));

    const source = await this.sources.resolve(assetId);
    const at = this.now().toISOString();
    const project: StoredProject = {
      id: randomUUID().replace(/-/g, ''),
      assetId,
      title: asset.title,
      createdAt: at,
      updatedAt: at,
      revision: 0,
      base: { assetId, frames: source.frames },
      sources: { [assetId]: { title: asset.title, frames: source.frames, channels: source.channels } },
      history: [],
      position: 0,
    };
    const collection = await this.projects.create(project, source.frames);
    const doc = initialDocument(assetId, source.frames);
    const open: OpenProject = {
      collection,
      doc,
      docPosition: 0,
      queue: Promise.resolve(),
      checkpoints: new Map(),
    };
    this.open.set(project.id, Promise.resolve(open));
    return this.state(open);
  }

  private load(projectId: string): Promise<OpenProject> {
    let p = this.open.get(projectId);
    if (!p) {
      p = (async () => {
        const collection = await this.projects.get(projectId);
        const stored = collection.read();
        const checkpoints = new Map<number, EditDocument>();
        return {
          collection,
          doc: this.replayTo(stored, stored.position, checkpoints),
          docPosition: stored.position,
          queue: Promise.resolve(),
          checkpoints,
        };
      })();
      this.open.set(projectId, p);
      p.catch(() => this.open.delete(projectId));
    }
    return p;
  }

  /** The document after `position` entries, from the nearest checkpoint before it. */
  private replayTo(p: StoredProject, position: number, checkpoints: Map<number, EditDocument>): EditDocument {
    let from = position - (position % CHECKPOINT_EVERY);
    while (from > 0 && !checkpoints.has(from)) from -= CHECKPOINT_EVERY;
    let doc =
      from > 0 ? (checkpoints.get(from) as EditDocument) : initialDocument(p.base.assetId, p.base.frames);
    for (let i = from; i < position; i++) {
      doc = applyOp(doc, (p.history[i] as StoredProject['history'][number]).op);
      if ((i + 1) % CHECKPOINT_EVERY === 0) checkpoints.set(i + 1, doc);
    }
    return doc;
  }

  /** After the history was cut at `position` (a new operation after an undo), later checkpoints are wrong. */
  private dropCheckpointsAfter(open: OpenProject, position: number): void {
    for (const k of [...open.checkpoints.keys()]) if (k > position) open.checkpoints.delete(k);
  }

  private current(open: OpenProject): EditDocument {
    const p = open.collection.read();
    if (open.docPosition !== p.position) {
      open.doc = this.replayTo(p, p.position, open.checkpoints);
      open.docPosition = p.position;
    }
    return open.doc;
  }

  /** Runs `fn` on a project after every change queued before it. */
  private async withProject<T>(projectId: string, fn: (open: OpenProject) => Promise<T>): Promise<T> {
    const open = await this.load(projectId);
    const run = open.queue.then(
      () => fn(open),
      () => fn(open),
    );
    open.queue = run.catch(() => undefined);
    return run;
  }

  private async state(open: OpenProject): Promise<EditProjectState> {
    const p = open.collection.read();
    const doc = this.current(open);
    const length = documentLength(doc);
    const ids = [...new Set([p.base.assetId, ...doc.clips.map((c) => c.assetId)])];
    const problems: EditProblem[] = [];
    for (const id of ids) {
      if (id === p.base.assetId && !doc.clips.some((c) => c.assetId === id)) continue;
      const problem = await this.sources.problem(id);
      if (problem) problems.push(problem);
    }
    const used = ids.filter((id) => doc.clips.some((c) => c.assetId === id));
    return {
      id: p.id,
      assetId: p.assetId,
      title: p.title,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      revision: p.revision,
      sampleRate: EDIT_SAMPLE_RATE,
      channels: used.some((id) => p.sources[id]?.channels === 2) ? 2 : 1,
      durationSamples: length,
      durationSec: length / EDIT_SAMPLE_RATE,
      document: structuredClone(doc),
      position: p.position,
      historyLength: p.history.length,
      canUndo: p.position > 0,
      canRedo: p.position < p.history.length,
      undoLabel: p.history[p.position - 1]?.label ?? null,
      redoLabel: p.history[p.position]?.label ?? null,
      undoStep: p.history[p.position - 1]?.step ?? null,
      redoStep: p.history[p.position]?.step ?? null,
      sources: used.map((id) => {
        const s = p.sources[id];
        return {
          assetId: id,
          title: this.deps.library.find(id)?.title ?? s?.title ?? '',
          frames: s?.frames ?? 0,
          channels: s?.channels ?? 1,
        };
      }),
      problems,
    };
  }

  private async changed(open: OpenProject, label: string): Promise<void> {
    const p = open.collection.read();
    await this.projects.summarise(p, documentLength(this.current(open)));
    this.deps.emit('edit.changed', {
      projectId: p.id,
      revision: p.revision,
      position: p.position,
      historyLength: p.history.length,
      label,
    });
  }

  // ---- Operations ----------------------------------------------------------------------------------

  /** Applies one operation the editor asks for; `clipboardKey` names the caller's clipboard. */
  apply(
    projectId: string,
    request: EditOpRequest,
    clipboardKey: string,
    expectedRevision?: number,
  ): Promise<EditApplyResult> {
    return this.withProject(projectId, async (open) => {
      const stored = open.collection.read();
      if (expectedRevision !== undefined && expectedRevision !== stored.revision) {
        throw new StudioError(
          'CONFLICT',
          'Bản biên tập vừa được thay đổi ở cửa sổ khác. Hãy xem lại rồi thao tác lại.',
          { revision: stored.revision },
        );
      }
      const before = this.current(open);
      const resolved = await this.resolveOp(open, before, request, clipboardKey);
      if (resolved.notice) return { project: await this.state(open), notice: resolved.notice };
      const op = resolved.op as EditOp;
      const after = applyOp(before, op);
      let clipboard: EditClipboardInfo | undefined;
      if (request.type === 'cut')
        clipboard = this.fillClipboard(clipboardKey, stored, before, request.start, request.end, false);
      if (JSON.stringify(after) === JSON.stringify(before)) {
        return { project: await this.state(open), ...(clipboard ? { clipboard } : {}) };
      }
      const step = describeOp(op, before);
      const label = stepLabel(step);
      const at = this.now().toISOString();
      this.dropCheckpointsAfter(open, open.collection.read().position);
      await open.collection.update((d) => {
        d.history.splice(d.position);
        d.history.push({ op, label, step, at });
        d.position = d.history.length;
        d.revision += 1;
        d.updatedAt = at;
        for (const [id, s] of Object.entries(resolved.sources ?? {})) d.sources[id] ??= s;
      });
      open.doc = after;
      open.docPosition = open.collection.read().position;
      if (open.docPosition % CHECKPOINT_EVERY === 0) open.checkpoints.set(open.docPosition, after);
      await this.changed(open, label);
      return { project: await this.state(open), ...(clipboard ? { clipboard } : {}) };
    });
  }

  /** Turns a request into an operation that replays without the outside world. */
  private async resolveOp(
    open: OpenProject,
    doc: EditDocument,
    r: EditOpRequest,
    clipboardKey: string,
  ): Promise<{ op?: EditOp; sources?: Record<string, StoredSource>; notice?: string }> {
    switch (r.type) {
      case 'cut':
      case 'delete':
        return { op: { type: 'delete', start: r.start, end: r.end, cut: r.type === 'cut' } };
      case 'trim':
      case 'split':
      case 'silence':
      case 'declick':
      case 'removeEffect':
      case 'removeMarker':
      case 'envelope':
        return { op: r };
      case 'addMarker':
      case 'renameMarker':
        return { op: { ...r, label: r.label.normalize('NFC') } };
      case 'fade':
        return { op: { type: 'fade', direction: r.direction, start: r.start, end: r.end, curve: r.curve } };
      case 'gain':
        return {
          op: {
            type: 'gain',
            start: r.start,
            end: r.end,
            gainDb: r.gainDb,
            rampSamples: msToSamples(r.rampMs),
          },
        };
      case 'paste': {
        const cb = this.clipboards.get(clipboardKey);
        if (!cb) throw new StudioError('EDIT_CLIPBOARD_EMPTY');
        if (!cb.content) throw this.clipboardTooLong(cb.lengthSamples, 'Đoạn trong bộ nhớ tạm');
        for (const id of new Set(cb.content.clips.map((c) => c.assetId))) {
          const asset = this.deps.library.find(id);
          if (!asset || asset.deletedAt !== null) throw assetDeleted(asset, id);
        }
        return {
          op: {
            type: 'insert',
            at: r.at,
            ...(r.replaceEnd !== undefined ? { replaceEnd: r.replaceEnd } : {}),
            clips: cb.content.clips,
            effects: cb.content.effects,
            source: 'paste',
            title: '',
          },
          sources: cb.content.sources,
        };
      }
      case 'insertAsset': {
        const asset = this.deps.library.get(r.assetId);
        if (asset.deletedAt !== null) throw assetDeleted(asset, r.assetId);
        const source = await this.sources.resolve(r.assetId);
        const s = r.sourceStart ?? 0;
        const e = r.sourceEnd ?? source.frames;
        if (s >= e || e > source.frames) {
          throw new StudioError(
            'EDIT_RANGE',
            `Đoạn ${formatTimecode(s)}–${formatTimecode(e)} của "${asset.title}" nằm ngoài tệp (dài ${formatTimecode(source.frames)}). Hãy chọn lại.`,
          );
        }
        return {
          op: {
            type: 'insert',
            at: r.at,
            ...(r.replaceEnd !== undefined ? { replaceEnd: r.replaceEnd } : {}),
            clips: [{ assetId: r.assetId, sourceStart: s, sourceEnd: e }],
            effects: [],
            source: 'asset',
            title: asset.title,
          },
          sources: { [r.assetId]: { title: asset.title, frames: source.frames, channels: source.channels } },
        };
      }
      case 'normalize': {
        if (r.start === undefined && r.end === undefined) {
          return {
            op: {
              type: 'normalize',
              target:
                r.targetLufs === null ? null : { targetLufs: r.targetLufs, truePeakDbtp: r.truePeakDbtp },
            },
          };
        }
        if (r.targetLufs === null) {
          throw new StudioError(
            'INVALID_REQUEST',
            'Hãy chọn mức độ lớn cần đạt (ví dụ −23 LUFS) cho đoạn chọn.',
          );
        }
        const window = this.windowOf(doc, r.start, r.end);
        const measured = await measureLoudness(await this.env(), await this.timeline(doc, window), {
          onProgress: (fraction) => this.progress(open, null, 'analysis', fraction),
        });
        if (measured.integratedLufs === null) {
          throw new StudioError(
            'EDIT_RANGE',
            'Đoạn chọn quá ngắn hoặc quá nhỏ tiếng để đo độ lớn (cần ít nhất nửa giây có tiếng). Hãy chọn đoạn dài hơn.',
          );
        }
        const gainDb = Math.max(
          -60,
          Math.min(24, Math.round((r.targetLufs - measured.integratedLufs) * 100) / 100),
        );
        return {
          op: {
            type: 'normalizeRange',
            start: window.start,
            end: window.end,
            targetLufs: r.targetLufs,
            measuredLufs: measured.integratedLufs,
            gainDb,
            rampSamples: GAIN_RAMP_SAMPLES,
          },
        };
      }
      case 'shortenSilences': {
        const window = this.windowOf(doc, r.start, r.end);
        const found = await detectSilences(
          await this.env(),
          await this.timeline(doc, window),
          r.thresholdDb,
          r.minSilenceMs / 1000,
          { onProgress: (fraction) => this.progress(open, null, 'analysis', fraction) },
        );
        const keep = msToSamples(r.keepMs);
        const head = Math.floor(keep / 2);
        const ranges = found
          .map((s) => ({ start: window.start + s.start + head, end: window.start + s.end - (keep - head) }))
          .filter((s) => s.end > s.start);
        if (ranges.length === 0) {
          return {
            notice:
              `Không tìm thấy khoảng lặng nào dài từ ${formatNumberVi(r.minSilenceMs / 1000)} giây trở lên ` +
              `(dưới ${formatNumberVi(r.thresholdDb)} dB) trong đoạn đã chọn. Không có gì thay đổi.`,
          };
        }
        return {
          op: {
            type: 'shortenSilences',
            thresholdDb: r.thresholdDb,
            minSilenceMs: r.minSilenceMs,
            keepMs: r.keepMs,
            ranges,
          },
        };
      }
    }
  }

  private windowOf(doc: EditDocument, start?: number, end?: number): TimelineWindow {
    const length = documentLength(doc);
    if (length === 0) throw new StudioError('EDIT_EMPTY');
    const w = { start: start ?? 0, end: end ?? length };
    checkRange(doc, w.start, w.end);
    return w;
  }

  undo(projectId: string): Promise<EditProjectState> {
    return this.moveTo(projectId, (p) => p.position - 1, 'Hoàn tác');
  }

  redo(projectId: string): Promise<EditProjectState> {
    return this.moveTo(projectId, (p) => p.position + 1, 'Làm lại');
  }

  jumpTo(projectId: string, position: number): Promise<EditProjectState> {
    return this.moveTo(
      projectId,
      (p) => {
        if (position > p.history.length) {
          throw new StudioError(
            'EDIT_RANGE',
            `Lịch sử chỉ có ${p.history.length} bước; không có bước ${position}. Hãy tải lại lịch sử.`,
          );
        }
        return position;
      },
      'Chuyển đến bước',
    );
  }

  private moveTo(
    projectId: string,
    target: (p: StoredProject) => number,
    verb: string,
  ): Promise<EditProjectState> {
    return this.withProject(projectId, async (open) => {
      const p = open.collection.read();
      const to = target(p);
      if (to < 0 || to > p.history.length || to === p.position) return this.state(open);
      const entry = to < p.position ? p.history[p.position - 1] : p.history[to - 1];
      const doc = this.replayTo(p, to, open.checkpoints);
      await open.collection.update((d) => {
        d.position = to;
        d.revision += 1;
        d.updatedAt = this.now().toISOString();
      });
      open.doc = doc;
      open.docPosition = to;
      await this.changed(open, `${verb}: ${entry?.label ?? ''}`);
      return this.state(open);
    });
  }

  async history(projectId: string): Promise<EditHistory> {
    const p = (await this.load(projectId)).collection.read();
    return {
      projectId,
      position: p.position,
      entries: p.history.map((e, i) => ({
        index: i + 1,
        label: e.label,
        type: e.op.type,
        step: e.step,
        at: e.at,
      })),
    };
  }

  // ---- Segments ------------------------------------------------------------------------------------

  private async applyStored(projectId: string, op: EditOp): Promise<EditProjectState> {
    return this.withProject(projectId, async (open) => {
      const before = this.current(open);
      const after = applyOp(before, op);
      const step = describeOp(op, before);
      const label = stepLabel(step);
      const at = this.now().toISOString();
      this.dropCheckpointsAfter(open, open.collection.read().position);
      await open.collection.update((d) => {
        d.history.splice(d.position);
        d.history.push({ op, label, step, at });
        d.position = d.history.length;
        d.revision += 1;
        d.updatedAt = at;
      });
      open.doc = after;
      open.docPosition = open.collection.read().position;
      if (open.docPosition % CHECKPOINT_EVERY === 0) open.checkpoints.set(open.docPosition, after);
      await this.changed(open, label);
      return this.state(open);
    });
  }

  addSegment(projectId: string, segment: EditSegmentInput): Promise<EditProjectState> {
    return this.applyStored(projectId, {
      type: 'addSegment',
      segment: { ...segment, title: segment.title.normalize('NFC'), script: segment.script ?? null },
    });
  }

  updateSegment(projectId: string, segmentId: string, patch: EditSegmentPatch): Promise<EditProjectState> {
    const clean: EditSegmentPatch = { ...patch };
    if (clean.title !== undefined) clean.title = clean.title.normalize('NFC');
    return this.applyStored(projectId, { type: 'updateSegment', segmentId, patch: clean });
  }

  removeSegment(projectId: string, segmentId: string): Promise<EditProjectState> {
    return this.applyStored(projectId, { type: 'removeSegment', segmentId });
  }

  // ---- Clipboard -----------------------------------------------------------------------------------

  private clipboardTooLong(length: number, what: string): StudioError {
    return new StudioError(
      'EDIT_CLIPBOARD_TOO_LONG',
      `${what} dài ${formatTimecode(length)}, quá giới hạn ${formatTimecode(this.clipboardMax)} của bộ nhớ tạm, nên không dán được. ` +
        'Hãy chọn đoạn ngắn hơn rồi sao chép hoặc cắt lại; muốn ghép cả tệp dài, hãy dùng "Chèn tệp".',
      { lengthSamples: length, maxSamples: this.clipboardMax },
    );
  }

  private fillClipboard(
    key: string,
    project: StoredProject,
    doc: EditDocument,
    start: number,
    end: number,
    strict: boolean,
  ): EditClipboardInfo {
    const projectId = project.id;
    checkRange(doc, start, end);
    const length = end - start;
    if (length > this.clipboardMax) {
      if (strict) throw this.clipboardTooLong(length, 'Đoạn chọn');
      this.clipboards.set(key, { fromProjectId: projectId, lengthSamples: length, content: null });
    } else {
      const clips = clipsInRange(doc, start, end);
      const sources: Record<string, StoredSource> = {};
      for (const c of clips) {
        const s = project.sources[c.assetId];
        if (s) sources[c.assetId] = s;
      }
      this.clipboards.set(key, {
        fromProjectId: projectId,
        lengthSamples: length,
        content: { clips, effects: sliceEffects(doc.effects, start, end), sources },
      });
    }
    return this.clipboardInfo(key);
  }

  async copy(projectId: string, start: number, end: number, key: string): Promise<EditClipboardInfo> {
    return this.withProject(projectId, async (open) =>
      this.fillClipboard(key, open.collection.read(), this.current(open), start, end, true),
    );
  }

  clipboardInfo(key: string): EditClipboardInfo {
    const cb = this.clipboards.get(key);
    if (!cb) {
      return {
        empty: true,
        ok: false,
        lengthSamples: 0,
        durationSec: 0,
        fromProjectId: null,
        maxSamples: this.clipboardMax,
      };
    }
    return {
      empty: false,
      ok: cb.content !== null,
      lengthSamples: cb.lengthSamples,
      durationSec: cb.lengthSamples / EDIT_SAMPLE_RATE,
      fromProjectId: cb.fromProjectId,
      maxSamples: this.clipboardMax,
    };
  }

  // ---- Rendering -----------------------------------------------------------------------------------

  private async env(): Promise<RenderEnv> {
    const ffmpeg = await this.deps.resolveFfmpeg();
    if (!ffmpeg) {
      throw ffmpegMissingError('chưa dựng được âm thanh của bản biên tập');
    }
    return { ffmpeg, cwd: this.deps.dataDir };
  }

  private async sourceMap(doc: EditDocument): Promise<Map<string, RenderSource>> {
    const resolved: Map<string, ResolvedSource> = await this.sources.resolveAll(
      doc.clips.map((c) => c.assetId),
    );
    return new Map(resolved);
  }

  private async timeline(doc: EditDocument, window?: TimelineWindow): Promise<RenderTimeline> {
    if (documentLength(doc) === 0) throw new StudioError('EDIT_EMPTY');
    return compileDocument(doc, await this.sourceMap(doc), window);
  }

  /**
   * The loudness stage of a document: planned on its whole timeline once, then cached (in memory
   * and on disk), so that a preview and an export of the same edit get the same gain.
   */
  private async normalization(
    doc: EditDocument,
    open: OpenProject,
    jobId: string | null,
    signal?: AbortSignal,
  ): Promise<NormalizeStage | null> {
    if (!doc.loudness) return null;
    const full = await this.timeline(doc);
    const key = sha256(JSON.stringify({ tl: timelineKey(full), target: doc.loudness }));
    let plan = this.loudness.get(key);
    const file = path.join(this.cacheRoot, 'loudness', `${key}.json`);
    if (!plan) {
      plan = await readFile(file, 'utf8')
        .then((t) => JSON.parse(t) as NormalizePlan)
        .catch(() => undefined);
    }
    if (!plan) {
      plan = await planNormalization(await this.env(), full, doc.loudness, {
        signal,
        onProgress: (fraction) => this.progress(open, jobId, 'analysis', fraction),
      });
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(plan));
    }
    this.loudness.set(key, plan);
    return plan.stage;
  }

  private progress(
    open: OpenProject,
    jobId: string | null,
    purpose: 'preview' | 'export' | 'analysis',
    fraction: number,
  ): void {
    this.deps.emit('edit.render.progress', {
      projectId: open.collection.read().id,
      jobId,
      purpose,
      fraction,
    });
  }

  /**
   * The loudness stage of an edit as it is now (`null` when it is not normalised): the gain and
   * limiter its preview and export apply, planned once on the whole edit and cached. A programme
   * applies it to an item made of the edit or of one of its segments.
   */
  async loudnessStage(projectId: string): Promise<NormalizeStage | null> {
    const open = await this.load(projectId);
    return this.normalization(this.current(open), open, null);
  }

  /** Renders the current edit (or a window of it) into the preview cache; returns its id and peaks. */
  async preview(projectId: string, start?: number, end?: number, signal?: AbortSignal): Promise<EditPreview> {
    const open = await this.load(projectId);
    const doc = this.current(open);
    const window = this.windowOf(doc, start, end);
    const whole = window.start === 0 && window.end === documentLength(doc);
    const normalize = await this.normalization(doc, open, null);
    const tl = await this.timeline(doc, whole ? undefined : window);
    const { previewId, cached } = await this.renderToPreview(
      timelineKey(tl),
      tl,
      normalize,
      (fraction) => this.progress(open, null, 'preview', fraction),
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
      peaks: await this.peaks(previewId, {}),
    };
  }

  /**
   * Renders any input into the preview cache (16-bit WAV and its peaks), once per `key` (what
   * decides the audio, for example `timelineKey`) and loudness stage; resolves when it is ready.
   * The hosts' media route plays it (`previewFile`) and `peaks` reads it: the editor's previews, and
   * the programme mixer's (the same engine, the same cache).
   */
  async renderToPreview(
    key: string,
    input: RenderInput,
    normalize: NormalizeStage | null,
    onProgress?: (fraction: number) => void,
    signal?: AbortSignal,
  ): Promise<{ previewId: string; cached: boolean }> {
    const previewId = sha256(
      JSON.stringify({ v: RENDER_VERSION, kind: 'preview-wav16', tl: key, normalize }),
    );
    const wav = path.join(this.previewDir, `${previewId}.wav`);
    const peaksFile = path.join(this.previewDir, `${previewId}.peaks`);
    if (existsSync(wav) && existsSync(peaksFile)) {
      const t = new Date();
      await utimes(wav, t, t).catch(() => undefined);
      return { previewId, cached: true };
    }
    let shared = this.previews.get(previewId);
    // A render every caller has cancelled is still stopping: a new caller gets a render of its own.
    if (!shared || shared.controller.signal.aborted) {
      const controller = new AbortController();
      const done = this.renderPreview(input, normalize, wav, peaksFile, onProgress, controller.signal);
      const started: SharedRender = { done, controller, waiting: 0 };
      void done
        .catch(() => undefined)
        .finally(() => {
          if (this.previews.get(previewId) === started) this.previews.delete(previewId);
        });
      shared = started;
      this.previews.set(previewId, shared);
    }
    await waitForShared(shared, signal);
    void this.prunePreviews();
    return { previewId, cached: false };
  }

  private async renderPreview(
    input: RenderInput,
    normalize: NormalizeStage | null,
    wav: string,
    peaksFile: string,
    onProgress: ((fraction: number) => void) | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    await mkdir(this.previewDir, { recursive: true });
    const tag = `${process.pid}.${randomUUID()}`;
    const wavPart = `${wav}.${tag}.part`;
    const peaksPart = `${peaksFile}.${tag}.part`;
    try {
      await renderToFile(await this.env(), input, normalize, { format: 'wav', bitDepth: 16 }, wavPart, {
        onProgress,
        signal,
      });
      await writePeaksFile(peaksPart, await peaksOfWav(wavPart));
      await rename(peaksPart, peaksFile);
      await rename(wavPart, wav);
    } catch (err) {
      await rm(wavPart, { force: true });
      await rm(peaksPart, { force: true });
      throw err;
    }
  }

  /** The preview's audio file, for the hosts' media route; `null` when there is no such preview. */
  previewFile(previewId: string): string | null {
    if (!/^[0-9a-f]{64}$/.test(previewId)) return null;
    const file = path.join(this.previewDir, `${previewId}.wav`);
    return existsSync(file) ? file : null;
  }

  async peaks(previewId: string, q: PeaksQuery): Promise<PeaksResult> {
    const slice = await readPeaksSlice(path.join(this.previewDir, `${previewId}.peaks`), q).catch(() => null);
    if (!slice) {
      throw new StudioError(
        'EDIT_NOT_FOUND',
        'Bản nghe thử này không còn trong bộ nhớ đệm (có thể đã được dọn). Hãy tạo lại bản nghe thử.',
      );
    }
    return peaksResult(slice, previewId, slice.header.totalFrames / slice.header.sampleRate);
  }

  /**
   * Sample values of a cached preview, read by byte range from its 16-bit WAV (never the whole
   * file): `count` frames from `startSample`, fewer at the end; with `int16`, the integers as stored.
   */
  async samples(previewId: string, startSample: number, count: number, int16 = false): Promise<EditSamples> {
    const file = this.previewFile(previewId);
    const info = file ? await readWavHeader(file).catch(() => null) : null;
    if (!file || !info) {
      throw new StudioError(
        'EDIT_NOT_FOUND',
        'Bản nghe thử này không còn trong bộ nhớ đệm (có thể đã được dọn). Hãy tạo lại bản nghe thử.',
      );
    }
    if (info.formatTag !== 1 || info.bitsPerSample !== 16) {
      throw new StudioError(
        'EDIT_RENDER_FAILED',
        'Bản nghe thử không phải âm thanh 16-bit. Hãy tạo lại bản nghe thử.',
      );
    }
    const start = Math.min(startSample, info.frames);
    const frames = Math.max(0, Math.min(count, info.frames - start));
    const channels = info.channels;
    const out = Array.from({ length: channels }, () => new Array<number>(frames));
    const scale = int16 ? 1 : 32768;
    if (frames > 0) {
      const buf = Buffer.alloc(frames * info.blockAlign);
      const fh = await open(file, 'r');
      try {
        await fh.read(buf, 0, buf.length, info.dataOffset + start * info.blockAlign);
      } finally {
        await fh.close();
      }
      for (let i = 0; i < frames; i++) {
        const base = i * info.blockAlign;
        for (let c = 0; c < channels; c++) out[c]![i] = buf.readInt16LE(base + 2 * c) / scale;
      }
    }
    return {
      previewId,
      startSample: start,
      channels,
      sampleRate: info.sampleRate,
      totalSamples: info.frames,
      samples: out,
    };
  }

  /** Keeps the newest previews (by last use) and removes the rest. */
  private async prunePreviews(): Promise<void> {
    const keep = this.deps.previewCacheCount ?? 40;
    const names = await readdir(this.previewDir).catch(() => [] as string[]);
    const wavs: Array<{ id: string; mtimeMs: number }> = [];
    for (const n of names) {
      const m = /^([0-9a-f]{64})\.wav$/.exec(n);
      if (!m?.[1]) continue;
      const s = await stat(path.join(this.previewDir, n)).catch(() => null);
      if (s) wavs.push({ id: m[1], mtimeMs: s.mtimeMs });
    }
    wavs.sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const w of wavs.slice(keep)) {
      if (this.previews.has(w.id)) continue;
      await rm(path.join(this.previewDir, `${w.id}.wav`), { force: true });
      await rm(path.join(this.previewDir, `${w.id}.peaks`), { force: true });
    }
  }

  // ---- Export --------------------------------------------------------------------------------------

  /** `overwrite` (default false): write over a file that is already there, which the user confirmed. */
  /**
   * `places`: where a request may write (the router passes its caller's: a window's chosen
   * folders; the command line, run by the user in their own shell, writes where they say).
   */
  async startExport(
    req: Omit<EditExportRequest, 'overwrite'> & { overwrite?: boolean },
    places?: WritablePlaces,
  ): Promise<EditExportJob> {
    const open = await this.load(req.projectId);
    const stored = open.collection.read();
    const doc = this.current(open);
    if (documentLength(doc) === 0) throw new StudioError('EDIT_EMPTY');
    const file =
      req.path === undefined
        ? await this.suggestedExportPath(stored.title, req.format)
        : await this.checkExportPath(req.path, req.format, req.overwrite ?? false, places);
    const job: EditExportJob = {
      id: randomUUID(),
      projectId: req.projectId,
      state: 'running',
      format: req.format,
      file,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      fraction: 0,
      durationSec: documentLength(doc) / EDIT_SAMPLE_RATE,
      loudness: doc.loudness,
      error: null,
    };
    const format: OutputFormat =
      req.format === 'wav'
        ? { format: 'wav', bitDepth: req.bitDepth }
        : { format: 'mp3', bitrateKbps: req.bitrateKbps };
    return this.exports.start(job, (signal) => this.runExport(open, doc, job, format, signal));
  }

  private async runExport(
    open: OpenProject,
    doc: EditDocument,
    job: EditExportJob,
    format: OutputFormat,
    signal: AbortSignal,
  ): Promise<EditExportJob> {
    const part = `${job.file}.part`;
    try {
      const normalize = await this.normalization(doc, open, job.id, signal);
      const tl = await this.timeline(doc);
      await renderToFile(await this.env(), tl, normalize, format, part, {
        signal,
        onProgress: (fraction) => {
          job.fraction = fraction;
          this.progress(open, job.id, 'export', fraction);
        },
      });
      await rename(part, job.file);
      job.state = 'finished';
      job.fraction = 1;
    } catch (err) {
      await rm(part, { force: true });
      const e =
        err instanceof StudioError
          ? err
          : new StudioError('EDIT_RENDER_FAILED', undefined, { cause: String(err) });
      job.state = signal.aborted ? 'cancelled' : 'failed';
      job.error = signal.aborted
        ? { code: 'CANCELLED', message: 'Đã huỷ xuất tệp theo yêu cầu. Không có tệp nào được ghi.' }
        : e.toShape();
    }
    job.finishedAt = this.now().toISOString();
    this.deps.emit('edit.export.finished', { job: { ...job } });
    return { ...job };
  }

  /** Where an export goes when the user does not choose: a new name in `<data folder>/exports/`. */
  async exportPath(projectId: string, format: EditExportFormat): Promise<EditExportPath> {
    const stored = (await this.load(projectId)).collection.read();
    return { path: await this.suggestedExportPath(stored.title, format) };
  }

  private async suggestedExportPath(title: string, format: EditExportFormat): Promise<string> {
    const ext = `.${format}`;
    const dir = path.join(this.deps.dataDir, 'exports');
    await mkdir(dir, { recursive: true });
    const t = this.now();
    const stamp = `${t.getFullYear()}${pad(t.getMonth() + 1)}${pad(t.getDate())}-${pad(t.getHours())}${pad(t.getMinutes())}${pad(t.getSeconds())}`;
    const base = `${safeName(title)}-${stamp}`;
    let file = path.join(dir, `${base}${ext}`);
    for (let i = 2; existsSync(file) || existsSync(`${file}.part`) || this.exportingTo(file); i++)
      file = path.join(dir, `${base}-${i}${ext}`);
    return file;
  }

  private exportingTo(file: string): boolean {
    return this.exports.running().some((job) => job.file === file);
  }

  /**
   * A path the user chose: absolute, in a folder that exists and can be written, with the format's
   * extension (added when the name has none), not a file already there unless `overwrite`.
   */
  private async checkExportPath(
    chosen: string,
    format: EditExportFormat,
    overwrite: boolean,
    places: WritablePlaces | undefined,
  ): Promise<string> {
    const ext = `.${format}`;
    const name = format === 'wav' ? 'WAV' : 'MP3';
    if (!path.isAbsolute(chosen)) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `"${chosen}" chưa phải đường dẫn đầy đủ. Hãy ghi cả thư mục, ví dụ /home/dai/Bản tin sáng${ext}.`,
        { path: chosen, reason: 'relative' },
      );
    }
    if (/[\\/]$/.test(chosen) || path.basename(chosen) === '') {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Đường dẫn "${chosen}" chưa có tên tệp. Hãy thêm tên tệp sau thư mục, ví dụ "Bản tin sáng${ext}".`,
        { path: chosen, reason: 'no-name' },
      );
    }
    const given = path.extname(chosen);
    if (given !== '' && given.toLowerCase() !== ext) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Tệp "${path.basename(chosen)}" có đuôi "${given}" nhưng định dạng xuất là ${name}. ` +
          `Hãy đổi đuôi tệp thành "${ext}" hoặc chọn định dạng khác.`,
        { path: chosen, reason: 'extension' },
      );
    }
    const file = path.normalize(given === '' ? `${chosen}${ext}` : chosen);
    const dir = path.dirname(file);
    const folder = await stat(dir).catch(() => null);
    if (!folder?.isDirectory()) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Thư mục "${dir}" không tồn tại. Hãy chọn một thư mục có sẵn để lưu tệp xuất.`,
        { path: file, reason: 'no-folder' },
      );
    }
    // Before anything about the file itself: a place the user did not choose is not looked into.
    await places?.assertMayWrite(file);
    const writable = await access(dir, fsConstants.W_OK).then(
      () => true,
      () => false,
    );
    if (!writable) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `Studio không có quyền ghi vào thư mục "${dir}". Hãy chọn thư mục khác (ví dụ trong thư mục cá nhân).`,
        { path: file, reason: 'not-writable' },
      );
    }
    if (this.exportingTo(file)) {
      throw new StudioError(
        'CONFLICT',
        `Đang có một lượt xuất ghi vào "${file}". Hãy đợi nó xong hoặc chọn tên tệp khác.`,
        { path: file },
      );
    }
    const existing = await stat(file).catch(() => null);
    if (existing?.isDirectory()) {
      throw new StudioError(
        'EDIT_EXPORT_PATH',
        `"${file}" là một thư mục. Hãy thêm tên tệp, ví dụ "${path.join(file, `Bản tin sáng${ext}`)}".`,
        { path: file, reason: 'is-folder' },
      );
    }
    if (existing && !overwrite) {
      throw new StudioError(
        'EDIT_EXPORT_EXISTS',
        `Đã có tệp "${path.basename(file)}" trong thư mục "${dir}". Hãy đặt tên khác, hoặc xác nhận ghi đè lên tệp cũ.`,
        { path: file },
      );
    }
    return file;
  }

  exportStatus(jobId: string): EditExportJob {
    return this.exports.status(jobId);
  }

  cancelExport(jobId: string): EditExportJob {
    return this.exports.cancel(jobId);
  }

  /** Resolves when the export is over (the CLI waits with this). */
  waitExport(jobId: string): Promise<EditExportJob> {
    return this.exports.wait(jobId);
  }

  /** Cancels running exports and waits for them (shutdown). */
  close(): Promise<void> {
    return this.exports.close();
  }
}

function sha256(text: string): string {
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

const pad = (n: number) => String(n).padStart(2, '0');

/** A title as a file name: Vietnamese kept, characters Windows forbids replaced. */
export function safeName(title: string, fallback = 'ban-bien-tap'): string {
  const cleaned = title
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[. ]+$/, '')
    .slice(0, 80);
  return cleaned || fallback;
}

/** Waveform peaks of a 16-bit WAV, computed by the library's own peak builder. */
async function peaksOfWav(file: string) {
  const info = await readWavHeader(file);
  if (!info || info.bitsPerSample !== 16 || info.formatTag !== 1) {
    throw new StudioError('EDIT_RENDER_FAILED', 'Bản nghe thử vừa dựng không đọc lại được. Hãy thử lại.');
  }
  const builder = new PeakBuilder(info.sampleRate, info.channels, info.frames / info.sampleRate);
  if (info.dataBytes > 0) {
    const stream = createReadStream(file, {
      start: info.dataOffset,
      end: info.dataOffset + info.dataBytes - 1,
    });
    for await (const chunk of stream) builder.push(chunk as Buffer);
  }
  return builder.finish();
}

/** One preview render and how many callers still wait for it. */
interface SharedRender {
  done: Promise<void>;
  controller: AbortController;
  waiting: number;
}

/**
 * Waits for a shared render as one of its callers. A caller that cancels stops waiting at once
 * (CANCELLED); the render itself stops when the last caller waiting for it has cancelled.
 */
function waitForShared(shared: SharedRender, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new StudioError('CANCELLED', DEFAULT_ERROR_MESSAGES.CANCELLED);
  shared.waiting++;
  return new Promise<void>((resolve, reject) => {
    // Each caller stops waiting once: by its cancel or by the render's end, whichever comes first.
    let waiting = true;
    const stopWaiting = () => {
      if (!waiting) return false;
      waiting = false;
      shared.waiting--;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const onAbort = () => {
      if (!stopWaiting()) return;
      if (shared.waiting === 0) shared.controller.abort();
      reject(new StudioError('CANCELLED', DEFAULT_ERROR_MESSAGES.CANCELLED));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    shared.done.then(
      () => stopWaiting() && resolve(),
      (err: unknown) => stopWaiting() && reject(err),
    );
  });
}
