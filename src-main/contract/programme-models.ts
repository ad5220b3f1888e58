/**
 * The programme's types as they cross the boundary (Programme workspace, CLI, exported files).
 * Plain JSON: no classes, no Dates (times are ISO 8601 strings).
 *
 * A programme (chương trình) is a multitrack timeline: voice tracks, one music-bed track and one
 * jingle/effects track. Every position and length is a whole number of SAMPLES at 48 kHz
 * (`EDIT_SAMPLE_RATE`), like the editor's, so that an item lands on the same sample every render.
 * The rundown (the ordered list of items) is not stored: it is the items in time order, so the
 * rundown and the timeline can never disagree.
 */
import type { FadeCurve, LoudnessTarget } from './edit-models';
import type { StudioErrorShape } from './errors';
import type { PeaksResult } from './media-models';
import type { OutboxItem } from './publish-models';

/** Circular 39/2020: thông thường / ưu tiên / khẩn cấp. */
export type ProgrammePriority = 'normal' | 'priority' | 'emergency';
export const PROGRAMME_PRIORITIES: readonly ProgrammePriority[] = ['normal', 'priority', 'emergency'];

/**
 * Loudness presets. `broadcast` is QCVN 115:2017/BTTTT (EBU R128): −23 LUFS, true peak ≤ −1 dBTP.
 * `outdoor` is louder, for loudspeakers in noisy streets (loa ngoài trời): −16 LUFS, ≤ −1 dBTP.
 */
export type LoudnessPresetId = 'broadcast' | 'outdoor';
export const LOUDNESS_PRESET_IDS: readonly LoudnessPresetId[] = ['broadcast', 'outdoor'];

export interface LoudnessPreset extends LoudnessTarget {
  id: LoudnessPresetId;
  /** Vietnamese, as the UI and the render report name it. */
  label: string;
}

export const LOUDNESS_PRESETS: Readonly<Record<LoudnessPresetId, LoudnessPreset>> = {
  broadcast: {
    id: 'broadcast',
    targetLufs: -23,
    truePeakDbtp: -1,
    label: 'Chuẩn phát thanh QCVN 115:2017 / EBU R128 (−23 LUFS)',
  },
  outdoor: { id: 'outdoor', targetLufs: -16, truePeakDbtp: -1, label: 'Loa ngoài trời (−16 LUFS)' },
};

/** Longest programme the studio renders: 3 hours (a broadcast session is 1–2 hours). */
export const PROGRAMME_MAX_SAMPLES = 3 * 3600 * 48_000;

/** A render's programme is "on target" when it is within this of its target length (1 second). */
export const PROGRAMME_TARGET_TOLERANCE_SAMPLES = 48_000;

export type ProgrammeTrackKind = 'voice' | 'bed' | 'jingle';

export interface ProgrammeTrack {
  /** Stable within a programme (`t1`, `t2`…). */
  id: string;
  kind: ProgrammeTrackKind;
  name: string;
  /** Added to the gain of every item on the track. */
  gainDb: number;
  /** A muted track is left out of the render (and a muted voice track does not duck the bed). */
  muted: boolean;
}

/**
 * How the music bed dips under voice. The dip is computed from where the voice items ARE (the
 * model), not from the voice signal: the bed starts going down `attackMs` before a voice item
 * starts, is `depthDb` down while it plays, and comes back up over `releaseMs` after it ends
 * (linear in dB). Where dips of several items meet, the bed follows the deepest.
 */
export interface DuckingSettings {
  /** How far the bed goes down, in dB (0: no ducking). */
  depthDb: number;
  attackMs: number;
  releaseMs: number;
}

export const DEFAULT_DUCKING: Readonly<DuckingSettings> = { depthDb: 12, attackMs: 300, releaseMs: 700 };

/**
 * Where an item's audio comes from: a library asset, or an editor project (the whole edit, or one
 * of its segments: the segment's current range, rendered by the edit engine with the edit's clips
 * and effects).
 */
export type ProgrammeSource =
  { kind: 'asset'; assetId: string } | { kind: 'edit'; projectId: string; segmentId: string | null };

