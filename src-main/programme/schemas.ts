/**
 * zod schemas of what the programme service keeps on disk and reads from exported files, built from
 * the contract's field schemas so that a stored or imported programme obeys the same bounds as a
 * request. Checked on every read and write.
 */
import { z } from 'zod';
import {
  duckingSchema,
  LOUDNESS_PRESET_IDS,
  PROGRAMME_APPROVAL_STATES,
  PROGRAMME_FILE_FORMAT,
  PROGRAMME_RENDER_FORMATS,
  programmeItemFields,
  programmeItemIdSchema,
  programmeMetadataSchema,
  programmeTrackIdSchema,
  type LoudnessPresetId,
  type ProgrammeApproval,
  type ProgrammeApprovalSummary,
  type ProgrammeDocument,
  type ProgrammeItem,
  type ProgrammeRenderFormat,
  type ProgrammeRenderReport,
  type ProgrammeSummary,
  type ProgrammeTemplate,
  type ProgrammeTrack,
} from '../contract';

export const trackSchema = z
  .object({
    id: programmeTrackIdSchema,
    kind: z.enum(['voice', 'bed', 'jingle']),
    name: z.string().max(100),
    gainDb: z.number().min(-60).max(24),
    muted: z.boolean(),
  })
  .strict() satisfies z.ZodType<ProgrammeTrack>;

export const itemSchema = z
  .object({ id: programmeItemIdSchema, ...programmeItemFields })
  .strict() satisfies z.ZodType<ProgrammeItem>;

const idNumber = (id: string) => Number(id.slice(1));

/** The document, with the structural rules every programme keeps (ids, tracks, links). */
export const documentSchema = z
  .object({
    metadata: programmeMetadataSchema,
    ducking: duckingSchema,
    tracks: z.array(trackSchema).min(3).max(10),
    items: z.array(itemSchema).max(5000),
    nextId: z.number().int().min(1),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const trackIds = new Set(doc.tracks.map((t) => t.id));
    const itemIds = new Set(doc.items.map((i) => i.id));
    if (trackIds.size !== doc.tracks.length) issue('two tracks share an id');
    if (itemIds.size !== doc.items.length) issue('two items share an id');
    const kinds = doc.tracks.map((t) => t.kind);
    if (kinds.filter((k) => k === 'bed').length !== 1) issue('a programme has exactly one bed track');
    if (kinds.filter((k) => k === 'jingle').length !== 1) issue('a programme has exactly one jingle track');
    if (!kinds.includes('voice')) issue('a programme has at least one voice track');
    const maxId = Math.max(0, ...[...trackIds, ...itemIds].map(idNumber));
    if (doc.nextId <= maxId) issue('nextId is not past every id');
    for (const item of doc.items) {
      if (!trackIds.has(item.trackId)) issue(`item ${item.id} is on no track`);
      if (item.sourceEnd <= item.sourceStart) issue(`item ${item.id} is empty`);
      if (item.versionOf !== null && !itemIds.has(item.versionOf))
        issue(`item ${item.id} is a version of a missing item`);
    }
  }) satisfies z.ZodType<ProgrammeDocument>;

const renderFileSchema = z.object({
  format: z.enum(PROGRAMME_RENDER_FORMATS as [ProgrammeRenderFormat, ...ProgrammeRenderFormat[]]),
  file: z.string(),
  bytes: z.number(),
  bitrateKbps: z.number().nullable(),
  bitDepth: z.union([z.literal(16), z.literal(24)]).nullable(),
  integratedLufs: z.number().nullable().optional(),
  truePeakDbtp: z.number().nullable().optional(),
  attenuationDb: z.number().optional(),
  sha256: z.string().optional(),
  mediaId: z.string().optional(),
});

export const reportSchema = z.object({
  programmeId: z.string().nullable(),
  title: z.string(),
  renderedAt: z.string(),
  lengthSamples: z.number().int(),
  durationSec: z.number(),
  sampleRate: z.literal(48000),
  channels: z.union([z.literal(1), z.literal(2)]),
  preset: z.enum(LOUDNESS_PRESET_IDS as [LoudnessPresetId, ...LoudnessPresetId[]]),
  presetLabel: z.string(),
  targetLufs: z.number(),
  truePeakCeilingDbtp: z.number(),
  integratedLufs: z.number(),
  truePeakDbtp: z.number(),
  mixLufs: z.number(),
  gainDb: z.number(),
  limiter: z.boolean(),
  secondsByLanguage: z.record(z.string(), z.number()),
  secondsWithoutSpeech: z.number().optional(),
  files: z.array(renderFileSchema),
  renderKey: z.string(),
  documentKey: z.string().optional(),
}) satisfies z.ZodType<ProgrammeRenderReport>;

