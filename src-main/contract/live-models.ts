/**
 * The live desk (issue 15): what is on air, to which commune stations, and how each is reached.
 *
 * One air at a time: the operator goes live to a target (every station, a group, or a chosen set),
 * mixes sources on the bus by priority class, and may start an emergency (khẩn cấp) that pre-empts
 * everything on the stations it targets within a second. Main owns this state; windows and the CLI
 * read it (`live.state`), are told of each change (event `live.state`) and see the meters ten times
 * a second (event `live.meters`).
 */
import type { StreamCodec } from './station-models';

/**
 * Who may take the air from whom, lowest first: a relay (tiếp sóng) gives way to playout, playout
 * to the live microphone, everything to an emergency. The bus's mixer uses this order.
 */
export const LIVE_PRIORITIES = ['relay', 'playout', 'mic', 'emergency'] as const;
export type LivePriority = (typeof LIVE_PRIORITIES)[number];

/** Which stations hear the air: all enabled ones, one group, or a chosen set of codes. */
export type LiveTarget =
  { kind: 'all' } | { kind: 'group'; group: string } | { kind: 'stations'; codes: string[] };

/** A source as the desk shows it. `spec` is the CLI's SPEC (`file:…`, `url:…`, `mic`, `pcm:-`). */
export interface LiveSource {
  id: string;
  spec: string;
  /** What the operator reads: a file's or programme's title, a relay's address, the microphone's name. */
  label: string;
  priority: LivePriority;
  levelDb: number;
  /** `buffering`: waiting for enough audio; `playing`; `paused`; `ended` (a file ran out); `failed`. */
  state: 'buffering' | 'playing' | 'paused' | 'ended' | 'failed';
  /** Heard on the air now (not paused, not pre-empted by a higher class). */
  onAir: boolean;
  /** Why it failed, in Vietnamese (a relay that cannot be reached, a file that cannot be read). */
  error: string | null;
  /** A relay's reconnections since it was added. */
  reconnects: number;
  /** Who put it on the air: a user's name, "Lịch phát" (the schedule), "Giám sát" (a fallback). */
  addedBy: string;
  /** The approved master's SHA-256 for `programme:ID` (null for other sources). */
  sha256: string | null;
}

/** How one station is being reached right now. */
export interface LiveStationState {
  code: string;
  name: string;
  group: string | null;
  /** In the current target (or in an emergency's). */
  targeted: boolean;
  /** Hears the emergency now. */
  inEmergency: boolean;
  /**
   * `listening`: at least one receiver connected (pull) or the output is up (icecast, push);
   * `waiting`: targeted, nobody connected yet; `failed`: its output keeps failing; `idle`: not targeted.
   */
  link: 'listening' | 'waiting' | 'failed' | 'idle';
  /** Receivers connected to the studio's own server for this station (pull). */
  listeners: number;
  bytesSent: number;
  reconnects: number;
  lastError: string | null;
}

/** One output the air feeds: the built-in server, an Icecast mount, a push to a station. */
export interface LiveOutputState {
  id: string;
  kind: 'server' | 'icecast' | 'rtp' | 'srt';
  /** Where it goes, without any secret: `http://0.0.0.0:8000`, `icecast://host:8000/xa-a.mp3`, `srt://host:port`. */
  address: string;
  codec: StreamCodec | null;
  state: 'connecting' | 'up' | 'retrying' | 'stopped';
  bytesSent: number;
  reconnects: number;
  lastError: string | null;
}

export interface LiveEmergency {
  id: string;
  startedAt: string;
  startedBy: string;
  target: LiveTarget;
  /** The stations it reaches, resolved when it started. */
  codes: string[];
  sourceId: string;
  spec: string;
}

export interface LiveState {
  /** `off`: nothing on air; `live`: the air runs; `emergency`: an emergency holds the air somewhere. */
  mode: 'off' | 'live' | 'emergency';
  startedAt: string | null;
  startedBy: string | null;
  target: LiveTarget | null;
  sources: LiveSource[];
  emergency: LiveEmergency | null;
  stations: LiveStationState[];
  outputs: LiveOutputState[];
}

/** Ten times a second while the air runs. Levels in dBFS (−120 for silence). */
export interface LiveMetersEvent {
  programme: { peakDb: number; rmsDb: number; clipped: number };
  /** Ducking of music under the microphone now, in dB (0 when none). */
  duckDb: number;
  sources: { id: string; peakDb: number; rmsDb: number; onAir: boolean }[];
}

/** The station's live settings (`db/live.json`). */
export interface LiveSettings {
  /** The stream server's port (receivers pull `http://<this PC>:<port>/live/<CODE>.mp3?token=`). */
  port: number;
  /** Roles allowed to start and end an emergency (default: operator and chief editor). */
  emergencyRoles: string[];
  /** An Icecast master the studio feeds (the province-wide relay chain), or null. Its password is sealed. */
  icecast: { url: string; passwordSet: boolean } | null;
}
