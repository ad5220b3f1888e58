/**
 * The editor's projects and their history: an edit list per asset, operations with undo/redo that
 * survive a restart, segments. Every change is saved before the call returns (autosave). Changes to
 * one project are queued, so two windows editing the same project never interleave;
 * `expectedRevision` lets a window notice that its view is stale.
 */
import { randomUUID } from 'node:crypto';
import { assetDeleted, type AudioSources } from '../audio';
import {
  EDIT_SAMPLE_RATE,
  StudioError,
  type EditApplyResult,
  type EditClipboardInfo,
  type EditDocument,
  type EditHistory,
  type EditOp,
  type EditOpRequest,
  type EditProblem,
  type EditProjectState,
  type EditProjectSummary,
  type EditSegmentInput,
  type EditSegmentPatch,
  type EventSink,
} from '../contract';
import type { Library } from '../media/library';
import type { Collection } from '../store';
import type { EditClipboard } from './edit-clipboard';
import type { EditTimelines } from './edit-timelines';
import { applyOp, describeOp, documentLength, initialDocument, stepLabel } from './model';
import type { ProjectStore, StoredProject, StoredSource } from './project-store';
import { resolveOp } from './resolve-op';

export interface EditProjectsDeps {
  projects: ProjectStore;
  library: Library;
  sources: AudioSources;
  clipboard: EditClipboard;
  timelines: EditTimelines;
  emit: EventSink;
  now: () => Date;
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

export class EditProjects {
  private readonly open = new Map<string, Promise<OpenProject>>();
  private readonly projects: ProjectStore;
  private readonly now: () => Date;

  constructor(private readonly deps: EditProjectsDeps) {
    this.projects = deps.projects;
    this.now = deps.now;
  }

  /**
   * A project's stored record and current edit list, as a preview or an export reads it (not
   * queued behind changes: it is what the project is now).
   */
  async read(projectId: string): Promise<{ project: StoredProject; doc: EditDocument }> {
    const open = await this.load(projectId);
    return { project: open.collection.read(), doc: this.current(open) };
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

    const source = await this.deps.sources.resolve(assetId);
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
    // The caller of `run` gets its error; the queue only orders the next change after it.
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
      const problem = await this.deps.sources.problem(id);
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
      const resolved = await resolveOp(this.deps, stored.id, before, request, clipboardKey);
      if (resolved.notice) return { project: await this.state(open), notice: resolved.notice };
      const op = resolved.op as EditOp;
      const after = applyOp(before, op);
      let clipboard: EditClipboardInfo | undefined;
      if (request.type === 'cut')
        clipboard = this.deps.clipboard.fill(clipboardKey, stored, before, request.start, request.end, false);
      if (JSON.stringify(after) === JSON.stringify(before)) {
        return { project: await this.state(open), ...(clipboard ? { clipboard } : {}) };
      }
      await this.record(open, op, before, after, resolved.sources);
      return { project: await this.state(open), ...(clipboard ? { clipboard } : {}) };
    });
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
      await this.record(open, op, before, applyOp(before, op));
      return this.state(open);
    });
  }

  /**
   * Makes `op` (which turned `before` into `after`) the project's next step: what was undone is
   * dropped, the step is stored with its label, and the open document moves on.
   */
  private async record(
    open: OpenProject,
    op: EditOp,
    before: EditDocument,
    after: EditDocument,
    sources?: Record<string, StoredSource>,
  ): Promise<void> {
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
      for (const [id, s] of Object.entries(sources ?? {})) d.sources[id] ??= s;
    });
    open.doc = after;
    open.docPosition = open.collection.read().position;
    if (open.docPosition % CHECKPOINT_EVERY === 0) open.checkpoints.set(open.docPosition, after);
    await this.changed(open, label);
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

  /** Copies `[start, end)` of a project into the clipboard `key` (after every change queued before). */
  async copy(projectId: string, start: number, end: number, key: string): Promise<EditClipboardInfo> {
    return this.withProject(projectId, async (open) =>
      this.deps.clipboard.fill(key, open.collection.read(), this.current(open), start, end, true),
    );
  }
}
