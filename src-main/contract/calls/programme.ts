import { z } from 'zod';
import { FADE_CURVES, type FadeCurve } from '../edit-models';
import { NO_SPEECH } from '../languages';
import type { PeaksResult } from '../media-models';
import {
  LOUDNESS_PRESET_IDS,
  PROGRAMME_APPROVAL_STATES,
  PROGRAMME_MAX_SAMPLES,
  PROGRAMME_PRIORITIES,
  PROGRAMME_RENDER_FORMATS,
  type LoudnessPresetId,
  type ProgrammePriority,
  type ProgrammePreview,
  type ProgrammeRenderFormat,
  type ProgrammeRenderJob,
  type ProgrammeRenderReport,
  type ProgrammeState,
  type ProgrammeSummary,
  type ProgrammeTemplate,
} from '../programme-models';
import { call, emptyRequest } from './define';
import { editProjectIdSchema, sampleSchema } from './edit';
import { languageCodeSchema } from './media';

const text = (max: number) => z.string().trim().max(max);
export const programmeIdSchema = z.string().regex(/^[0-9a-f]{32}$/);
export const programmeItemIdSchema = z.string().regex(/^i\d{1,9}$/);
export const programmeTrackIdSchema = z.string().regex(/^t\d{1,9}$/);
const templateId = z.string().regex(/^[0-9a-f]{32}$/);
const assetId = z.string().regex(/^[0-9a-f]{64}$/);
const gainDb = z.number().min(-60).max(24);
const curve = z.enum(FADE_CURVES as [FadeCurve, ...FadeCurve[]]);
const absolutePath = z.string().min(1).max(4096);

export const programmeSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('asset'), assetId }).strict(),
  z
    .object({
      kind: z.literal('edit'),
      projectId: editProjectIdSchema,
      segmentId: z
        .string()
        .regex(/^s\d{1,9}$/)
        .nullable(),
    })
    .strict(),
]);

export const duckingSchema = z
  .object({
    depthDb: z.number().min(0).max(40),
    attackMs: z.number().min(0).max(5000),
    releaseMs: z.number().min(0).max(10_000),
  })
  .strict();

export const programmeMetadataSchema = z
  .object({
    title: text(500).min(1),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    subject: text(200),
    priority: z.enum(PROGRAMME_PRIORITIES as [ProgrammePriority, ...ProgrammePriority[]]),
    communes: z.array(z.string().regex(/^[0-9A-Za-z._-]{1,20}$/)).max(2000),
    slots: z.array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)).max(48),
    authors: z.array(text(200).min(1)).max(50),
    summary: text(10_000),
    targetSamples: z.number().int().min(1).max(PROGRAMME_MAX_SAMPLES).nullable(),
    loudness: z.enum(LOUDNESS_PRESET_IDS as [LoudnessPresetId, ...LoudnessPresetId[]]),
    languages: z
      .array(languageCodeSchema)
      .max(20)
      .refine((l) => new Set(l).size === l.length, 'Mỗi ngôn ngữ chỉ ghi một lần.')
      .refine(
        (l) => !l.includes(NO_SPEECH),
        '"Không lời" là của nhạc và nhạc hiệu, không phải một ngôn ngữ chương trình phát: hãy bỏ nó khỏi danh sách ngôn ngữ.',
      ),
  })
  .strict();

export const programmeMetadataPatchSchema = programmeMetadataSchema.partial().strict();

/** Every field of an item but its id. Positions are samples at 48 kHz. */
export const programmeItemFields = {
  trackId: programmeTrackIdSchema,
  title: text(500),
  source: programmeSourceSchema.nullable(),
  start: sampleSchema,
  sourceStart: sampleSchema,
  sourceEnd: sampleSchema,
  gainDb,
  fadeIn: sampleSchema,
  fadeOut: sampleSchema,
  fadeCurve: curve,
  crossfade: sampleSchema,
  language: languageCodeSchema.nullable(),
  versionOf: programmeItemIdSchema.nullable(),
  duck: duckingSchema.partial().strict().nullable(),
};

