/**
 * The editor's types as they cross the boundary (editor UI, CLI, programme mixer).
 * Plain JSON: no classes, no Dates (times are ISO 8601 strings).
 *
 * Every position and length is a whole number of SAMPLES at `EDIT_SAMPLE_RATE` (48 kHz), never
 * floating seconds, so that an edit lands on the same sample every time it is replayed or rendered.
 * "Timeline" positions count from the start of the edited audio; "source" positions count from the
 * start of an asset's audio as decoded and resampled to 48 kHz.
 */
import type { StudioErrorShape } from './errors';
import type { PeaksResult } from './media-models';

/** The one sample rate of every edit list, preview and export. */
export const EDIT_SAMPLE_RATE = 48_000;

/** Longest audio the clipboard holds: 30 minutes. */
export const EDIT_CLIPBOARD_MAX_SAMPLES = 30 * 60 * EDIT_SAMPLE_RATE;

/**
 * Length of the short fade the renderer puts on each side of an edit point (2.5 ms), so that a cut
 * never clicks. It is taken INSIDE the kept audio on both sides: no sample moves, nothing overlaps,
 * the timeline stays exactly as long as its clips. A cut that joins audio that was already adjacent
 * in its source (a split, or undoing a cut) gets no fade.
 */
export const EDIT_JUNCTION_FADE_SAMPLES = 120;

/** A piece of an asset's audio, placed on the timeline right after the clip before it. */
export interface EditClip {
  /** Stable within a project (`c1`, `c2`…). */
  id: string;
  assetId: string;
  /** Source samples; `sourceEnd` is exclusive, so the clip is `sourceEnd − sourceStart` samples long. */
  sourceStart: number;
  sourceEnd: number;
}

/**
 * Fade shapes, named as the UI names them; each is the ffmpeg `afade` curve of the same shape:
 * `lin` = tri (linear gain), `exp` = exp (gain linear in dB, from −100 dB), `log` = log (fast start),
 * `scurve` = hsin (half a cosine: slow, fast, slow).
 */
export type FadeCurve = 'lin' | 'exp' | 'log' | 'scurve';
export const FADE_CURVES: readonly FadeCurve[] = ['lin', 'exp', 'log', 'scurve'];

export interface GainPoint {
  /** Timeline sample. */
  at: number;
  gainDb: number;
}

/**
 * Effects lie on timeline ranges and belong to the audio under them: a cut or an insert keeps every
 * remaining sample's gain exactly as it was (an effect the cut goes through becomes two effects;
 * audio inserted into an effect's range is not affected by it).
 */
export type EditEffect =
  | {
      id: string;
      /**
       * A gain envelope over `[points[0].at, points[last].at)`, linear in dB between points;
       * 0 dB outside. Two points at the same position make a step.
       */
      kind: 'gain';
      points: GainPoint[];
    }
  | {
      id: string;
      kind: 'fade';
      direction: 'in' | 'out';
      curve: FadeCurve;
      start: number;
      end: number;
      /**
       * The part of the original fade this range still plays, as fractions of its length (0 and 1
       * for a whole fade; other values once a cut has gone through the fade).
       */
      from: number;
      to: number;
    }
  | {
      id: string;
      /** Digital silence, with a 2.5 ms ramp inside each end of the range (no click). */
      kind: 'silence';
      start: number;
      end: number;
    }
  | {
      id: string;
      /** ffmpeg's `adeclick` over the range. */
      kind: 'declick';
      start: number;
      end: number;
    };

export type EditEffectKind = EditEffect['kind'];

export type SegmentType = 'news' | 'report' | 'interview' | 'music' | 'announcement' | 'jingle';
export const SEGMENT_TYPES: readonly SegmentType[] = [
  'news',
  'report',
  'interview',
  'music',
  'announcement',
  'jingle',
];

/**
 * A labelled range of the timeline: what programmes are assembled from and what the archive finds.
 * Segments move with edits: a cut before a segment shifts it, a cut inside shortens it, a cut over
 * all of it removes it; audio inserted inside a segment lengthens it.
 */
