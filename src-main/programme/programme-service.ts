/**
 * The programme service: programmes (metadata, tracks, items) saved on every change, with their
 * undo history, the trash, and templates. Files (`programme-files.ts`) and renders
 * (`programme-renders.ts`) are built on it.
 *
 * Changes to one programme are queued, so two windows never interleave; `expectedRevision` lets a
 * window notice that its view is stale.
 */
import { randomUUID } from 'node:crypto';
import {
  StudioError,
  type AssetUsage,
  type DuckingSettings,
  type EventSink,
  type PeaksResult,
  type ProgrammeApproval,
  type ProgrammeApprovalStep,
  type ProgrammeDocument,
  type ProgrammeItemView,
  type ProgrammeMetadataPatch,
  type ProgrammeApprovalState,
  type ProgrammeOpRequest,
  type ProgrammeSource,
  type ProgrammeRenderReport,
  type ProgrammeState,
  type ProgrammeSummary,
  type ProgrammeTemplate,
  type UsageRef,
} from '../contract';
import type { EditProjects } from '../edit/edit-projects';
import type { Database, Store } from '../store';
import {
  analyse,
  applyChange,
  crossfadesIn,
  emptyProgramme,
  itemEnd,
  itemLength,
  programmeFromTemplate,
  rundownOrder,
  templateDocument,
} from './model';
import { approvalOf, newApproval, reopened, type Actor } from './approval';
import { opLabel, recordChange, updateLabel } from './history';
import { ProgrammeStore } from './programme-store';
import { documentKey } from './render/document-key';
import type { RenderedFiles } from './rendered-files';
import { resolveChange } from './resolve-change';
import type { StoredProgramme } from './schemas';
import type { ProgrammeSources } from './sources';

export interface ProgrammeServiceDeps {
  store: Store;
  /** The records database, opened with `programmeTables`: the index of programmes. */
  database: Database;
  /** The editor's projects: which of them play an asset (`assetUsage`). */
  editProjects: EditProjects;
  sources: ProgrammeSources;
  /** Where the last render's files get the media id the page plays them by. */
  renderedFiles: RenderedFiles;
  emit: EventSink;
  now?: () => Date;
}

const newId = () => randomUUID().replace(/-/g, '');

export class ProgrammeService {
  private readonly sources: ProgrammeSources;
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly now: () => Date;

  private constructor(
    private readonly deps: ProgrammeServiceDeps,
    private readonly programmes: ProgrammeStore,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.sources = deps.sources;
  }

  static async open(deps: ProgrammeServiceDeps): Promise<ProgrammeService> {
    return new ProgrammeService(deps, await ProgrammeStore.open(deps.store, deps.database));
  }

  // ---- Programmes ----------------------------------------------------------------------------------

  /**
   * Newest first; `inTrash`: the programmes in the trash instead; `approvalState`: only those in
   * that state.
   */
  list(inTrash = false, approvalState?: ProgrammeApprovalState): ProgrammeSummary[] {
    return this.programmes.list(inTrash, approvalState);
  }

  /** Who made a programme and its title (PROGRAMME_NOT_FOUND when there is none). */
  owner(id: string): { createdBy: string | null; title: string } {
    return this.programmes.owner(id);
  }

  /** `createdBy`: the maker's user id (null: the local admin). */
  async create(
    req: { templateId?: string; metadata?: ProgrammeMetadataPatch },
    createdBy: string | null,
  ): Promise<ProgrammeState> {
    const metadata = cleanMetadata(req.metadata ?? {});
    const doc =
      req.templateId !== undefined
        ? programmeFromTemplate(this.programmes.template(req.templateId), metadata)
        : emptyProgramme(metadata);
    return this.createFrom(doc, req.templateId ?? null, createdBy);
  }