/**
 * An item to add. Left out: `start` = right after the last item of its track (less `crossfade`);
 * `sourceStart`/`sourceEnd` = the whole source (required for a placeholder: its planned length);
 * `title` and `language` = the asset's or the segment's; gain, fades and crossfade 0; fade curve
 * half-cosine (`scurve`).
 */
export const programmeItemInputSchema = z
  .object(programmeItemFields)
  .partial()
  .required({ trackId: true, source: true })
  .strict();

/** Changes to an item. A new `source` without `sourceStart`/`sourceEnd` takes the whole new source. */
export const programmeItemPatchSchema = z.object(programmeItemFields).partial().strict();

/**
 * What the workspace may ask to do to a programme's items and tracks (`programme.apply`).
 * `ripple`: items that start at or after the changed item's old end move by as much as its end
 * moved (fill a placeholder with a longer report and everything after it moves on).
 */
export const programmeOpSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('add'), item: programmeItemInputSchema, ripple: z.boolean().optional() })
    .strict(),
  z
    .object({
      type: z.literal('update'),
      itemId: programmeItemIdSchema,
      patch: programmeItemPatchSchema,
      ripple: z.boolean().optional(),
    })
    .strict(),
  z
    .object({ type: z.literal('remove'), itemId: programmeItemIdSchema, ripple: z.boolean().optional() })
    .strict(),
  /**
   * A rundown drag: moves the item to just before `beforeItemId` (`null`: to the end) in the
   * rundown of voice and jingle items, and lays that rundown out again, each item keeping its
   * distance to the item before it (a crossfade stays a crossfade). Bed items do not move.
   */
  z
    .object({
      type: z.literal('reorder'),
      itemId: programmeItemIdSchema,
      beforeItemId: programmeItemIdSchema.nullable(),
    })
    .strict(),
  z.object({ type: z.literal('addTrack'), kind: z.literal('voice'), name: text(100).optional() }).strict(),
  z
    .object({
      type: z.literal('updateTrack'),
      trackId: programmeTrackIdSchema,
      patch: z
        .object({ name: text(100).min(1), gainDb, muted: z.boolean() })
        .partial()
        .strict(),
    })
    .strict(),
  /** Only an empty voice track, and never the last one. */
  z.object({ type: z.literal('removeTrack'), trackId: programmeTrackIdSchema }).strict(),
]);

export const programmeRenderRequestSchema = z
  .object({
    id: programmeIdSchema,
    /** Default: all three, from one render. */
    formats: z
      .array(z.enum(PROGRAMME_RENDER_FORMATS as [ProgrammeRenderFormat, ...ProgrammeRenderFormat[]]))
      .min(1)
      .max(3)
      .refine((f) => new Set(f).size === f.length, 'Mỗi định dạng chỉ ghi một lần.')
      .optional(),
    mp3Kbps: z.union([z.literal(128), z.literal(192)]).optional(),
    opusKbps: z.union([z.literal(48), z.literal(64), z.literal(96), z.literal(128)]).optional(),
    wavBitDepth: z.union([z.literal(16), z.literal(24)]).optional(),
    /** Absolute folder; default `<data folder>/exports/programmes`. */
    dir: absolutePath.optional(),
    /** File name without extension; default `<title> <date>`. */
    name: text(120).min(1).optional(),
  })
  .strict();

const renderFormat = z.enum(PROGRAMME_RENDER_FORMATS as [ProgrammeRenderFormat, ...ProgrammeRenderFormat[]]);