export interface EditSegment {
  /** Stable within a project (`s1`, `s2`…). */
  id: string;
  start: number;
  end: number;
  /** ISO 639-3, from the station's list (`vie`, `tyz`, `hnj`…). */
  language: string;
  type: SegmentType;
  title: string;
  /** Script (kịch bản) read in this segment, if any. */
  script: string | null;
}

/** A point on the timeline (the M key). Removed when the audio under it is cut. */
export interface EditMarker {
  id: string;
  at: number;
  label: string;
}

/** QCVN 115:2017 (EBU R128): −23 LUFS, true peak ≤ −1 dBTP. A louder preset (−16) for outdoor speakers. */
export interface LoudnessTarget {
  targetLufs: number;
  truePeakDbtp: number;
}

/** The edit list: what the render engine turns into audio. */
export interface EditDocument {
  /** In timeline order, without gaps: the timeline is as long as the clips together. */
  clips: EditClip[];
  effects: EditEffect[];
  /** Sorted by start. */
  segments: EditSegment[];
  /** Sorted by position. */
  markers: EditMarker[];
  /** Normalise the whole edit to this loudness when it renders; `null` leaves levels as they are. */
  loudness: LoudnessTarget | null;
  /** Next number for the ids the edit list gives out (`c…`, `e…`, `s…`, `m…`). */
  nextId: number;
}

/** A segment as the UI gives it; the id is given out by the project. */
export type EditSegmentInput = Omit<EditSegment, 'id' | 'script'> & { script?: string | null };
export type EditSegmentPatch = Partial<Omit<EditSegment, 'id'>>;

/** A clip as it goes into the document (ids are given out when it is inserted). */
export type EditClipSpec = Omit<EditClip, 'id'>;

/**
 * An operation as it is kept in the history: everything needed to replay it without asking anyone
 * (ffmpeg, the library, the clipboard). Operations the UI asks for (`EditOpRequest`) are turned into
 * these first: a paste carries the pasted clips, "shorten silences" carries the ranges it found.
 */
export type EditOp =
  | { type: 'delete'; start: number; end: number; cut: boolean }
  | { type: 'trim'; start: number; end: number }
  | {
      type: 'insert';
      at: number;
      /** Replaced range `[at, replaceEnd)` (paste over a selection); absent for a plain insert. */
      replaceEnd?: number;
      clips: EditClipSpec[];
      /** Effects of the inserted audio, at positions relative to its start. */
      effects: EditEffect[];
      source: 'paste' | 'asset';
      /** For the history label. */
      title: string;
    }
  | { type: 'split'; at: number }
  | { type: 'silence'; start: number; end: number }
  | { type: 'gain'; start: number; end: number; gainDb: number; rampSamples: number }
  | { type: 'envelope'; points: GainPoint[]; replaces?: string }
  | { type: 'fade'; direction: 'in' | 'out'; start: number; end: number; curve: FadeCurve }
  | { type: 'normalize'; target: LoudnessTarget | null }
  | {
      type: 'normalizeRange';
      start: number;
      end: number;
      targetLufs: number;
      measuredLufs: number;
      gainDb: number;
      rampSamples: number;
    }
  | {
      type: 'shortenSilences';
      thresholdDb: number;
      minSilenceMs: number;
      keepMs: number;
      /** Timeline ranges removed, found by ffmpeg's `silencedetect` when the operation was applied. */
      ranges: Array<{ start: number; end: number }>;
    }
  | { type: 'declick'; start: number; end: number }
  | { type: 'removeEffect'; effectId: string }
  | { type: 'addSegment'; segment: EditSegmentInput }
  | { type: 'updateSegment'; segmentId: string; patch: EditSegmentPatch }
  | { type: 'removeSegment'; segmentId: string }
  | { type: 'addMarker'; at: number; label: string }
  /** Names a marker (an empty label takes its name off). */
  | { type: 'renameMarker'; markerId: string; label: string }
  | { type: 'removeMarker'; markerId: string };

