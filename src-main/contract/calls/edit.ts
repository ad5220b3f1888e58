import { z } from 'zod';
import {
  EDIT_SAMPLE_RATE,
  EDIT_SAMPLES_MAX,
  FADE_CURVES,
  SEGMENT_TYPES,
  type EditApplyResult,
  type EditClipboardInfo,
  type EditExportJob,
  type EditExportPath,
  type EditHistory,
  type EditPreview,
  type EditProjectState,
  type EditProjectSummary,
  type EditSamples,
  type FadeCurve,
  type SegmentType,
} from '../edit-models';
import type { PeaksResult } from '../media-models';
import { call, emptyRequest } from './define';
import { languageCodeSchema } from './media';

/** 24 hours of samples: longer than any edit the studio makes. */
export const EDIT_MAX_SAMPLES = 24 * 3600 * EDIT_SAMPLE_RATE;

/** A timeline or source position, in samples at 48 kHz. */
export const sampleSchema = z.number().int().min(0).max(EDIT_MAX_SAMPLES);
const assetId = z.string().regex(/^[0-9a-f]{64}$/);
export const editProjectIdSchema = z.string().regex(/^[0-9a-f]{32}$/);
const objectId = z.string().regex(/^[cesm]\d{1,9}$/);
const gainDb = z.number().min(-60).max(24);
const curve = z.enum(FADE_CURVES as [FadeCurve, ...FadeCurve[]]);
const segmentType = z.enum(SEGMENT_TYPES as [SegmentType, ...SegmentType[]]);

const range = { start: sampleSchema, end: sampleSchema };

export const editSegmentInputSchema = z
  .object({
    ...range,
    language: languageCodeSchema,
    type: segmentType,
    title: z.string().trim().max(500),
    script: z.string().max(100_000).nullable().optional(),
  })
  .strict();

export const editSegmentPatchSchema = editSegmentInputSchema.partial().strict();

/**
 * What the editor may ask to do to an edit list (`edit.apply`). Ranges are timeline samples,
 * `end` exclusive. The project turns each into an `EditOp` for the history.
 */
export const editOpRequestSchema = z.discriminatedUnion('type', [
  /** Removes the range and puts it on the clipboard (Ctrl+X). */
  z.object({ type: z.literal('cut'), ...range }).strict(),
  /** Removes the range (Delete). */
  z.object({ type: z.literal('delete'), ...range }).strict(),
  /** Keeps only the range. */
  z.object({ type: z.literal('trim'), ...range }).strict(),
  /** Inserts the clipboard at `at`; with `replaceEnd`, replaces `[at, replaceEnd)` (Ctrl+V). */
  z.object({ type: z.literal('paste'), at: sampleSchema, replaceEnd: sampleSchema.optional() }).strict(),
  /** Inserts another asset (or the part `[sourceStart, sourceEnd)` of it, in its own samples at 48 kHz). */
  z
    .object({
      type: z.literal('insertAsset'),
      at: sampleSchema,
      assetId,
      sourceStart: sampleSchema.optional(),
      sourceEnd: sampleSchema.optional(),
      replaceEnd: sampleSchema.optional(),
    })
    .strict(),
  /** Splits the clip under `at` in two (nothing audible changes). */
  z.object({ type: z.literal('split'), at: sampleSchema }).strict(),
  z.object({ type: z.literal('silence'), ...range }).strict(),
  /** Gain over a range, with a ramp of `rampMs` inside each end (default 10 ms, so it never clicks). */
  z
    .object({
      type: z.literal('gain'),
      ...range,
      gainDb,
      rampMs: z.number().min(0).max(5000).default(10),
    })
    .strict(),
  /**
   * A gain envelope drawn point by point, linear in dB between points, 0 dB outside. With
   * `replaces`, it takes the place of that gain effect (an envelope edited in the editor: one step).
   */
  z
    .object({
      type: z.literal('envelope'),
      points: z
        .array(z.object({ at: sampleSchema, gainDb }).strict())
        .min(2)
        .max(10_000),
      replaces: objectId.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('fade'),
      direction: z.enum(['in', 'out']),
      ...range,
      curve: curve.default('lin'),
    })
    .strict(),
  /**
   * Without a range: normalise the whole edit to `targetLufs` when it renders (measured on the
   * rendered audio, with a true-peak limiter only when needed), or `null` to stop normalising.
   * With a range: measure that range now and set its gain to meet the target.
   */
  z
    .object({
      type: z.literal('normalize'),
      targetLufs: z.number().min(-40).max(-5).nullable(),
      truePeakDbtp: z.number().min(-9).max(0).default(-1),
      start: sampleSchema.optional(),
      end: sampleSchema.optional(),
    })
    .strict(),
  /**
   * Finds silences (ffmpeg `silencedetect`: below `thresholdDb` for at least `minSilenceMs`) and
   * shortens each to `keepMs`, half of it kept on each side. Within `[start, end)` when given.
   */
  z
    .object({
      type: z.literal('shortenSilences'),
      thresholdDb: z.number().min(-90).max(-10).default(-40),
      minSilenceMs: z.number().min(100).max(600_000).default(1000),
      keepMs: z.number().min(0).max(10_000).default(300),
      start: sampleSchema.optional(),
      end: sampleSchema.optional(),
    })
    .strict(),
  /** Removes clicks in the range with ffmpeg's `adeclick`. */
  z.object({ type: z.literal('declick'), ...range }).strict(),
  z.object({ type: z.literal('removeEffect'), effectId: objectId }).strict(),
  /** A marker (the M key). */
  z
    .object({ type: z.literal('addMarker'), at: sampleSchema, label: z.string().trim().max(200).default('') })
    .strict(),
  /** Names or renames a marker; an empty label takes its name off. */
  z
    .object({ type: z.literal('renameMarker'), markerId: objectId, label: z.string().trim().max(200) })
    .strict(),
  z.object({ type: z.literal('removeMarker'), markerId: objectId }).strict(),
]);