export const programmeRenderFilesSchema = z
  .object({
    /** A stored programme, or an exported programme file (`programme.export`), read but not stored. */
    programme: z.union([
      z.object({ id: programmeIdSchema }).strict(),
      z.object({ file: absolutePath }).strict(),
    ]),
    /** Absolute paths, one per format; the command line names them, a window within its places. */
    files: z
      .array(z.object({ format: renderFormat, file: absolutePath }).strict())
      .min(1)
      .max(3)
      .refine((f) => new Set(f.map((x) => x.format)).size === f.length, 'Mỗi định dạng chỉ ghi một lần.'),
    mp3Kbps: z.union([z.literal(128), z.literal(192)]).optional(),
    opusKbps: z.union([z.literal(48), z.literal(64), z.literal(96), z.literal(128)]).optional(),
    wavBitDepth: z.union([z.literal(16), z.literal(24)]).optional(),
  })
  .strict();

const byId = z.object({ id: programmeIdSchema }).strict();
const jobRef = z.object({ jobId: z.string().min(1).max(64) }).strict();

export const programmeCalls = {
  /**
   * Programmes, newest first; those in the trash only with `onlyDeleted` (the trash view); only
   * those in one approval state with `approvalState` ("Chờ duyệt": `submitted`).
   */
  'programme.list': call<ProgrammeSummary[]>()({
    request: z
      .object({
        onlyDeleted: z.boolean().default(false),
        approvalState: z.enum(PROGRAMME_APPROVAL_STATES).optional(),
      })
      .strict(),
    permission: 'programme.read',
  }),
  /** A new programme: empty (voice, bed and jingle tracks), or a new day's programme from a template. */
  'programme.create': call<ProgrammeState>()({
    request: z
      .object({ templateId: templateId.optional(), metadata: programmeMetadataPatchSchema.optional() })
      .strict(),
    permission: 'programme.write',
  }),
  'programme.get': call<ProgrammeState>()({ request: byId, permission: 'programme.read' }),
  /** Metadata and the programme's ducking. */
  'programme.update': call<ProgrammeState>()({
    request: z
      .object({
        id: programmeIdSchema,
        metadata: programmeMetadataPatchSchema.optional(),
        ducking: duckingSchema.partial().strict().optional(),
        expectedRevision: z.number().int().min(0).optional(),
      })
      .strict(),
    permission: 'programme.write',
  }),
  /** One change to items or tracks; `expectedRevision` guards against a stale workspace. */
  'programme.apply': call<ProgrammeState>()({
    request: z
      .object({
        id: programmeIdSchema,
        op: programmeOpSchema,
        expectedRevision: z.number().int().min(0).optional(),
      })
      .strict(),
    permission: 'programme.write',
  }),
  /**
   * Takes back the latest change made by `programme.apply` or `programme.update` (renders are not
   * undone). Nothing to undo: the state as it is, with `canUndo` false.
   */
  'programme.undo': call<ProgrammeState>()({
    request: z
      .object({ id: programmeIdSchema, expectedRevision: z.number().int().min(0).optional() })
      .strict(),
    permission: 'programme.write',
  }),
  /** Brings back the change the latest `programme.undo` took back. Nothing to redo: no change. */
  'programme.redo': call<ProgrammeState>()({
    request: z
      .object({ id: programmeIdSchema, expectedRevision: z.number().int().min(0).optional() })
      .strict(),
    permission: 'programme.write',
  }),
  /**
   * Moves the programme to the trash: it leaves the list, cannot be changed or rendered, and comes
   * back whole with `programme.restore`. Its audio stays in the library, its renders on disk.
   */
  'programme.trash': call<ProgrammeState>()({ request: byId, permission: 'programme.write' }),
  'programme.restore': call<ProgrammeState>()({ request: byId, permission: 'programme.write' }),
  /** Deletes a programme in the trash for good (NOT_IN_TRASH otherwise); its renders stay on disk. */
  'programme.purge': call<{ id: string }>()({ request: byId, permission: 'programme.write' }),
  'programme.templates.list': call<ProgrammeTemplate[]>()({
    request: emptyRequest,
    permission: 'programme.read',
  }),
  /** Saves the programme's shape as a template (replacing `templateId` when given). */
  'programme.templates.save': call<ProgrammeTemplate>()({
    request: z
      .object({
        programmeId: programmeIdSchema,
        name: text(200).min(1),
        templateId: templateId.optional(),
        /** Keep the voice items' audio too (default: they become placeholders). */
        keepVoice: z.boolean().optional(),
      })
      .strict(),
    permission: 'programme.write',
  }),
  'programme.templates.remove': call<{ id: string }>()({
    request: z.object({ templateId }).strict(),
    permission: 'programme.write',
  }),
  /**
   * Starts a render in the background: one ffmpeg graph, loudness-normalised to the programme's
   * preset, a WAV master plus MP3 and Opus and `<name>.report.json`. Follow it with
   * `programme.render.progress` and `programme.render.finished`. A programme that cannot render
   * (see `analysis.problems`) is refused here, before anything is written.
   */
  'programme.render': call<ProgrammeRenderJob>()({
    request: programmeRenderRequestSchema,
    permission: 'programme.write',
  }),
  /**
   * Renders now to exactly the files named, and resolves with the report once every file is
   * written and checked (the command line's `studio render`). A file is read and rendered without
   * being stored; a stored programme keeps the report as its last render. No report file is
   * written. Progress comes as `programme.render.progress` (`programmeId` null for a file) and the
   * end as `programme.render.finished`; cancelling the call stops the render and its ffmpeg, and
   * leaves no file behind.
   */
  'programme.renderFiles': call<ProgrammeRenderReport>()({
    request: programmeRenderFilesSchema,
    permission: 'programme.write',
  }),
  'programme.renderStatus': call<ProgrammeRenderJob>()({ request: jobRef, permission: 'programme.read' }),
  /**
   * Renders the programme (or the programme samples `[start, end)`) as it will render — the mix, the
   * ducking, the loudness gain and limiter — into the preview cache, and resolves when it is ready.
   * Placeholders play as silence; other problems are refused like `programme.render`. The first
   * preview of a programme measures its loudness (as its render would); later ones reuse it.
   */
  'programme.preview': call<ProgrammePreview>()({
    request: z
      .object({ id: programmeIdSchema, start: sampleSchema.optional(), end: sampleSchema.optional() })
      .strict(),
    permission: 'programme.read',
  }),
  /**
   * Waveform peaks of a source, for drawing its clips: the whole asset, edit or segment, from its
   * first sample (an item's `sourceStart` counts from the same place). An edit's audio is rendered
   * by the edit engine into the preview cache first, with the edit's own loudness setting, as the
   * programme plays it; a source that is gone is PROGRAMME_SOURCE_MISSING.
   */
  'programme.sourcePeaks': call<PeaksResult>()({
    request: z
      .object({ source: programmeSourceSchema, maxBuckets: z.number().int().min(1).max(100_000).optional() })
      .strict(),
    permission: 'programme.read',
  }),
  /** Stops a render: nothing is left behind (the `.part` files are removed). */
  'programme.cancelRender': call<ProgrammeRenderJob>()({ request: jobRef, permission: 'programme.write' }),
  /** Writes the programme to a file (JSON, `ProgrammeFile`); default `<data>/exports/programmes/<title>.json`. */
  'programme.export': call<{ file: string }>()({
    request: z.object({ id: programmeIdSchema, path: absolutePath.optional() }).strict(),
    permission: 'programme.read',
  }),
  /** Reads an exported programme file into a new programme. */
  'programme.import': call<ProgrammeState>()({
    request: z.object({ path: absolutePath }).strict(),
    permission: 'programme.write',
  }),
} as const;

export type ProgrammeOpRequest = z.output<typeof programmeOpSchema>;
export type ProgrammeOpRequestIn = z.input<typeof programmeOpSchema>;
export type ProgrammeItemInput = z.output<typeof programmeItemInputSchema>;
export type ProgrammeItemPatch = z.output<typeof programmeItemPatchSchema>;
export type ProgrammeMetadataPatch = z.output<typeof programmeMetadataPatchSchema>;
export type ProgrammeRenderRequest = z.output<typeof programmeRenderRequestSchema>;
export type ProgrammeRenderFilesRequest = z.output<typeof programmeRenderFilesSchema>;
