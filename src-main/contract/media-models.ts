/**
 * The media library's types as they cross the boundary (UI, CLI, other services).
 * Plain JSON: no classes, no Dates (times are ISO 8601 strings).
 */
import type { StudioErrorShape } from './errors';

/** Loudness measured by ffmpeg's `ebur128` filter on import. */
export interface Loudness {
  /** Integrated loudness in LUFS; `null` when the audio is too quiet to measure (silence, below −70 LUFS). */
  integratedLufs: number | null;
  /** Loudness range in LU; `null` when it could not be measured. */
  lraLu: number | null;
  /** Highest sample in dBFS (sample peak, not true peak); `null` for digital silence. */
  peakDbfs: number | null;
}

/** What a person can edit about an asset. */
export interface AssetMetadata {
  /** From the file's tags, else from its file name; Unicode NFC, diacritics kept. */
  title: string;
  /** Phóng viên. Empty when unknown. */
  reporter: string;
  /** ISO 639-3 code of the spoken language, for example `vie`, `tyz`, `hnj`; `zxx` (NO_SPEECH) for music. */
  language: string;
  /** Lĩnh vực (subject area), free text chosen by the station. Empty when unknown. */
  subject: string;
  tags: string[];
  notes: string;
  /** When the audio was recorded: `YYYY-MM-DD` or a full ISO date-time; `null` when unknown. */
  recordedAt: string | null;
}

/** One piece of audio in the library, stored once under the SHA-256 of its bytes. */
export interface Asset extends AssetMetadata {
  /** Stable id: the SHA-256 (hex) of the stored bytes. */
  id: string;
  sha256: string;
  importedAt: string;
  updatedAt: string;
  /** The file name the audio had when it was imported (not a path). */
  originalName: string;
  /** Where the audio lives, relative to the data folder: `library/<ab>/<sha256>.<ext>`. */
  file: string;
  sizeBytes: number;
  /** Container as ffmpeg names it, for example `mp3`, `wav`, `mov,mp4,m4a,3gp,3g2,mj2`, `amr`. */
  format: string;
  /** Codec of the audio stream as ffmpeg names it, for example `mp3`, `aac`, `pcm_s24le`, `amr_nb`. */
  codec: string;
  /** Exact duration of the decoded audio. */
  durationSec: number;
  /** Of the original audio stream (not of the analysis). */
  sampleRate: number;
  channels: number;
  loudness: Loudness;
  /** How the audio came in: imported from a file, or recorded in the studio. */
  source: 'import' | 'recording';
  /** True for a take repaired after a crash during recording. */
  recovered: boolean;
  /** Set when the asset is in the trash; `null` otherwise. Trashed assets can be restored. */
  deletedAt: string | null;
  /** Set when the decoder met damaged data but still produced audio: Vietnamese, for the user. */
  warning: string | null;
}

/** Metadata given with an import; applies to every file of the batch. Title comes from each file. */
export type ImportMetadata = Partial<Omit<AssetMetadata, 'title'>>;

/** Where one file of an import is. */
export type ImportFileState =
  'queued' | 'copying' | 'analysing' | 'saving' | 'imported' | 'duplicate' | 'failed' | 'cancelled';

export type ImportFileResult =
  | {
      /** The path as it was given. */
      file: string;
      ok: true;
      asset: Asset;
      /** True when the same bytes were already in the library: `asset` is the existing one. */
      duplicate: boolean;
    }
  | { file: string; ok: false; error: StudioErrorShape };

export interface ImportFileStatus {
  file: string;
  state: ImportFileState;
  /** 0..1 for this file (decoding progress while analysing). */
  fraction: number;
  /** Present once the file is finished (imported, duplicate, failed or cancelled). */
  result?: ImportFileResult;
}

export interface ImportJob {
  id: string;
  state: 'running' | 'finished' | 'cancelled';
  startedAt: string;
  finishedAt: string | null;
  files: ImportFileStatus[];
  /** 0..1 over the whole batch. */
  fraction: number;
}

/** Event `import.progress`: sent when a file changes state, and at most ~5 times a second while decoding. */
export interface ImportProgressEvent {
  jobId: string;
  /** Index of the file in the batch. */
  index: number;
  total: number;
  file: string;
  state: ImportFileState;
  fraction: number;
  /** 0..1 over the whole batch. */
  jobFraction: number;
}

/** Event `import.fileDone`: one file finished (in whatever way). */
export interface ImportFileDoneEvent {
  jobId: string;
  index: number;
  total: number;
  result: ImportFileResult;
}

/** Event `import.finished`: the whole batch is over; `results` are in input order. */
export interface ImportFinishedEvent {
  jobId: string;
  cancelled: boolean;
  results: ImportFileResult[];
}

/** Event `library.changed`: assets were added, edited, trashed or restored. */
export interface LibraryChangedEvent {
  ids: string[];
  reason: 'imported' | 'updated' | 'trashed' | 'restored' | 'purged';
}

/** A programme, edit or template that uses an asset, named as its list names it. */
export interface UsageRef {
  id: string;
  title: string;
  /** The programme is itself in the trash (it still counts: it can be restored). */
  inTrash: boolean;
}

/**
 * What uses an asset (`library.usage`), asked before it goes to the trash or is deleted for good:
 * edit projects whose current edit plays it, programmes with an item of it (directly or through
 * one of those edits) and templates that keep it.
 */
export interface AssetUsage {
  assetId: string;
  programmes: UsageRef[];
  edits: UsageRef[];
  templates: UsageRef[];
}

export interface LibraryListResult {
  /** How many assets match (before offset/limit). */
  total: number;
  items: Asset[];
}

export interface PeaksLevelInfo {
  /** Level 0 is the finest. */
  level: number;
  bucketsPerSecond: number;
  buckets: number;
}

/**
 * Waveform peaks of an asset, for wavesurfer.js: `WaveSurfer.create({ peaks: [max, min], duration })`
 * draws the top half from `max` and the bottom half from `min`. Values are in −1..1 and are the
 * extremes over all channels in each bucket.
 */
export interface PeaksResult {
  assetId: string;
  durationSec: number;
  level: number;
  bucketsPerSecond: number;
  /** Time of the first bucket returned (when a range was asked for). */
  startSec: number;
  min: number[];
  max: number[];
  levels: PeaksLevelInfo[];
}