export interface ProgrammeItem {
  /** Stable within a programme (`i1`, `i2`…). */
  id: string;
  trackId: string;
  title: string;
  /** `null`: a placeholder (ô trống) waiting for audio, `sourceEnd` samples long (from a template). */
  source: ProgrammeSource | null;
  /** Programme position of the item's first sample. */
  start: number;
  /**
   * The part of the source that plays, `[sourceStart, sourceEnd)` in the source's own samples at
   * 48 kHz (for an edit segment: counted from the segment's start). Trim in = `sourceStart`,
   * trim out = `sourceEnd`. The item is `sourceEnd − sourceStart` samples long.
   */
  sourceStart: number;
  sourceEnd: number;
  gainDb: number;
  /** Fade lengths in samples, inside the item. */
  fadeIn: number;
  fadeOut: number;
  fadeCurve: FadeCurve;
  /**
   * How far this item may overlap the item before it on the same track (samples). Where they
   * overlap, the earlier one fades out and this one fades in (half-cosine) over the overlap. An
   * overlap longer than this is an error (two items on one track must not play over each other).
   */
  crossfade: number;
  /**
   * ISO 639-3 of what is spoken (`vie`, `tyz`, `hnj`…), or `zxx` (NO_SPEECH, "Không lời") for a
   * jingle or music on a voice track: voice items only; `null` elsewhere.
   */
  language: string | null;
  /** This item is the version, in its own language, of that (voice) item: the Tày news of the Vietnamese. */
  versionOf: string | null;
  /** Voice items only: how the bed ducks under this item, where it differs from the programme's. */
  duck: Partial<DuckingSettings> | null;
}

export interface ProgrammeMetadata {
  title: string;
  /** Broadcast date `YYYY-MM-DD`; `null` for none. */
  date: string | null;
  /** Lĩnh vực, free text chosen by the station. */
  subject: string;
  priority: ProgrammePriority;
  /** Codes of the administrative units (communes/wards) the programme is meant for. */
  communes: string[];
  /** Intended broadcast slots on the programme's date, `HH:MM` (06:00, 17:30…). */
  slots: string[];
  authors: string[];
  summary: string;
  /** Length the programme should have, in samples; `null` for none. */
  targetSamples: number | null;
  loudness: LoudnessPresetId;
  /** ISO 639-3 codes of the languages the programme is meant to carry, in the station's order. */
  languages: string[];
}

/** What a programme is: what is stored, exported to a file, and saved (as a shape) in a template. */
export interface ProgrammeDocument {
  metadata: ProgrammeMetadata;
  ducking: DuckingSettings;
  tracks: ProgrammeTrack[];
  /** In no particular order: the rundown is derived (`ProgrammeAnalysis.rundown`). */
  items: ProgrammeItem[];
  /** Next number for the ids the document gives out (`t…`, `i…`). */
  nextId: number;
}

export type ProgrammeProblemCode =
  | 'PROGRAMME_EMPTY'
  | 'PROGRAMME_TOO_LONG'
  | 'PROGRAMME_OVERLAP'
  | 'PROGRAMME_PLACEHOLDER'
  | 'PROGRAMME_SOURCE_MISSING'
  | 'PROGRAMME_RANGE';

/** Something that stops the programme from rendering; the programme itself still opens and edits. */
export interface ProgrammeProblem {
  code: ProgrammeProblemCode;
  /** The item it is about, when there is one. */
  itemId: string | null;
  /** Vietnamese: what is wrong and what to do. */
  message: string;
}

/** An item as the workspace shows it: the stored item and what follows from it. */
export interface ProgrammeItemView extends ProgrammeItem {
  trackKind: ProgrammeTrackKind;
  /** `start + length`. */
  end: number;
  length: number;
  /** Overlap with the item before it on the same track (the crossfade that plays); 0 for none. */
  crossfadeIn: number;
  /** Title of the asset or edit project, for the rundown; `null` for a placeholder or a lost source. */
  sourceTitle: string | null;
  /** Whole length of the source (for trim handles); `null` when unknown (placeholder, lost source). */
  sourceFrames: number | null;
  /** Versions of this item in other languages (item ids). */
  versions: string[];
}

export type ProgrammeLengthStatus = 'over' | 'under' | 'onTarget' | 'noTarget';

export interface ProgrammeMissingVersion {
  /** The voice item that has no version in `language`. */
  itemId: string;
  language: string;
}

