/** zod schemas of what the editor keeps on disk (the history's operations), checked on every read. */
import { z } from 'zod';
import {
  FADE_CURVES,
  SEGMENT_TYPES,
  type EditClipSpec,
  type EditEffect,
  type EditOp,
  type EditSegmentInput,
  type EditSegmentPatch,
  type EditStep,
  type FadeCurve,
  type GainPoint,
  type LoudnessTarget,
  type SegmentType,
} from '../contract';

const sample = z.number().int().min(0);
const curve = z.enum(FADE_CURVES as [FadeCurve, ...FadeCurve[]]);
const segmentType = z.enum(SEGMENT_TYPES as [SegmentType, ...SegmentType[]]);

const gainPoint = z.object({ at: sample, gainDb: z.number() }) satisfies z.ZodType<GainPoint>;

export const effectSchema = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('gain'), points: z.array(gainPoint).min(2) }),
  z.object({
    id: z.string(),
    kind: z.literal('fade'),
    direction: z.enum(['in', 'out']),
    curve,
    start: sample,
    end: sample,
    from: z.number(),
    to: z.number(),
  }),
  z.object({ id: z.string(), kind: z.literal('silence'), start: sample, end: sample }),
  z.object({ id: z.string(), kind: z.literal('declick'), start: sample, end: sample }),
]) satisfies z.ZodType<EditEffect>;

const clipSpec = z.object({
  assetId: z.string(),
  sourceStart: sample,
  sourceEnd: sample,
}) satisfies z.ZodType<EditClipSpec>;

const loudness = z.object({
  targetLufs: z.number(),
  truePeakDbtp: z.number(),
}) satisfies z.ZodType<LoudnessTarget>;

const segmentInput = z.object({
  start: sample,
  end: sample,
  language: z.string(),
  type: segmentType,
  title: z.string(),
  script: z.string().nullable().optional(),
}) satisfies z.ZodType<EditSegmentInput>;

const segmentPatch = segmentInput.partial() satisfies z.ZodType<EditSegmentPatch>;

export const opSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delete'), start: sample, end: sample, cut: z.boolean() }),
  z.object({ type: z.literal('trim'), start: sample, end: sample }),
  z.object({
    type: z.literal('insert'),
    at: sample,
    replaceEnd: sample.optional(),
    clips: z.array(clipSpec),
    effects: z.array(effectSchema),
    source: z.enum(['paste', 'asset']),
    title: z.string(),
  }),
  z.object({ type: z.literal('split'), at: sample }),
  z.object({ type: z.literal('silence'), start: sample, end: sample }),
  z.object({ type: z.literal('gain'), start: sample, end: sample, gainDb: z.number(), rampSamples: sample }),
  z.object({
    type: z.literal('envelope'),
    points: z.array(gainPoint).min(2),
    replaces: z.string().optional(),
  }),
  z.object({ type: z.literal('fade'), direction: z.enum(['in', 'out']), start: sample, end: sample, curve }),
  z.object({ type: z.literal('normalize'), target: loudness.nullable() }),
  z.object({
    type: z.literal('normalizeRange'),
    start: sample,
    end: sample,
    targetLufs: z.number(),
    measuredLufs: z.number(),
    gainDb: z.number(),
    rampSamples: sample,
  }),
  z.object({
    type: z.literal('shortenSilences'),
    thresholdDb: z.number(),
    minSilenceMs: z.number(),
    keepMs: z.number(),
    ranges: z.array(z.object({ start: sample, end: sample })),
  }),
  z.object({ type: z.literal('declick'), start: sample, end: sample }),
  z.object({ type: z.literal('removeEffect'), effectId: z.string() }),
  z.object({ type: z.literal('addSegment'), segment: segmentInput }),
  z.object({ type: z.literal('updateSegment'), segmentId: z.string(), patch: segmentPatch }),
  z.object({ type: z.literal('removeSegment'), segmentId: z.string() }),
  z.object({ type: z.literal('addMarker'), at: sample, label: z.string() }),
  z.object({ type: z.literal('renameMarker'), markerId: z.string(), label: z.string() }),
  z.object({ type: z.literal('removeMarker'), markerId: z.string() }),
]) satisfies z.ZodType<EditOp>;

const range = { start: sample, end: sample };
const effectKind = z.enum(['gain', 'fade', 'silence', 'declick']);

/** A history step as data (`EditStep`). */
export const stepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delete'), cut: z.boolean(), ...range }),
  z.object({ type: z.literal('trim'), ...range }),
  z.object({
    type: z.literal('insert'),
    source: z.enum(['paste', 'asset']),
    title: z.string(),
    at: sample,
    replaceEnd: sample.nullable(),
    length: sample,
  }),
  z.object({ type: z.literal('split'), at: sample }),
  z.object({ type: z.literal('silence'), ...range }),
  z.object({ type: z.literal('gain'), ...range, gainDb: z.number() }),
  z.object({ type: z.literal('envelope'), ...range, points: z.number().int().min(0) }),
  z.object({ type: z.literal('fade'), direction: z.enum(['in', 'out']), curve, ...range }),
  z.object({ type: z.literal('normalize'), target: loudness.nullable() }),
  z.object({ type: z.literal('normalizeRange'), ...range, targetLufs: z.number(), gainDb: z.number() }),
  z.object({ type: z.literal('shortenSilences'), count: z.number().int().min(0), removed: sample }),
  z.object({ type: z.literal('declick'), ...range }),
  z.object({ type: z.literal('removeEffect'), effect: z.object({ kind: effectKind, ...range }).nullable() }),
  z.object({ type: z.literal('addSegment'), title: z.string(), language: z.string(), ...range }),
  z.object({ type: z.literal('updateSegment'), title: z.string() }),
  z.object({ type: z.literal('removeSegment'), title: z.string() }),
  z.object({ type: z.literal('addMarker'), at: sample, label: z.string() }),
  z.object({
    type: z.literal('renameMarker'),
    at: sample.nullable(),
    label: z.string(),
    previous: z.string(),
  }),
  z.object({ type: z.literal('removeMarker'), at: sample.nullable(), label: z.string() }),
]) satisfies z.ZodType<EditStep>;
