/**
 * Where programmes live: one lowdb file per programme (`db/programme-<id>.json`: the document, its
 * revision and the report of its last render), an index for listing them in the records database
 * (programme-index.ts; before, `db/programmes.json`, moved by `programmeIndexMove`) and the
 * station's templates (`db/programme-templates.json`). A change to one programme never rewrites
 * another. A programme in the trash keeps its file and its index entry (marked); only `purge`, a
 * second explicit step, deletes them.
 */
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  StudioError,
  type ProgrammeApprovalState,
  type ProgrammeSummary,
  type ProgrammeTemplate,
} from '../contract';
import { lowdbMove, type Collection, type Database, type LowdbMove, type Store } from '../store';
import { approvalOf } from './approval';
import { programmeLength } from './model';
import { ProgrammeIndex } from './programme-index';
import { storedProgrammeSchema, summarySchema, templateSchema, type StoredProgramme } from './schemas';

interface Index {
  programmes: Record<string, ProgrammeSummary>;
}

interface Templates {
  templates: Record<string, ProgrammeTemplate>;
}

const indexSchema = z.object({ programmes: z.record(z.string(), summarySchema) }) satisfies z.ZodType<Index>;
const templatesSchema = z.object({
  templates: z.record(z.string(), templateSchema),
}) satisfies z.ZodType<Templates>;

/**
 * The index as the lowdb file `db/programmes.json` held it, moved into the database on the first
 * start of a release with the records database.
 */
export function programmeIndexMove(database: Database): LowdbMove {
  const index = new ProgrammeIndex(database.sql);
  return lowdbMove<Index>({
    matches: (name) => name === 'programmes',
    options: () => ({
      name: 'programmes',
      label: 'danh sách chương trình',
      version: 1,
      schema: indexSchema,
      defaults: () => ({ programmes: {} }),
    }),
    write: (data) => {
      for (const summary of Object.values(data.programmes)) index.put(summary);
    },
  });
}

const collectionName = (id: string) => `programme-${id}`;
const programmeLabel = (p: StoredProgramme) => `chương trình "${p.document.metadata.title}"`;

export function programmeNotFound(): StudioError {
  return new StudioError(
    'PROGRAMME_NOT_FOUND',
    'Không tìm thấy chương trình này. Có thể nó đã bị xoá hoặc thư mục dữ liệu đã thay đổi; hãy tải lại danh sách chương trình.',
  );
}

export function summaryOf(p: StoredProgramme): ProgrammeSummary {
  const length = programmeLength(p.document);
  const m = p.document.metadata;
  return {
    id: p.id,
    title: m.title,
    date: m.date,
    priority: m.priority,
    languages: [...m.languages],
    lengthSamples: length,
    durationSec: length / 48_000,
    targetSamples: m.targetSamples,
    itemCount: p.document.items.length,
    templateId: p.templateId,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    lastRenderAt: p.lastRender?.renderedAt ?? null,
    deletedAt: p.deletedAt ?? null,
    createdBy: p.createdBy ?? null,
    approval: (({ history: _, ...summary }) => summary)(approvalOf(p)),
  };
}

export class ProgrammeStore {
  private readonly index: ProgrammeIndex;

  private constructor(
    private readonly store: Store,
    database: Database,
    private readonly templateFile: Collection<Templates>,
  ) {
    this.index = new ProgrammeIndex(database.sql);
  }

  static async open(store: Store, database: Database): Promise<ProgrammeStore> {
    const templates = await store.collection<Templates>({
      name: 'programme-templates',
      label: 'các mẫu chương trình',
      version: 1,
      schema: templatesSchema,
      defaults: () => ({ templates: {} }),
    });
    return new ProgrammeStore(store, database, templates);
  }

  /** Newest first: the programmes in use, or (`inTrash`) those in the trash; in one approval state. */
  list(inTrash = false, approvalState?: ProgrammeApprovalState): ProgrammeSummary[] {
    return this.index.list(inTrash, approvalState);
  }

  /** Who made a programme, and its title; PROGRAMME_NOT_FOUND when the index does not have it. */
  owner(id: string): { createdBy: string | null; title: string } {
    const owner = this.index.owner(id);
    if (!owner) throw programmeNotFound();
    return owner;
  }

  /** Every programme, in the trash or not. */
  all(): ProgrammeSummary[] {
    return this.index.all();
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  async create(p: StoredProgramme): Promise<Collection<StoredProgramme>> {
    const collection = await this.store.collection<StoredProgramme>({
      name: collectionName(p.id),
      label: programmeLabel,
      version: 1,
      schema: storedProgrammeSchema,
      defaults: () => structuredClone(p),
    });
    await this.summarise(collection.read());
    return collection;
  }

  /** A programme's file; PROGRAMME_NOT_FOUND when the index or the file does not have it. */
  async get(id: string): Promise<Collection<StoredProgramme>> {
    if (!this.has(id)) throw programmeNotFound();
    const file = path.join(this.store.dbDir, `${collectionName(id)}.json`);
    const exists = (f: string) =>
      access(f)
        .then(() => true)
        .catch(() => false);
    // Without this check, opening a lost file would quietly create an empty programme in its place.
    if (!(await exists(file)) && !(await exists(`${file}.bak`))) throw programmeNotFound();
    return this.store.collection<StoredProgramme>({
      name: collectionName(id),
      label: programmeLabel,
      version: 1,
      schema: storedProgrammeSchema,
      defaults: () => {
        throw programmeNotFound();
      },
    });
  }

  async summarise(p: StoredProgramme): Promise<void> {
    this.index.put(summaryOf(p));
  }

  /** Deletes a programme for good: its index entry, then its file and the file's backup. */
  async purge(id: string): Promise<void> {
    if (!this.has(id)) throw programmeNotFound();
    this.index.remove(id);
    const file = path.join(this.store.dbDir, `${collectionName(id)}.json`);
    await rm(file, { force: true });
    await rm(`${file}.bak`, { force: true });
  }

  // ---- Templates -----------------------------------------------------------------------------------

  templates(): ProgrammeTemplate[] {
    return Object.values(this.templateFile.read().templates).sort(
      (a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id),
    );
  }

  template(id: string): ProgrammeTemplate {
    const t = this.templateFile.read().templates[id];
    if (!t) {
      throw new StudioError(
        'PROGRAMME_TEMPLATE_NOT_FOUND',
        'Không tìm thấy mẫu chương trình này. Có thể nó đã bị xoá; hãy tải lại danh sách mẫu.',
        { templateId: id },
      );
    }
    return t;
  }

  async saveTemplate(t: Omit<ProgrammeTemplate, 'lengthSamples' | 'itemCount'>): Promise<ProgrammeTemplate> {
    const full: ProgrammeTemplate = {
      ...t,
      lengthSamples: programmeLength(t.document),
      itemCount: t.document.items.length,
    };
    await this.templateFile.update((d) => {
      d.templates[t.id] = full;
    });
    return full;
  }

  async removeTemplate(id: string): Promise<void> {
    this.template(id);
    await this.templateFile.update((d) => {
      delete d.templates[id];
    });
  }
}