export type EditOpType = EditOp['type'];

/**
 * What one step of the history did, as data, so that each UI words it in its own language.
 * Positions and lengths are timeline samples (of the document before the step); levels are dB and
 * LUFS. Names (`title`, `label`) are the user's own text. `type` is the operation's type.
 */
export type EditStep =
  | { type: 'delete'; cut: boolean; start: number; end: number }
  | { type: 'trim'; start: number; end: number }
  | {
      type: 'insert';
      source: 'paste' | 'asset';
      /** The inserted asset's title (empty for a paste). */
      title: string;
      at: number;
      /** End of the replaced range, or `null` for a plain insert. */
      replaceEnd: number | null;
      /** Samples inserted. */
      length: number;
    }
  | { type: 'split'; at: number }
  | { type: 'silence'; start: number; end: number }
  | { type: 'gain'; start: number; end: number; gainDb: number }
  | { type: 'envelope'; start: number; end: number; points: number }
  | { type: 'fade'; direction: 'in' | 'out'; curve: FadeCurve; start: number; end: number }
  | { type: 'normalize'; target: LoudnessTarget | null }
  | { type: 'normalizeRange'; start: number; end: number; targetLufs: number; gainDb: number }
  | { type: 'shortenSilences'; count: number; removed: number }
  | { type: 'declick'; start: number; end: number }
  | {
      type: 'removeEffect';
      /** The effect taken off, or `null` when it was not found. */
      effect: { kind: EditEffectKind; start: number; end: number } | null;
    }
  | { type: 'addSegment'; title: string; language: string; start: number; end: number }
  | { type: 'updateSegment'; title: string }
  | { type: 'removeSegment'; title: string }
  | { type: 'addMarker'; at: number; label: string }
  | {
      type: 'renameMarker';
      /** Where the marker is (`null` when it was not found). */
      at: number | null;
      /** The new name; empty when the name was taken off. */
      label: string;
      previous: string;
    }
  | { type: 'removeMarker'; at: number | null; label: string };

/** One step of the history list. */
export interface EditHistoryEntry {
  /** 1-based: undoing this entry brings the project to position `index − 1`. */
  index: number;
  /** Vietnamese (for the CLI, logs and tests): "Cắt 00:01.250–00:03.000". The UI words `step`. */
  label: string;
  type: EditOpType;
  /** What the step did, as data. */
  step: EditStep;
  at: string;
}

export interface EditHistory {
  projectId: string;
  /** How many entries are applied; entries after it can be redone. */
  position: number;
  entries: EditHistoryEntry[];
}

/** Something wrong with the audio an edit list uses; the project still opens, rendering does not. */
export interface EditProblem {
  code: 'EDIT_ASSET_DELETED' | 'EDIT_SOURCE_MISSING';
  assetId: string;
  /** Vietnamese: what is wrong and what to do. */
  message: string;
}

export interface EditSourceInfo {
  assetId: string;
  title: string;
  /** Length of the asset's audio in source samples (48 kHz). */
  frames: number;
  channels: number;
}

export interface EditProjectSummary {
  id: string;
  assetId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  durationSamples: number;
  historyLength: number;
}

/** An open project: the current edit list and where the history stands. */
export interface EditProjectState {
  id: string;
  assetId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** Goes up by one with every change (operation, undo, redo, jump). */
  revision: number;
  sampleRate: typeof EDIT_SAMPLE_RATE;
  /** Channels the edit renders with: 2 when any clip is stereo, else 1. */
  channels: 1 | 2;
  durationSamples: number;
  durationSec: number;
  document: EditDocument;
  position: number;
  historyLength: number;
  canUndo: boolean;
  canRedo: boolean;
  /** Vietnamese labels of the steps undo and redo would take (for the CLI and logs). */
  undoLabel: string | null;
  redoLabel: string | null;
  /** The same steps as data, for the UI to word in its language. */
  undoStep: EditStep | null;
  redoStep: EditStep | null;
  /** Every asset the edit list uses. */
  sources: EditSourceInfo[];
  problems: EditProblem[];
}

