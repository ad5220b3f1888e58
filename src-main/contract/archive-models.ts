/**
 * The archive (issue 17): one record for everything a station may be asked to find again, the
 * search over them, and what the bulk import and the retention rule report. Records are kept in the
 * records database and rebuilt from the services' own records (library, programmes, as-aired); the
 * search index is derived and may be rebuilt at any time without losing a record.
 */

/** What an archive record describes. A `segment` is one item of a programme (a report, a version in Tày). */
export const ARCHIVE_KINDS = ['programme', 'segment', 'asset', 'as-aired'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

export interface ArchiveRecord {
  /** `<kind>:<sourceId>` (a segment: `segment:<programmeId>/<itemId>`): stable, so a rebuild finds the same record. */
  id: string;
  kind: ArchiveKind;
  /** The programme, asset or as-aired segment it describes (the owner's id). */
  sourceId: string;
  title: string;
  summary: string;
  /** Script or transcript text, where there is one. */
  text: string;
  /** ISO 639-3 codes (`vie`, `tyz`, `hnj`…). */
  languages: string[];
  reporters: string[];
  /** Lĩnh vực. */
  subjects: string[];
  priority: 'normal' | 'priority' | 'emergency' | null;
  /** Made (recorded, imported, rendered): ISO date-time. */
  madeAt: string;
  /** A programme's (and its segments') last approval, ISO date-time; absent or null otherwise. */
  approvedAt?: string | null;
  /** An asset's tags (searched like its words). */
  tags?: string[];
  /** Days it aired, `YYYY-MM-DD`, from the broadcast log (empty when never). */
  airedOn: string[];
  /** Station codes it aired on, from the broadcast log. */
  stations: string[];
  lengthSec: number;
  /**
   * Where the record sits in its audio: a segment within its programme, an as-aired segment within
   * its day; 0 and `lengthSec` for a whole programme or asset.
   */
  startSec: number;
  endSec: number;
  updatedAt: string;
}

export type ArchiveSort = 'relevance' | 'newest' | 'oldest' | 'longest' | 'shortest';

export interface ArchiveSearchQuery {
  /** Words as typed; empty lists everything the filters allow. */
  text: string;
  kind?: ArchiveKind[];
  language?: string[];
  subject?: string[];
  reporter?: string[];
  station?: string[];
  priority?: Array<'normal' | 'priority' | 'emergency'>;
  /** Inclusive days, `YYYY-MM-DD`, on the record's date (aired, else made). */
  from?: string;
  to?: string;
  minLengthSec?: number;
  maxLengthSec?: number;
  sort?: ArchiveSort;
  limit?: number;
  offset?: number;
}

/** One hit, best first. The `--json` shape of `studio search` (fields may be added, never renamed). */
export interface ArchiveHit {
  id: string;
  kind: ArchiveKind;
  title: string;
  /** `YYYY-MM-DD`: first aired, else made. */
  date: string;
  /** The record's first language, or null. */
  language: string | null;
  score: number;
  /** The matching segment within the source's audio (seconds). */
  startSec: number;
  endSec: number;
  sourceId: string;
  /** A few words around the match, for the list. */
  snippet: string;
  languages: string[];
  reporters: string[];
  subjects: string[];
  stations: string[];
  lengthSec: number;
}

/** Counts of the matching records per value, for the filters' side panel. */
export interface ArchiveFacets {
  kind: Record<string, number>;
  language: Record<string, number>;
  subject: Record<string, number>;
  reporter: Record<string, number>;
  station: Record<string, number>;
  priority: Record<string, number>;
  year: Record<string, number>;
}

export interface ArchiveSearchResult {
  hits: ArchiveHit[];
  total: number;
  facets: ArchiveFacets;
  tookMs: number;
}

/** A file of an old archive put into the library (its path relative to the folder imported). */
export interface ArchiveImportTaken {
  file: string;
  assetId: string;
  title: string;
  date: string | null;
  /** True when the library already held these bytes: the existing asset, not changed. */
  duplicate: boolean;
  /** The asset's language (ISO 639-3): from the name ("tiếng Mông" → hnj), else the library's guess. */
  language: string;
  durationSec: number;
}

/** Why a file was not taken: not audio, no date in its name, the import failed on it, or stopped. */
export type ArchiveImportSkipCode = 'not-audio' | 'no-date' | 'unreadable' | 'cancelled';

export interface ArchiveImportSkip {
  file: string;
  reasonCode: ArchiveImportSkipCode;
  /** In Vietnamese, for the person who reads the summary. */
  reason: string;
}

/** `studio archive import DIR --json`: what was taken and what was not, and why. */
export interface ArchiveImportSummary {
  /** The folder, as an absolute path. */
  dir: string;
  taken: ArchiveImportTaken[];
  skipped: ArchiveImportSkip[];
  /** How long the import took. */
  seconds: number;
  /** The length of the audio taken (duplicates included). */
  audioSeconds: number;
  /** Stopped before the end (the files not reached are skipped as `cancelled`). */
  cancelled: boolean;
}

/** The event `archive.import.progress`: after the folder is read, and after each file. */
export interface ArchiveImportProgress {
  dir: string;
  /** Files found in the folder and below. */
  total: number;
  done: number;
  /** The file just finished, absolute (empty in the first event). */
  file: string;
  taken: number;
  skipped: number;
}

/** A file the retention rule allows to be deleted (never deleted without an archivist's confirmation). */
export interface RetentionDueItem {
  id: string;
  kind: 'master' | 'as-aired';
  title: string;
  /** When its retention ended. */
  dueSince: string;
  sizeBytes: number;
  file: string;
}

export interface RetentionDueList {
  months: number;
  items: RetentionDueItem[];
  totalBytes: number;
}

/** `archive.export`: what was written for one record (its audio and its metadata). */
export interface ArchiveExport {
  id: string;
  /** Absolute path of the audio: the segment cut out (WAV), or the whole file as stored. */
  audioFile: string;
  /** Absolute path of the record's metadata (JSON, UTF-8). */
  metadataFile: string;
  bytes: number;
  startSec: number;
  endSec: number;
}

/** `archive.retention.delete`: what was deleted (only items due when the call ran) and what was not. */
export interface RetentionDeleteResult {
  deleted: Array<{ id: string; bytes: number }>;
  /** Ids not deleted, and why (not due, or no longer there), in Vietnamese. */
  refused: Array<{ id: string; reason: string }>;
  totalBytes: number;
}
