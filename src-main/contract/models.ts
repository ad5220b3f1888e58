/** Domain types that cross the boundary. Results are plain JSON: no classes, no Dates. */
import type { ClockStatus } from './monitor-models';

export type UiLanguage = 'vi' | 'en';

/** A language the station broadcasts in: segments, assets and programmes are labelled with its code. */
export interface StationLanguage {
  /** ISO 639-3, three lowercase letters (`vie`, `tyz`, `hnj`…). */
  code: string;
  /** Its name in Vietnamese ("Tày") and in English ("Tày"), as the UI shows it. */
  vi: string;
  en: string;
  /**
   * The station's own short name ("Việt", "Tày", "Xơ Đăng"), where a whole name does not fit: on
   * timeline clips and table chips. Staff read it instead of the code.
   */
  short: string;
}

export interface Settings {
  /** Language of the studio's own interface (not of programmes). */
  uiLanguage: UiLanguage;
  /** The user's choice of ffmpeg binary; `null` means "find it for me". */
  ffmpegPath: string | null;
  /**
   * The station's own list of broadcast languages, in its order (Vietnamese and the
   * ethnic-minority languages of its area); what the editor and the programmes offer.
   */
  languages: StationLanguage[];
  /** Minutes without use after which a signed-in window locks (the UI and main both count); 0: never. */
  idleLockMinutes: number;
}

export type CheckStatus = 'ok' | 'warning' | 'missing';

export type DoctorCheckId =
  'ffmpeg' | 'sox' | 'microphone' | 'icecast2' | 'chromium' | 'pulseaudio' | 'dataDir';

export interface DoctorCheck {
  id: DoctorCheckId;
  status: CheckStatus;
  /** Whether the studio cannot work at all without it (ffmpeg, a writable data folder). */
  required: boolean;
  path: string | null;
  version: string | null;
  /** Where it was found, for example `setting`, `FFMPEG_BIN`, `ffmpeg-static`, `PATH`. */
  source: string | null;
  /** Vietnamese sentence for the user: what is wrong and what to do. Empty when all is well. */
  advice: string;
  /** For a technician: what a program said when it was tried (see StudioErrorShape). */
  technical?: string;
}

export interface DiskInfo {
  path: string;
  writable: boolean;
  freeBytes: number;
  totalBytes: number;
}

export interface DoctorReport {
  generatedAt: string;
  appVersion: string;
  platform: string;
  arch: string;
  nodeVersion: string;
  host: HostKind;
  dataDir: DiskInfo;
  checks: DoctorCheck[];
  /** True when every required check is `ok`. */
  ready: boolean;
  /** Whether the PC's clock is synchronised (NTP), from where, and its offset: not part of `ready`. */
  clock: ClockStatus;
}

export type HostKind = 'electron' | 'web' | 'cli';

export interface SystemInfo {
  appVersion: string;
  host: HostKind;
  dataDir: string;
  /** What this host can do beyond the contract's services. */
  capabilities: {
    /**
     * The OS's own file windows, "save as" (`system.chooseSaveFile`) and "open"
     * (`system.chooseOpenFile`): the Electron app only.
     */
    saveDialog: boolean;
  };
}

/**
 * `system.diagnostics`: one text file for the station's IT support: versions, the doctor's report,
 * the settings, what the studio repaired, and the end of its log. Nothing secret is in it.
 */
export interface DiagnosticsBundle {
  /** A name to save it under, e.g. `chan-doan-studio-2026-12-06-0905.txt`. */
  fileName: string;
  text: string;
}

/** `system.chooseOpenFile`: the file the user picked, or `null` when they closed the window. */
export interface OpenFileChoice {
  path: string | null;
}

/** `system.chooseSaveFile`: the file the user picked, or `null` when they closed the window. */
export interface SaveFileChoice {
  path: string | null;
  /**
   * A file is already there. The OS's window has asked the user whether to replace it, so this
   * counts as their confirmation to overwrite.
   */
  exists: boolean;
}
