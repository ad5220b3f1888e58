/**
 * The stations registry (issue 15): the commune receiving clusters (cụm thu phát thanh) the studio
 * feeds live. A station is known by its code, which never changes (it is in every receiver's stream
 * URL); its administrative unit may change when units merge (the 2025 reform), so it is a field of
 * its own, editable and re-importable. A station is disabled, never deleted: the broadcast log will
 * name stations long after one is taken out of service.
 *
 * Secrets (a station's pull token, an SRT passphrase) never leave main except where a call says so:
 * `stations.streams` (and `stations.add`, `stations.rotateToken`) hand the token to whoever
 * installs the receiver; nothing else carries it.
 */

/** The codecs every station's stream is offered in: MP3 for every receiver, Opus for weak 4G links. */
export const STREAM_CODECS = ['mp3', 'opus'] as const;
export type StreamCodec = (typeof STREAM_CODECS)[number];

/** How a station is reached: it pulls from the studio, listens to an Icecast mount, or is pushed to. */
export const STATION_REACH_KINDS = ['pull', 'icecast', 'push'] as const;
export type StationReachKind = (typeof STATION_REACH_KINDS)[number];

export const PUSH_PROTOCOLS = ['rtp', 'srt'] as const;
export type PushProtocol = (typeof PUSH_PROTOCOLS)[number];

/**
 * How a station gets its audio, as main answers it (the SRT passphrase only as whether one is set):
 * - `pull`: the receiver pulls from the studio's own stream server with its token;
 * - `icecast`: the receiver listens to an Icecast mount the studio feeds (`/xa-a.mp3`);
 * - `push`: the studio sends to the receiver's host and port, over RTP or SRT (encrypted with a
 *   passphrase).
 */
export type StationReach =
  | { kind: 'pull' }
  | { kind: 'icecast'; mount: string }
  | { kind: 'push'; protocol: 'rtp'; host: string; port: number }
  | { kind: 'push'; protocol: 'srt'; host: string; port: number; passphraseSet: boolean };

export interface Station {
  /** Stable code (A–Z, 0–9, `.`, `_`, `-`; stored in capitals): the station's name in URLs and logs. */
  code: string;
  name: string;
  /** The administrative unit (xã/phường) it serves: its code, editable when units merge; null if unknown. */
  unitCode: string | null;
  unitName: string | null;
  /** A group to go live to together (a cluster of communes, a valley); null when none. */
  group: string | null;
  reach: StationReach;
  /** A disabled station receives nothing and its token is refused; it stays in the registry. */
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** `stations.list`: the registry, and where receivers pull from. */
export interface StationList {
  stations: Station[];
  /** The stream server's base URL receivers are given (the setting, else the default). */
  streamBaseUrl: string;
  /** Whether `streamBaseUrl` is the studio's guess (this PC's address, port 8000), not a setting. */
  streamBaseIsDefault: boolean;
}

/** One stream of a station: its codec and the URL a receiver pulls, its token in it. */
export interface StationStreamUrl {
  codec: StreamCodec;
  url: string;
}

/**
 * What the one who installs a receiver needs: the station, its token and its stream URLs (the
 * token in each). Answered by `stations.add`, `stations.streams` and `stations.rotateToken` only.
 */
export interface StationStreams {
  station: Station;
  token: string;
  streams: StationStreamUrl[];
}

/** `stations.importCsv`: what the file changed (all rows, or none when one is wrong). */
export interface StationImportResult {
  added: string[];
  updated: string[];
  /** Rows read (the header not counted). */
  rows: number;
}

/** `stations.exportCsv`: the file written. */
export interface StationCsvExport {
  file: string;
  rows: number;
  sizeBytes: number;
}

/**
 * The CSV columns, in the order they are written. Stable: names may be added at the end, never
 * renamed. `reach` is `pull`, `icecast`, `rtp` or `srt`; `enabled` is `1` or `0`. Secrets are
 * never exported: `srt_passphrase` is only read (blank keeps the stored one).
 */
export const STATION_CSV_COLUMNS = [
  'code',
  'name',
  'unit_code',
  'unit_name',
  'group',
  'reach',
  'mount',
  'host',
  'port',
  'srt_passphrase',
  'enabled',
] as const;
export type StationCsvColumn = (typeof STATION_CSV_COLUMNS)[number];