/** What follows from the document: length against target, airtime per language, missing versions. */
export interface ProgrammeAnalysis {
  /** End of the last item (samples). */
  lengthSamples: number;
  durationSec: number;
  targetSamples: number | null;
  /** `length − target`: positive when over, negative when under; `null` without a target. */
  overSamples: number | null;
  /** Within `PROGRAMME_TARGET_TOLERANCE_SAMPLES` of the target counts as on target. */
  lengthStatus: ProgrammeLengthStatus;
  /**
   * Seconds during which a voice item in each language plays (exact: samples ÷ 48 000; an overlap of
   * two items in one language counts once). Unmuted voice tracks only; keys are ISO 639-3 codes.
   * Items without speech (`zxx`) count in no language.
   */
  secondsByLanguage: Record<string, number>;
  /** Voice items (not themselves versions) without a version in a language the programme carries. */
  missingVersions: ProgrammeMissingVersion[];
  /** Item ids in rundown order: by start, then by track order. */
  rundown: string[];
  /** Everything that stops the programme from rendering; empty when it can render. */
  problems: ProgrammeProblem[];
}

export interface ProgrammeSummary {
  id: string;
  title: string;
  date: string | null;
  priority: ProgrammePriority;
  languages: string[];
  lengthSamples: number;
  durationSec: number;
  targetSamples: number | null;
  itemCount: number;
  /** The template it was made from, if any. */
  templateId: string | null;
  createdAt: string;
  updatedAt: string;
  /** When it was last rendered (successfully), if ever. */
  lastRenderAt: string | null;
  /** Set while the programme is in the trash (`programme.trash`); `null` otherwise. */
  deletedAt: string | null;
  /** Who made it (their user id); null for the local admin and for programmes made before accounts. */
  createdBy: string | null;
  /** Where it stands on its way to air, without the history (`ProgrammeState.approval` has it). */
  approval: ProgrammeApprovalSummary;
}

/** An open programme: its document, the items as the workspace shows them, and the analysis. */
export interface ProgrammeState {
  id: string;
  /** Goes up by one with every change; give it back as `expectedRevision` to catch a stale view. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  templateId: string | null;
  metadata: ProgrammeMetadata;
  ducking: DuckingSettings;
  tracks: ProgrammeTrack[];
  /** In rundown order. */
  items: ProgrammeItemView[];
  analysis: ProgrammeAnalysis;
  /**
   * SHA-256 of what decides the programme's audio and its render report (tracks, items, ducking,
   * loudness preset, the audio of each source). A render whose report has another `documentKey`
   * is out of date: the programme has changed since.
   */
  documentKey: string;
  /** The report of the last successful render, if any. */
  lastRender: ProgrammeRenderReport | null;
  /** `programme.undo` would take back a change (changes by `programme.apply` and `programme.update`). */
  canUndo: boolean;
  canRedo: boolean;
  /** What `programme.undo` would take back, in Vietnamese ("Thêm mục “Tin tiếng Việt”"); null when nothing. */
  undoLabel: string | null;
  /** What `programme.redo` would bring back; null when nothing. */
  redoLabel: string | null;
  /** Set while the programme is in the trash: it cannot be changed or rendered until restored. */
  deletedAt: string | null;
  /** Who made it (their user id); null for the local admin and for programmes made before accounts. */
  createdBy: string | null;
  /** Where it stands on its way to air, with the history of every step. */
  approval: ProgrammeApproval;
}

/**
 * `programme.approve`'s answer: the programme, and after an emergency approval by someone who may
 * also send (`publish.send`) in a studio that publishes to a province (configured), the outbox item
 * it went into at once ("duyệt khẩn cấp và gửi ngay"), or why it could not be queued (the approval
 * stands either way). Both null: nothing was tried.
 */
export interface ApprovedProgramme extends ProgrammeState {
  outboxItem: OutboxItem | null;
  outboxError: string | null;
}

/** A programme's shape, saved to start each day's programme from ("Bản tin sáng"). */
export interface ProgrammeTemplate {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  /**
   * The shape: metadata (no date), ducking, tracks, and items. Bed and jingle items keep their
   * audio (the station's jingle, its music); voice items become placeholders of the same length,
   * language and title unless the template was saved with `keepVoice`.
   */
  document: ProgrammeDocument;
  lengthSamples: number;
  itemCount: number;
}