/** What the clipboard holds (the audio itself stays in the library). */
export interface EditClipboardInfo {
  /** Nothing was copied or cut yet. */
  empty: boolean;
  /** False when empty, or when the last cut was longer than the clipboard holds: a paste will say so. */
  ok: boolean;
  lengthSamples: number;
  durationSec: number;
  fromProjectId: string | null;
  maxSamples: number;
}

export interface EditApplyResult {
  project: EditProjectState;
  /** After a cut: what the clipboard now holds. */
  clipboard?: EditClipboardInfo;
  /** Vietnamese, when the operation found nothing to do ("Không tìm thấy khoảng lặng nào…"). */
  notice?: string;
}

/**
 * A rendered preview of the edit, played through the hosts' media route:
 * `/media/<previewId>` in the web host, `app://studio/media/<previewId>` in Electron.
 */
export interface EditPreview {
  /** 64 hex characters: SHA-256 of everything that decides the audio (the same edit → the same id). */
  previewId: string;
  projectId: string;
  /** Timeline range rendered. */
  start: number;
  end: number;
  sampleRate: typeof EDIT_SAMPLE_RATE;
  channels: 1 | 2;
  durationSec: number;
  /** The render was already in the cache. */
  cached: boolean;
  /** Gain applied to meet the loudness target, when the edit is normalised. */
  normalizeGainDb: number | null;
  /** Peaks of the rendered audio (default: the whole preview in at most 4000 buckets). */
  peaks: PeaksResult;
}

/** Most sample frames one `edit.samples` call returns (2 s at 48 kHz). */
export const EDIT_SAMPLES_MAX = 96_000;

/**
 * The actual sample values of a rendered preview (`edit.samples`), for drawing the waveform when
 * zoomed in beyond the peaks' resolution, down to single samples.
 */
export interface EditSamples {
  previewId: string;
  /** First frame returned (the request's, clipped to the preview's end). */
  startSample: number;
  channels: number;
  sampleRate: number;
  /** Frames in the whole preview. */
  totalSamples: number;
  /**
   * One array per channel, each value the 16-bit sample divided by 32768 (−1 … <1), or the
   * 16-bit integer itself when the request asked for `int16`.
   */
  samples: number[][];
}

export type EditExportFormat = 'wav' | 'mp3';

/** `edit.exportPath`: the suggested file of an export. */
export interface EditExportPath {
  path: string;
}

export interface EditExportJob {
  id: string;
  projectId: string;
  state: 'running' | 'finished' | 'failed' | 'cancelled';
  format: EditExportFormat;
  /** Where the file is written (final name; a `.part` file until it is finished). */
  file: string;
  startedAt: string;
  finishedAt: string | null;
  /** 0..1 */
  fraction: number;
  durationSec: number;
  /** Loudness the export was rendered to, when the edit is normalised. */
  loudness: LoudnessTarget | null;
  error: StudioErrorShape | null;
}

/** Event `edit.changed`: a project's edit list or history changed. */
export interface EditChangedEvent {
  projectId: string;
  revision: number;
  position: number;
  historyLength: number;
  /** Label of what happened ("Cắt …", "Hoàn tác: Cắt …"). */
  label: string;
}

/** Event `edit.preparing`: an asset is being decoded to 48 kHz for editing (once per asset). */
export interface EditPreparingEvent {
  assetId: string;
  fraction: number;
  done: boolean;
}

/** Event `edit.render.progress`: a preview, export or analysis render moving on. */
export interface EditRenderProgressEvent {
  projectId: string;
  /** The export job, or `null` for a preview or an analysis. */
  jobId: string | null;
  purpose: 'preview' | 'export' | 'analysis';
  fraction: number;
}

/** Event `edit.export.finished`. */
export interface EditExportFinishedEvent {
  job: EditExportJob;
}
