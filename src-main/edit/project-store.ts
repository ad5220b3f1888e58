/**
 * Where edit projects live: one lowdb file per project (`db/edit-project-<id>.json`: the original
 * audio, the whole history of operations and the current position in it), so that a change to one
 * project never rewrites another, and an index for listing them in the records database
 * (project-index.ts; before, `db/edit-projects.json`, moved by `editIndexMove`).
 *
 * The document itself is not stored: it is the history replayed up to the position. Operations are
 * pure and carry everything they need, so the replay gives the same document after a restart.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StudioError, type EditOp, type EditProjectSummary, type EditStep } from '../contract';
import {
  lowdbMove,
  type Collection,
  type Database,
  type LowdbMove,
  type Migration,
  type Store,
} from '../store';
import { applyOp, describeOp, initialDocument } from './model';
import { ProjectIndex } from './project-index';
import { opSchema, stepSchema } from './schemas';

export interface StoredSource {
  title: string;
  frames: number;
  channels: 1 | 2;
}

export interface StoredEntry {
  op: EditOp;
  /** Vietnamese, for the CLI and logs. */
  label: string;
  /** What the step did, as data (the UI words it in its language). */
  step: EditStep;
  at: string;
}

export interface StoredProject {
  id: string;
  assetId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  /** The original audio: the document before any operation is this asset, whole. */
  base: { assetId: string; frames: number };
  /** Every asset the project has used (the original, inserts, pastes), as it was when first used. */
  sources: Record<string, StoredSource>;
  history: StoredEntry[];
  /** How many history entries are applied; the rest can be redone. */
  position: number;
}

const sourceSchema = z.object({
  title: z.string(),
  frames: z.number().int().min(0),
  channels: z.union([z.literal(1), z.literal(2)]),
}) satisfies z.ZodType<StoredSource>;

const projectSchema = z
  .object({
    id: z.string(),
    assetId: z.string(),
    title: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    revision: z.number().int().min(0),
    base: z.object({ assetId: z.string(), frames: z.number().int().min(0) }),
    sources: z.record(z.string(), sourceSchema),
    history: z.array(z.object({ op: opSchema, label: z.string(), step: stepSchema, at: z.string() })),
    position: z.number().int().min(0),
  })
  .refine(
    (p) => p.position <= p.history.length,
    'position past the end of the history',
  ) satisfies z.ZodType<StoredProject>;

const summarySchema = z.object({
  id: z.string(),
  assetId: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  durationSamples: z.number().int().min(0),
  historyLength: z.number().int().min(0),
}) satisfies z.ZodType<EditProjectSummary>;

interface Index {
  projects: Record<string, EditProjectSummary>;
}

const indexSchema = z.object({ projects: z.record(z.string(), summarySchema) }) satisfies z.ZodType<Index>;

/**
 * The index as the lowdb file `db/edit-projects.json` held it, moved into the database on the first
 * start of a release with the records database.
 */
export function editIndexMove(database: Database): LowdbMove {
  const index = new ProjectIndex(database.sql);
  return lowdbMove<Index>({
    matches: (name) => name === 'edit-projects',
    options: () => ({
      name: 'edit-projects',
      label: 'danh sách bản biên tập',
      version: 1,
      schema: indexSchema,
      defaults: () => ({ projects: {} }),
    }),
    write: (data) => {
      for (const summary of Object.values(data.projects)) index.put(summary);
    },
  });
}

const collectionName = (id: string) => `edit-project-${id}`;
const projectLabel = (p: StoredProject) => `bản biên tập "${p.title}"`;

/** Version 2 of a project file: each history entry also keeps its step as data. */
const PROJECT_VERSION = 2;

const v1Schema = z.object({
  base: z.object({ assetId: z.string(), frames: z.number().int().min(0) }),
  history: z.array(z.object({ op: opSchema, label: z.string(), at: z.string() }).loose()),
});

/**
 * Version 1 kept only a Vietnamese label per entry: the steps are found by replaying the history
 * (operations are pure, so this gives what `describeOp` saw when each was applied).
 */
export const migrateProjectV1: Migration = (data) => {
  const parsed = v1Schema.safeParse(data);
  if (!parsed.success) return data;
  let doc = initialDocument(parsed.data.base.assetId, parsed.data.base.frames);
  const history = parsed.data.history.map((e) => {
    const step = describeOp(e.op, doc);
    try {
      doc = applyOp(doc, e.op);
    } catch {
      // A history that no longer replays is reported when the project opens, not here.
    }
    return { ...e, step };
  });
  return { ...(data as object), history };
};

export function projectNotFound(): StudioError {
  return new StudioError(
    'EDIT_NOT_FOUND',
    'Không tìm thấy bản biên tập này. Có thể nó đã bị xoá hoặc thư mục dữ liệu đã thay đổi; hãy mở lại tệp từ thư viện.',
  );
}

export class ProjectStore {
  private readonly index: ProjectIndex;

  private constructor(
    private readonly store: Store,
    database: Database,
  ) {
    this.index = new ProjectIndex(database.sql);
  }

  static async open(store: Store, database: Database): Promise<ProjectStore> {
    return new ProjectStore(store, database);
  }

  /** Newest first. */
  list(assetId?: string): EditProjectSummary[] {
    return this.index.list(assetId);
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  async create(project: StoredProject, durationSamples: number): Promise<Collection<StoredProject>> {
    const collection = await this.store.collection<StoredProject>({
      name: collectionName(project.id),
      label: projectLabel,
      version: PROJECT_VERSION,
      schema: projectSchema,
      migrations: { 1: migrateProjectV1 },
      defaults: () => structuredClone(project),
    });
    await this.summarise(collection.read(), durationSamples);
    return collection;
  }

  /** A project's file; EDIT_NOT_FOUND when the index or the file does not have it. */
  async get(id: string): Promise<Collection<StoredProject>> {
    if (!this.has(id)) throw projectNotFound();
    const file = path.join(this.store.dbDir, `${collectionName(id)}.json`);
    const exists = async (f: string) =>
      access(f)
        .then(() => true)
        .catch(() => false);
    // Without this check, opening a lost file would quietly create an empty project in its place.
    if (!(await exists(file)) && !(await exists(`${file}.bak`))) throw projectNotFound();
    return this.store.collection<StoredProject>({
      name: collectionName(id),
      label: projectLabel,
      version: PROJECT_VERSION,
      schema: projectSchema,
      migrations: { 1: migrateProjectV1 },
      defaults: () => {
        throw projectNotFound();
      },
    });
  }

  async summarise(p: StoredProject, durationSamples: number): Promise<void> {
    this.index.put({
      id: p.id,
      assetId: p.assetId,
      title: p.title,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      durationSamples,
      historyLength: p.history.length,
    });
  }
}