export type ProgrammeRenderFormat = 'wav' | 'mp3' | 'opus';
export const PROGRAMME_RENDER_FORMATS: readonly ProgrammeRenderFormat[] = ['wav', 'mp3', 'opus'];

/** Which files a render writes and how (the studio's own renders and `studio render`). */
export interface RenderOutputs {
  files: Array<{ format: ProgrammeRenderFormat; file: string }>;
  mp3Kbps: 128 | 192;
  opusKbps: number;
  wavBitDepth: 16 | 24;
}

export const DEFAULT_MP3_KBPS = 192;
export const DEFAULT_OPUS_KBPS = 64;
export const DEFAULT_WAV_BIT_DEPTH = 24;

export interface ProgrammeRenderFile {
  format: ProgrammeRenderFormat;
  /** Absolute path. */
  file: string;
  bytes: number;
  /** MP3 and Opus. */
  bitrateKbps: number | null;
  /** WAV. */
  bitDepth: 16 | 24 | null;
  /**
   * Measured (ebur128) on the file itself: MP3 and Opus decoded, WAV as the master. `null` when not
   * measurable (silence). Absent in reports of renders made before files were measured one by one.
   */
  integratedLufs?: number | null;
  truePeakDbtp?: number | null;
  /** Extra attenuation the file was encoded again with to stay under the true-peak ceiling (0: none). */
  attenuationDb?: number;
  /**
   * SHA-256 of the file's bytes as the render wrote them: what approval pins (the WAV master's).
   * Absent in reports of renders made before it was recorded.
   */
  sha256?: string;
  /**
   * Plays the file through the hosts' media route (`/media/<mediaId>` in the web host,
   * `app://studio/media/<mediaId>` in Electron) while it is the file the render wrote. Set on every
   * report the service hands out (a programme's last render, a render job); not kept in files.
   */
  mediaId?: string;
}

/** What a render made and measured. */
export interface ProgrammeRenderReport {
  /** `null` for a programme rendered straight from a file (CLI). */
  programmeId: string | null;
  title: string;
  renderedAt: string;
  lengthSamples: number;
  durationSec: number;
  sampleRate: 48000;
  channels: 1 | 2;
  /** The loudness preset the programme was rendered with, and its targets. */
  preset: LoudnessPresetId;
  presetLabel: string;
  targetLufs: number;
  truePeakCeilingDbtp: number;
  /** Measured (ebur128) on the rendered output, after normalisation: what the files carry. */
  integratedLufs: number;
  truePeakDbtp: number;
  /** Measured on the mix before normalisation. */
  mixLufs: number;
  /** Gain the normalisation applied. */
  gainDb: number;
  /** Whether a true-peak limiter was needed (only when the gain would push peaks over the ceiling). */
  limiter: boolean;
  /** Seconds of speech in each language (ISO 639-3 codes), as `ProgrammeAnalysis.secondsByLanguage`. */
  secondsByLanguage: Record<string, number>;
  /**
   * Seconds during which something plays and nothing is spoken (music, jingles, "Không lời" items).
   * Absent in reports of renders made before it was recorded.
   */
  secondsWithoutSpeech?: number;
  files: ProgrammeRenderFile[];
  /** SHA-256 of everything that decides the audio: the same programme gives the same key and the same audio. */
  renderKey: string;
  /**
   * The programme's `documentKey` when it was rendered: what was rendered. Absent in reports of
   * renders made before it was recorded.
   */
  documentKey?: string;
}

/**
 * A rendered preview of the programme (or of `[start, end)` of it): the same graph, gain and limiter
 * as the render, so what the workspace plays is what renders (placeholders play as silence). Played
 * through the hosts' media route like the editor's previews: `/media/<previewId>` in the web host,
 * `app://studio/media/<previewId>` in Electron; zoomed peaks with `edit.peaks({ previewId, … })`.
 */
export interface ProgrammePreview {
  /** 64 hex characters; the same programme and window give the same id (and a cached file). */
  previewId: string;
  programmeId: string;
  /** Programme samples rendered. */
  start: number;
  end: number;
  sampleRate: 48000;
  channels: 1 | 2;
  durationSec: number;
  cached: boolean;
  /** The loudness normalisation applied (the same as the render's). */
  gainDb: number;
  limiter: boolean;
  /** Peaks of the preview (default: in at most 4000 buckets). */
  peaks: PeaksResult;
}