const projectRef = { projectId: editProjectIdSchema };

export const editExportRequestSchema = z
  .object({
    ...projectRef,
    format: z.enum(['wav', 'mp3']),
    /** MP3 only. */
    bitrateKbps: z.union([z.literal(128), z.literal(192)]).default(192),
    /** WAV only. */
    bitDepth: z.union([z.literal(16), z.literal(24)]).default(16),
    /**
     * Absolute path of the file to write, in a folder that exists and can be written, ending in the
     * format's extension (added when the name has none); default `edit.exportPath`'s suggestion.
     */
    path: z.string().trim().min(1).max(4096).optional(),
    /** Write over a file that is already there (the user confirmed it); otherwise EDIT_EXPORT_EXISTS. */
    overwrite: z.boolean().default(false),
  })
  .strict();

export const editCalls = {
  /** Projects, newest first; only those of one asset when `assetId` is given. */
  'edit.list': call<EditProjectSummary[]>()({
    request: z.object({ assetId: assetId.optional() }).strict(),
    permission: 'edit.read',
  }),
  /**
   * Opens a project: by `projectId`, or the latest one of `assetId` (created when there is none, or
   * always with `newProject`). The first opening of an asset decodes it once to 48 kHz
   * (`edit.preparing` events); later openings are immediate.
   */
  'edit.open': call<EditProjectState>()({
    request: z
      .object({
        assetId: assetId.optional(),
        projectId: editProjectIdSchema.optional(),
        newProject: z.boolean().default(false),
      })
      .strict()
      .refine((r) => (r.assetId === undefined) !== (r.projectId === undefined), {
        message: 'Give either assetId or projectId.',
      }),
    permission: 'edit.write',
  }),
  /** Applies one operation, saves it, and returns the new state. `expectedRevision` guards against a stale UI. */
  'edit.apply': call<EditApplyResult>()({
    request: z
      .object({
        ...projectRef,
        op: editOpRequestSchema,
        expectedRevision: z.number().int().min(0).optional(),
      })
      .strict(),
    permission: 'edit.write',
  }),
  'edit.undo': call<EditProjectState>()({
    request: z.object(projectRef).strict(),
    permission: 'edit.write',
  }),
  'edit.redo': call<EditProjectState>()({
    request: z.object(projectRef).strict(),
    permission: 'edit.write',
  }),
  /** Moves to a point of the history list: `position` entries applied (0 = the original audio). */
  'edit.jumpTo': call<EditProjectState>()({
    request: z.object({ ...projectRef, position: z.number().int().min(0) }).strict(),
    permission: 'edit.write',
  }),
  'edit.history': call<EditHistory>()({
    request: z.object(projectRef).strict(),
    permission: 'edit.read',
  }),
  /** Copies a range to the clipboard (Ctrl+C); the clipboard holds up to 30 minutes. */
  'edit.copy': call<EditClipboardInfo>()({
    request: z.object({ ...projectRef, ...range }).strict(),
    permission: 'edit.read',
  }),
  /** What the clipboard holds (`empty` when nothing was copied yet). */
  'edit.clipboard': call<EditClipboardInfo>()({ request: emptyRequest, permission: 'edit.read' }),
  'edit.segments.add': call<EditProjectState>()({
    request: z.object({ ...projectRef, segment: editSegmentInputSchema }).strict(),
    permission: 'edit.write',
  }),
  'edit.segments.update': call<EditProjectState>()({
    request: z.object({ ...projectRef, segmentId: objectId, patch: editSegmentPatchSchema }).strict(),
    permission: 'edit.write',
  }),
  'edit.segments.remove': call<EditProjectState>()({
    request: z.object({ ...projectRef, segmentId: objectId }).strict(),
    permission: 'edit.write',
  }),
  /**
   * Renders the current edit (or the timeline range `[start, end)`) with the export's engine into a
   * cached 16-bit WAV and returns its id for the media route, with its peaks. Resolves when it is
   * ready (`edit.render.progress` meanwhile); the same edit is served from the cache at once. A
   * window is sample for sample that part of the whole render, except that a limiter (only when
   * normalising needs one) starts afresh at the window's start.
   */
  'edit.preview': call<EditPreview>()({
    request: z
      .object({ ...projectRef, start: sampleSchema.optional(), end: sampleSchema.optional() })
      .strict(),
    permission: 'edit.read',
  }),
  /** Peaks of a rendered preview, like `library.peaks` (level 0 = 100 buckets a second). */
  'edit.peaks': call<PeaksResult>()({
    request: z
      .object({
        previewId: z.string().regex(/^[0-9a-f]{64}$/),
        level: z.number().int().min(0).max(16).optional(),
        maxBuckets: z.number().int().min(1).max(1_000_000).optional(),
        startSec: z.number().min(0).optional(),
        endSec: z.number().min(0).optional(),
      })
      .strict(),
    permission: 'edit.read',
  }),
  /**
   * The sample values of a rendered preview from `startSample` (at most `count` frames, fewer at its
   * end), read from the cached WAV: what the editor draws when zoomed in to single samples.
   */
  'edit.samples': call<EditSamples>()({
    request: z
      .object({
        previewId: z.string().regex(/^[0-9a-f]{64}$/),
        startSample: sampleSchema,
        count: z.number().int().min(1).max(EDIT_SAMPLES_MAX),
        /**
         * The values as the 16-bit integers themselves (−32768 … 32767), not divided by 32768:
         * a third of the text for the page to parse (the editor asks this way while scrolling).
         */
        int16: z.boolean().default(false),
      })
      .strict(),
    permission: 'edit.read',
  }),
  /**
   * Where an export goes when the user does not choose: `<data folder>/exports/<title>-<time>.<ext>`,
   * a name no file has yet (the folder is created).
   */
  'edit.exportPath': call<EditExportPath>()({
    request: z.object({ ...projectRef, format: z.enum(['wav', 'mp3']) }).strict(),
    permission: 'edit.read',
  }),
  /** Starts an export in the background; follow it with `edit.render.progress` and `edit.export.finished`. */
  'edit.export': call<EditExportJob>()({ request: editExportRequestSchema, permission: 'edit.write' }),
  'edit.exportStatus': call<EditExportJob>()({
    request: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    permission: 'edit.read',
  }),
  /** Stops an export: nothing is left behind (the partial file is removed). */
  'edit.cancelExport': call<EditExportJob>()({
    request: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    permission: 'edit.write',
  }),
} as const;

/** An operation as `edit.apply` receives it (defaults applied). */
export type EditOpRequest = z.output<typeof editOpRequestSchema>;
/** An operation as the editor may send it (`rampMs`, `curve`… may be left out). */
export type EditOpRequestIn = z.input<typeof editOpRequestSchema>;
export type EditExportRequest = z.output<typeof editExportRequestSchema>;