const approvalState = z.enum(PROGRAMME_APPROVAL_STATES);

const approvalSummaryFields = {
  state: approvalState,
  masterSha256: z.string().nullable(),
  comment: z.string().nullable(),
  emergency: z.boolean(),
};

export const approvalSchema = z.object({
  ...approvalSummaryFields,
  history: z.array(
    z.object({
      state: approvalState,
      at: z.string(),
      byUserId: z.string().nullable(),
      byName: z.string().nullable(),
      comment: z.string().nullable(),
      masterSha256: z.string().nullable(),
      emergency: z.boolean(),
    }),
  ),
}) satisfies z.ZodType<ProgrammeApproval>;

/** Where a programme made before approval existed stands: a draft that was never submitted. */
export const NEW_APPROVAL: ProgrammeApprovalSummary = {
  state: 'draft',
  masterSha256: null,
  comment: null,
  emergency: false,
};

/** One programme's file (`db/programme-<id>.json`). */
export interface StoredProgramme {
  id: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  templateId: string | null;
  document: ProgrammeDocument;
  lastRender: ProgrammeRenderReport | null;
  /** Undo/redo (absent in files written before it existed: nothing to undo). */
  history?: ProgrammeHistory;
  /** Set while the programme is in the trash (absent in files written before the trash existed). */
  deletedAt?: string | null;
  /** Who made it (absent in files written before accounts: the local admin's, null). */
  createdBy?: string | null;
  /** Its approval (absent in files written before approval existed: a draft). */
  approval?: ProgrammeApproval;
}

/** One step of the history: the document on the other side of the change `label` names. */
export interface HistoryEntry {
  label: string;
  at: string;
  document: ProgrammeDocument;
}

/**
 * Whole documents, bounded (`HISTORY_LIMIT` steps each way). `past`: oldest first, the last one is
 * the document before the latest change. `future`: the last one is the document the next redo
 * brings back. A new change empties `future`.
 */
export interface ProgrammeHistory {
  past: HistoryEntry[];
  future: HistoryEntry[];
}

export const HISTORY_LIMIT = 200;

const historyEntrySchema = z
  .object({ label: z.string(), at: z.string(), document: documentSchema })
  .strict() satisfies z.ZodType<HistoryEntry>;

export const storedProgrammeSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int().min(0),
  templateId: z.string().nullable(),
  document: documentSchema,
  lastRender: reportSchema.nullable(),
  history: z
    .object({
      past: z.array(historyEntrySchema).max(HISTORY_LIMIT),
      future: z.array(historyEntrySchema).max(HISTORY_LIMIT),
    })
    .optional(),
  deletedAt: z.string().nullable().optional(),
  createdBy: z.string().nullable().optional(),
  approval: approvalSchema.optional(),
}) satisfies z.ZodType<StoredProgramme>;

export const summarySchema = z.object({
  id: z.string(),
  title: z.string(),
  date: z.string().nullable(),
  priority: z.enum(['normal', 'priority', 'emergency']),
  languages: z.array(z.string()),
  lengthSamples: z.number().int(),
  durationSec: z.number(),
  targetSamples: z.number().int().nullable(),
  itemCount: z.number().int(),
  templateId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRenderAt: z.string().nullable(),
  // Index entries written before the trash existed are of programmes not in it.
  deletedAt: z.string().nullable().default(null),
  // Index entries written before accounts and approval: the local admin's drafts.
  createdBy: z.string().nullable().default(null),
  approval: z.object(approvalSummaryFields).default(() => ({ ...NEW_APPROVAL })),
}) satisfies z.ZodType<ProgrammeSummary>;

export const templateSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  document: documentSchema,
  lengthSamples: z.number().int(),
  itemCount: z.number().int(),
}) satisfies z.ZodType<ProgrammeTemplate>;

/** An exported programme file. The top level is checked loosely so that a newer version says so. */
export const fileHeaderSchema = z.object({
  format: z.literal(PROGRAMME_FILE_FORMAT),
  version: z.number().int(),
});

export const fileSchema = z.object({
  format: z.literal(PROGRAMME_FILE_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  programmeId: z.string().nullable(),
  document: documentSchema,
});