  /** A new draft holding `document` (made from a template, or read from a file), made by `createdBy`. */
  async createFrom(
    document: ProgrammeDocument,
    templateId: string | null,
    createdBy: string | null,
  ): Promise<ProgrammeState> {
    const at = this.now().toISOString();
    const record: StoredProgramme = {
      id: newId(),
      createdAt: at,
      updatedAt: at,
      revision: 0,
      templateId,
      document,
      lastRender: null,
      createdBy,
      approval: newApproval(),
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

  /** The stored document of a programme that is not in the trash (a copy): what a render may use. */
  async documentNotInTrash(id: string): Promise<ProgrammeDocument> {
    const record = (await this.programmes.get(id)).read();
    checkNotTrashed(record);
    return structuredClone(record.document);
  }

  // ---- Trash ---------------------------------------------------------------------------------------

  /**
   * Moves a programme to the trash: kept whole (document, history, last render, approval) until
   * restored. Nothing downstream takes a programme in the trash (`approvedMaster`).
   */
  trash(id: string, actor: Actor): Promise<ProgrammeState> {
    return this.setTrashed(id, true, actor);
  }

  /** Takes a programme out of the trash, as a draft: what was approved must be approved again. */
  restore(id: string, actor: Actor): Promise<ProgrammeState> {
    return this.setTrashed(id, false, actor);
  }

  // Its place in the list (`updatedAt`) and its revision stay: restoring gives back what was there.
  private setTrashed(id: string, trashed: boolean, actor: Actor): Promise<ProgrammeState> {
    return this.withProgramme(id, async () => {
      const collection = await this.programmes.get(id);
      const current = collection.read();
      if (((current.deletedAt ?? null) !== null) === trashed) return this.state(current);
      const at = this.now().toISOString();
      const back = trashed ? null : reopened(approvalOf(current), actor, at, 'Khôi phục từ thùng rác');
      const saved = await collection.update((d) => {
        d.deletedAt = trashed ? at : null;
        if (back) d.approval = back.approval;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', {
        programmeId: id,
        revision: saved.revision,
        reason: trashed ? 'trashed' : 'restored',
      });
      if (back) this.emitApproval(saved, current, back.step);
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
    const edits = await this.deps.editProjects.projectsUsing(assetId);
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
    // The queue only orders changes: the caller gets this change's error through `run`.
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
    actor: Actor,
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
      const back = reopened(approvalOf(current), actor, at, name);
      const saved = await collection.update((d) => {
        d.history = recordChange(d.history, d.document, name, at);
        d.document = next;
        d.revision += 1;
        d.updatedAt = at;
        if (back) d.approval = back.approval;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', { programmeId: id, revision: saved.revision, reason });
      if (back) this.emitApproval(saved, current, back.step);
      return this.state(saved);
    });
  }

  /** Metadata and the programme's ducking. */
  update(
    id: string,
    patch: { metadata?: ProgrammeMetadataPatch; ducking?: Partial<DuckingSettings> },
    expectedRevision: number | undefined,
    actor: Actor,
  ): Promise<ProgrammeState> {
    return this.mutate(
      id,
      expectedRevision,
      'updated',
      actor,
      async (doc) => {
        doc.metadata = { ...doc.metadata, ...cleanMetadata(patch.metadata ?? {}) };
        doc.ducking = { ...doc.ducking, ...(patch.ducking ?? {}) };
        return doc;
      },
      () => updateLabel(patch),
    );
  }

  /** One change to the items or tracks. */
  apply(
    id: string,
    op: ProgrammeOpRequest,
    expectedRevision: number | undefined,
    actor: Actor,
  ): Promise<ProgrammeState> {
    return this.mutate(
      id,
      expectedRevision,
      'items',
      actor,
      async (doc) => applyChange(doc, await resolveChange(this.sources, doc, op)),
      (before, after) => opLabel(op, before, after),
    );
  }

  /**
   * Takes back the latest change made by `apply` or `update` (the last render's report stays).
   * Nothing to undo: the state as it is (`canUndo` false).
   */
  undo(id: string, expectedRevision: number | undefined, actor: Actor): Promise<ProgrammeState> {
    return this.step(id, expectedRevision, 'undone', actor);
  }

  /** Brings back the change the latest `undo` took back. Nothing to redo: the state as it is. */
  redo(id: string, expectedRevision: number | undefined, actor: Actor): Promise<ProgrammeState> {
    return this.step(id, expectedRevision, 'redone', actor);
  }

  private step(id: string, expectedRevision: number | undefined, reason: 'undone' | 'redone', actor: Actor) {
    return this.withProgramme(id, async () => {
      const collection = await this.programmes.get(id);
      const current = collection.read();
      checkNotTrashed(current);
      checkRevision(current, expectedRevision);
      const from = reason === 'undone' ? current.history?.past : current.history?.future;
      const last = from?.at(-1);
      if (!from || !last) return this.state(current);
      const at = this.now().toISOString();
      const why = `${reason === 'undone' ? 'Hoàn tác' : 'Làm lại'}: ${last.label}`;
      const back = reopened(approvalOf(current), actor, at, why);
      const saved = await collection.update((d) => {
        const h = d.history ?? { past: [], future: [] };
        const [take, give] = reason === 'undone' ? [h.past, h.future] : [h.future, h.past];
        const entry = take.pop();
        if (!entry) return;
        give.push({ label: entry.label, at: entry.at, document: d.document });
        d.history = h;
        d.document = entry.document;
        d.revision += 1;
        d.updatedAt = at;
        if (back) d.approval = back.approval;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', { programmeId: id, revision: saved.revision, reason });
      if (back) this.emitApproval(saved, current, back.step);
      return this.state(saved);
    });
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
      lastRender: p.lastRender ? this.deps.renderedFiles.withMedia(p.lastRender) : null,
      canUndo: (p.history?.past.length ?? 0) > 0,
      canRedo: (p.history?.future.length ?? 0) > 0,
      undoLabel: p.history?.past.at(-1)?.label ?? null,
      redoLabel: p.history?.future.at(-1)?.label ?? null,
      deletedAt: p.deletedAt ?? null,
      createdBy: p.createdBy ?? null,
      approval: approvalOf(p),
    };
  }

  // ---- Approval ------------------------------------------------------------------------------------

  /**
   * One approval step, in the programme's queue (after every change queued before it): `decide`
   * gets the stored programme and its state and returns the approval after the step (or throws
   * PROGRAMME_STATE). The approval is all that changes: the revision stays (the document did not).
   */
  changeApproval(
    id: string,
    decide: (
      record: StoredProgramme,
      state: ProgrammeState,
    ) => Promise<{ approval: ProgrammeApproval; step: ProgrammeApprovalStep }>,
  ): Promise<ProgrammeState> {
    return this.withProgramme(id, async () => {
      const collection = await this.programmes.get(id);
      const current = collection.read();
      const next = await decide(structuredClone(current), await this.state(current));
      const saved = await collection.update((d) => {
        d.approval = next.approval;
      });
      await this.programmes.summarise(saved);
      this.emitApproval(saved, current, next.step);
      return this.state(saved);
    });
  }

  private emitApproval(saved: StoredProgramme, before: StoredProgramme, step: ProgrammeApprovalStep): void {
    this.deps.emit('programme.approval', {
      programmeId: saved.id,
      title: saved.document.metadata.title,
      state: step.state,
      previous: approvalOf(before).state,
      byUserId: step.byUserId,
      byName: step.byName,
      ownerId: saved.createdBy ?? null,
      comment: step.comment,
      emergency: step.emergency,
    });
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

  /** Peaks of an item's source (`programme.sourcePeaks`). */
  sourcePeaks(source: ProgrammeSource, maxBuckets?: number): Promise<PeaksResult> {
    return this.sources.peaks(source, maxBuckets);
  }

  /**
   * Keeps a render's report as the programme's last render (a programme purged since: nothing).
   * A new master is not the one submitted or approved: the programme is a draft again.
   */
  async recordRender(id: string, report: ProgrammeRenderReport, actor: Actor): Promise<void> {
    await this.withProgramme(id, async () => {
      if (!this.programmes.has(id)) return;
      const collection = await this.programmes.get(id);
      const current = collection.read();
      const back = reopened(approvalOf(current), actor, report.renderedAt, 'Dựng lại chương trình');
      const saved = await collection.update((d) => {
        d.lastRender = report;
        if (back) d.approval = back.approval;
      });
      await this.programmes.summarise(saved);
      this.deps.emit('programme.changed', { programmeId: id, revision: saved.revision, reason: 'rendered' });
      if (back) this.emitApproval(saved, current, back.step);
    });
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
