import { z } from 'zod';
import type { Asset, AssetUsage, ImportJob, LibraryListResult, PeaksResult } from '../media-models';
import { call } from './define';

/** ISO 639-3: three lower-case letters (`vie`, `tyz`, `hnj`…). */
export const languageCodeSchema = z.string().regex(/^[a-z]{3}$/);

/** `YYYY-MM-DD` or a full ISO 8601 date-time. */
export const recordedAtSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/);

const text = (max: number) => z.string().trim().max(max);

export const assetMetadataPatchSchema = z
  .object({
    title: text(500).min(1),
    reporter: text(200),
    language: languageCodeSchema,
    subject: text(200),
    tags: z.array(text(100).min(1)).max(100),
    notes: text(10_000),
    recordedAt: recordedAtSchema.nullable(),
  })
  .partial()
  .strict();

/** Metadata given with an import applies to every file; the title comes from each file. */
export const importMetadataSchema = assetMetadataPatchSchema.omit({ title: true });

const assetId = z.string().regex(/^[0-9a-f]{64}$/);
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const libraryListSchema = z
  .object({
    /** Free text; Vietnamese is folded, so "tin tuc" finds "Tin tức". Every word must match. */
    text: z.string().max(500).optional(),
    language: languageCodeSchema.optional(),
    reporter: z.string().max(200).optional(),
    subject: z.string().max(200).optional(),
    tag: z.string().max(100).optional(),
    /** Inclusive range on the recorded date (the import date when it is unknown). */
    from: dateOnly.optional(),
    to: dateOnly.optional(),
    includeDeleted: z.boolean().default(false),
    /** The trash view: only assets that are in the trash. */
    onlyDeleted: z.boolean().default(false),
    sort: z.enum(['importedAt', 'recordedAt', 'title', 'durationSec']).default('importedAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const mediaCalls = {
  /** Starts a background import; follow it with `import.progress`, `import.fileDone`, `import.finished`. */
  'library.import': call<ImportJob>()({
    request: z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(10_000),
        metadata: importMetadataSchema.optional(),
      })
      .strict(),
    permission: 'library.write',
  }),
  /** Stops a running import: files already imported stay, the rest are marked cancelled. */
  'library.cancelImport': call<ImportJob>()({
    request: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    permission: 'library.write',
  }),
  'library.importStatus': call<ImportJob>()({
    request: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    permission: 'library.read',
  }),
  'library.list': call<LibraryListResult>()({ request: libraryListSchema, permission: 'library.read' }),
  'library.get': call<Asset>()({
    request: z.object({ id: assetId }).strict(),
    permission: 'library.read',
  }),
  'library.update': call<Asset>()({
    request: z.object({ id: assetId, patch: assetMetadataPatchSchema }).strict(),
    permission: 'library.write',
  }),
  /** Moves an asset to the trash (nothing is deleted from disk). */
  'library.trash': call<Asset>()({
    request: z.object({ id: assetId }).strict(),
    permission: 'library.write',
  }),
  'library.restore': call<Asset>()({
    request: z.object({ id: assetId }).strict(),
    permission: 'library.write',
  }),
  /** What uses an asset (programmes, edits, templates, by name): asked before trashing or deleting it. */
  'library.usage': call<AssetUsage>()({
    request: z.object({ id: assetId }).strict(),
    permission: 'library.read',
  }),
  /**
   * Deletes an asset for good: its record, its audio and its caches. Only an asset already in the
   * trash (NOT_IN_TRASH otherwise), so that nothing is lost without two explicit steps.
   */
  'library.purge': call<{ id: string }>()({
    request: z.object({ id: assetId }).strict(),
    permission: 'library.write',
  }),
  /**
   * Waveform peaks from the cache beside the asset. Give `level` (0 = finest, 100 buckets a second),
   * or `maxBuckets` to get the finest level that fits (default 4000 for the whole asset). `startSec`
   * and `endSec` cut out a range, for a zoomed-in view of a long file.
   */
  'library.peaks': call<PeaksResult>()({
    request: z
      .object({
        id: assetId,
        level: z.number().int().min(0).max(16).optional(),
        maxBuckets: z.number().int().min(1).max(1_000_000).optional(),
        startSec: z.number().min(0).optional(),
        endSec: z.number().min(0).optional(),
      })
      .strict(),
    permission: 'library.read',
  }),
} as const;