export type ProgrammeRenderStage = 'preparing' | 'measuring' | 'rendering' | 'verifying' | 'done';

export interface ProgrammeRenderJob {
  id: string;
  programmeId: string | null;
  state: 'running' | 'finished' | 'failed' | 'cancelled';
  stage: ProgrammeRenderStage;
  /** 0..1 over the whole render. */
  fraction: number;
  startedAt: string;
  finishedAt: string | null;
  /** Final paths of the files the render writes (each is a `.part` file until all are finished). */
  files: string[];
  report: ProgrammeRenderReport | null;
  error: StudioErrorShape | null;
}

/** Event `programme.changed`. */
export interface ProgrammeChangedEvent {
  programmeId: string;
  /** `-1` once deleted for good. */
  revision: number;
  reason:
    'created' | 'updated' | 'items' | 'undone' | 'redone' | 'rendered' | 'trashed' | 'restored' | 'purged';
}

/**
 * Where a programme stands on its way to air (DOMAIN.md): nháp → chờ duyệt → đã duyệt or trả lại →
 * đã gửi tỉnh → đã phát. Any change to the programme, or a new render, brings it back to draft.
 */
export const PROGRAMME_APPROVAL_STATES = [
  'draft',
  'submitted',
  'approved',
  'returned',
  'sent',
  'aired',
] as const;
export type ProgrammeApprovalState = (typeof PROGRAMME_APPROVAL_STATES)[number];

/** One step of a programme's approval history (oldest first). */
export interface ProgrammeApprovalStep {
  state: ProgrammeApprovalState;
  at: string;
  /** Who took the step; null for the local admin of a data folder without users. */
  byUserId: string | null;
  byName: string | null;
  /** The approver's reason when returning; the submitter's note when submitting. */
  comment: string | null;
  /** SHA-256 of the rendered master the step is about (submitted, approved); null otherwise. */
  masterSha256: string | null;
  /** Approved (and later sent) in one step by an approver, as an emergency (khẩn cấp). */
  emergency: boolean;
}

export interface ProgrammeApproval {
  state: ProgrammeApprovalState;
  /**
   * SHA-256 of the exact rendered master that was submitted or approved. Nothing downstream
   * (publish, schedule) accepts audio whose hash is not the approved one.
   */
  masterSha256: string | null;
  /** The approver's comment of the latest return, while the programme is returned. */
  comment: string | null;
  emergency: boolean;
  history: ProgrammeApprovalStep[];
}

/** A programme's approval as lists show it (`ProgrammeSummary`): all but the history. */
export type ProgrammeApprovalSummary = Omit<ProgrammeApproval, 'history'>;

/** Event `programme.approval`: a programme's approval state changed (also back to draft by a change). */
export interface ProgrammeApprovalEvent {
  programmeId: string;
  title: string;
  state: ProgrammeApprovalState;
  previous: ProgrammeApprovalState;
  byUserId: string | null;
  byName: string | null;
  /** Who made the programme (who hears that it was returned or approved). */
  ownerId: string | null;
  comment: string | null;
  emergency: boolean;
}

/** Event `programme.render.progress`, at most ~5 times a second. */
export interface ProgrammeRenderProgressEvent {
  jobId: string;
  programmeId: string | null;
  stage: ProgrammeRenderStage;
  fraction: number;
}

/** Event `programme.render.finished`: finished, failed or cancelled. */
export interface ProgrammeRenderFinishedEvent {
  job: ProgrammeRenderJob;
}

/** The format of an exported programme file (`programme.export`, `studio render FILE`). */
export const PROGRAMME_FILE_FORMAT = 'studio-truyen-thanh/programme';
export const PROGRAMME_FILE_VERSION = 1;

export interface ProgrammeFile {
  format: typeof PROGRAMME_FILE_FORMAT;
  version: typeof PROGRAMME_FILE_VERSION;
  exportedAt: string;
  /** Where it came from (informative). */
  programmeId: string | null;
  /**
   * Assets are named by the SHA-256 of their audio, so the file renders on any studio whose
   * library holds the same audio; edit projects are named by id (the same data folder).
   */
  document: ProgrammeDocument;
}
