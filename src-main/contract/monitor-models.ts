/**
 * Watching the air (issue 16): every station's link at a glance, silence and disconnection alarms
 * after a set time (shown, sounded, and POSTed to the station's webhook), and the supervisor's
 * restarts. Main watches whether or not a window is open.
 */

/** The station's monitoring settings (`db/monitor.json`). */
export interface MonitorSettings {
  /** Silence on an output or a relay source for this long raises the alarm (default 10 s). */
  silenceSeconds: number;
  /** Where alarms are POSTed as JSON (`MonitorWebhookBody`), or null. */
  webhookUrl: string | null;
  /** What plays when a relay fails or falls silent: a file (`file:PATH`) the station chose, looped; null: none. */
  relayFallback: string | null;
  /** How long as-aired recordings are kept, in months (default 12, never under 6). */
  retentionMonths: number;
}

export const MONITOR_EVENTS = ['silence', 'silence-end', 'disconnected', 'encoder-restart'] as const;
export type MonitorEventKind = (typeof MONITOR_EVENTS)[number];

/** The webhook's body, exactly as the issue gives it (other tools read it). */
export interface MonitorWebhookBody {
  event: MonitorEventKind;
  /** A station's code, or null for what concerns the whole air (the programme output). */
  station: string | null;
  /** The output or source concerned: `programme`, `server`, `icecast:…`, `source:<id>`, `mp3`… */
  output: string | null;
  /** When the condition began (ISO). */
  since: string;
  /** How long it has lasted, in seconds. */
  seconds: number;
}

/** One alarm as the desk shows it (and sounds it while `active`). */
export interface MonitorAlarm extends MonitorWebhookBody {
  id: string;
  /** Still going on (a silence not ended, a station still disconnected). */
  active: boolean;
  /** The Vietnamese sentence the operator reads. */
  message: string;
}

/** One station in the fleet view. */
export interface StationHealth {
  code: string;
  name: string;
  /** đang phát / im lặng / mất kết nối; `idle`: not on the air now. */
  status: 'playing' | 'silent' | 'disconnected' | 'idle';
  since: string | null;
  bytes: number;
  reconnects: number;
  lastError: string | null;
}

/** Whether the PC's clock is synchronised (NTP): a schedule is only as right as the clock. */
export interface ClockStatus {
  synchronised: boolean | null;
  /** What the operator reads, in Vietnamese ("Đồng hồ máy đã đồng bộ (NTP)…", "Không biết…"). */
  message: string;
  /** Where it was read from (`timedatectl`, `chronyc`…), or null. */
  source: string | null;
  /** How far this clock is from the time server, in ms (+: ahead), when the source says; else null. */
  offsetMs: number | null;
}

export interface MonitorState {
  stations: StationHealth[];
  alarms: MonitorAlarm[];
  clock: ClockStatus;
  settings: MonitorSettings;
}
