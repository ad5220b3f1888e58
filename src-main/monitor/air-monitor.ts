/**
 * Watching the air (issue 16) from what the live engine already reports: the meters ten times a
 * second (`live.meters`) and each state (`live.state`). Silence on the programme or on a relay
 * source for `silenceSeconds` raises an alarm (the `monitor.alarm` event, the webhook); sound back
 * ends it (`silence-end`). A targeted station that no receiver hears for as long is `disconnected`.
 * A relay that falls silent (a dead link plays silence too) gets the station's fallback file on the
 * air beside it, played again while the relay stays silent, removed once the relay is heard again.
 * Main runs it whether or not a window is open; time comes from the meters, so nothing ticks
 * while the air is off.
 */
import { randomUUID } from 'node:crypto';
import type {
  EventSink,
  LiveMetersEvent,
  LiveSource,
  LiveState,
  MonitorAlarm,
  MonitorEventKind,
  MonitorSettings,
  StationHealth,
} from '../contract';
import type { Logger } from '../platform/logger';

/** Below this peak level (dBFS) the air counts as silent: hiss of an idle line, never speech or music. */
export const SILENCE_DB = -55;
/** Alarms kept for the desk (active ones always). */
const KEPT_ALARMS = 100;
export const FALLBACK_LABEL = 'Âm thanh dự phòng khi mất tiếp sóng';

/** What the monitor asks of the live engine (LiveService, through the composition). */
export interface MonitoredAir {
  /** Adds the fallback file as a relay-class source; its id. */
  addFallback(spec: string): Promise<string>;
  removeSource(id: string): Promise<void>;
}

export interface AirMonitorDeps {
  settings: () => MonitorSettings;
  air: MonitoredAir;
  emit: EventSink;
  /** POSTs an alarm to the webhook (WebhookPoster). */
  post: (url: string, alarm: MonitorAlarm) => void;
  log: Logger;
  now?: () => number;
}

/** One thing that may fall silent or be lost: the programme, a relay source, a station's link. */
interface Watch {
  /** Since when the condition holds (ms), or null. */
  since: number | null;
  alarm: MonitorAlarm | null;
}

export class AirMonitor {
  private live: LiveState | null = null;
  private readonly watches = new Map<string, Watch>();
  private alarms: MonitorAlarm[] = [];
  /** Relay source id → the fallback source playing for it (null while it is being added). */
  private readonly fallbacks = new Map<string, string | null>();
  /** Each station's status and since when, for the fleet view. */
  private readonly health = new Map<string, { status: StationHealth['status']; since: string }>();
  private readonly now: () => number;

  constructor(private readonly deps: AirMonitorDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Every `live.state`: what is on air, the stations' links. */
  onState(state: LiveState): void {
    // Only whole states (an event bus may be handed anything: the role matrix sends `{}`).
    if (!Array.isArray(state?.stations) || !Array.isArray(state.sources)) return;
    this.live = state;
    if (state.mode === 'off') this.airOff();
    this.updateHealth();
  }

  /** Every `live.meters`: the programme's and each source's level. */
  onMeters(m: LiveMetersEvent): void {
    if (!m?.programme || !Array.isArray(m.sources)) return;
    const state = this.live;
    if (!state || state.mode === 'off') return;
    const at = this.now();
    const { silenceSeconds } = this.deps.settings();
    const limit = silenceSeconds * 1000;
    this.follow('programme', quiet(m.programme.peakDb), at, limit, { station: null, output: 'programme' });
    const levels = new Map(m.sources.map((s) => [s.id, s.peakDb]));
    for (const source of relays(state, this.fallbackIds())) {
      const silent = source.state === 'failed' || quiet(levels.get(source.id) ?? null);
      const alarm = this.follow(`source:${source.id}`, silent, at, limit, {
        station: null,
        output: `source:${source.id}`,
        label: source.label,
      });
      this.fallBack(source, alarm);
    }
    for (const station of state.stations) {
      if (!station.targeted) continue;
      const lost = station.link === 'failed' || station.link === 'waiting';
      this.follow(`station:${station.code}`, lost, at, limit, {
        station: station.code,
        output: 'server',
        label: station.name,
      });
    }
    this.updateHealth();
  }

  /**
   * The supervisor replaced an encoder on the air (`LiveService`'s `encoderRestarted`): an alarm
   * already over when it is raised (the air is back), shown and POSTed as `encoder-restart`.
   */
  encoderRestarted(restart: {
    channel: string;
    codec: string;
    since: string;
    seconds: number;
    warm: boolean;
  }): MonitorAlarm {
    const alarm: MonitorAlarm = {
      id: randomUUID(),
      event: 'encoder-restart',
      station: null,
      output: encoderOutput(restart.channel, restart.codec),
      since: restart.since,
      seconds: restart.seconds,
      active: false,
      message: `Bộ mã hoá ${restart.codec.toUpperCase()}${restart.channel === 'main' ? '' : ' của kênh khẩn cấp'} dừng đột ngột lúc ${clock(Date.parse(restart.since))}; ${restart.warm ? 'bộ dự phòng' : 'bộ mới'} đã thay sau ${restart.seconds.toLocaleString('vi-VN')} giây.`,
    };
    this.send(alarm);
    return alarm;
  }

  alarmsNow(): MonitorAlarm[] {
    return this.alarms.map((a) => ({ ...a }));
  }

  stations(): StationHealth[] {
    return (this.live?.stations ?? []).map((s) => {
      const h = this.health.get(s.code);
      return {
        code: s.code,
        name: s.name,
        status: h?.status ?? 'idle',
        since: h?.since ?? null,
        bytes: s.bytesSent,
        reconnects: s.reconnects,
        lastError: s.lastError,
      };
    });
  }

  /**
   * Tracks one condition; raises its alarm after `limit` ms, ends it when the condition goes.
   * Returns whether its alarm is active.
   */
  private follow(
    key: string,
    holds: boolean,
    at: number,
    limit: number,
    what: { station: string | null; output: string; label?: string },
  ): boolean {
    let w = this.watches.get(key);
    if (!w) this.watches.set(key, (w = { since: null, alarm: null }));
    if (holds) {
      w.since ??= at;
      if (!w.alarm && at - w.since >= limit) {
        const event: MonitorEventKind = key.startsWith('station:') ? 'disconnected' : 'silence';
        w.alarm = this.raise(event, what, w.since, at);
      } else if (w.alarm) w.alarm.seconds = seconds(at - w.since);
      return w.alarm !== null;
    }
    if (w.alarm && w.since !== null) {
      const ended = w.alarm;
      ended.active = false;
      ended.seconds = seconds(at - w.since);
      // A station heard again is only shown; the webhook's events name no reconnection.
      if (ended.event === 'silence')
        this.send({
          ...ended,
          id: randomUUID(),
          event: 'silence-end',
          message: endMessage(what, ended.seconds),
        });
      else this.deps.emit('monitor.alarm', { ...ended });
    }
    w.since = null;
    w.alarm = null;
    return false;
  }

  private raise(
    event: MonitorEventKind,
    what: { station: string | null; output: string; label?: string },
    since: number,
    at: number,
  ): MonitorAlarm {
    const alarm: MonitorAlarm = {
      id: randomUUID(),
      event,
      station: what.station,
      output: what.output,
      since: new Date(since).toISOString(),
      seconds: seconds(at - since),
      active: true,
      message: startMessage(event, what, since),
    };
    this.send(alarm);
    return alarm;
  }

  /** Keeps, shows and POSTs an alarm (an ended one as its `silence-end`). */
  private send(alarm: MonitorAlarm): void {
    this.alarms = [alarm, ...this.alarms.filter((a) => a.id !== alarm.id)];
    const active = this.alarms.filter((a) => a.active);
    const past = this.alarms.filter((a) => !a.active).slice(0, Math.max(0, KEPT_ALARMS - active.length));
    this.alarms = [...active, ...past];
    this.deps.emit('monitor.alarm', { ...alarm });
    const url = this.deps.settings().webhookUrl;
    if (url) this.deps.post(url, alarm);
  }

  /** Puts the fallback on while a relay is silent (again when it ran out), off once it is heard. */
  private fallBack(relay: LiveSource, silent: boolean): void {
    const spec = this.deps.settings().relayFallback;
    const current = this.fallbacks.get(relay.id);
    if (silent && spec) {
      if (current === null) return; // being added
      const playing = current ? this.live?.sources.find((s) => s.id === current) : undefined;
      if (playing && playing.state !== 'ended' && playing.state !== 'failed') return;
      this.fallbacks.set(relay.id, null);
      void (async () => {
        if (current) await this.deps.air.removeSource(current).catch(() => undefined); // already gone
        const id = await this.deps.air.addFallback(spec);
        this.fallbacks.set(relay.id, id);
        this.deps.log.info(`Relay ${relay.id} silent: fallback ${id} on air`);
      })().catch((err: unknown) => {
        this.fallbacks.delete(relay.id);
        this.deps.log.warn(`Relay ${relay.id} silent: the fallback could not be played`, err);
      });
    } else if (!silent && current) {
      this.fallbacks.delete(relay.id);
      this.deps.air
        .removeSource(current)
        .then(() => this.deps.log.info(`Relay ${relay.id} heard again: fallback ${current} removed`))
        .catch((err: unknown) => this.deps.log.warn(`Fallback ${current} could not be removed`, err));
    }
  }

  private fallbackIds(): Set<string> {
    return new Set([...this.fallbacks.values()].filter((id): id is string => id !== null));
  }

  /** The air went off: nothing is silent or lost any more; alarms end without a webhook. */
  private airOff(): void {
    for (const w of this.watches.values()) if (w.alarm) w.alarm.active = false;
    this.watches.clear();
    this.fallbacks.clear();
  }

  private updateHealth(): void {
    const state = this.live;
    if (!state) return;
    const programmeSilent = !!this.watches.get('programme')?.alarm;
    const at = new Date(this.now()).toISOString();
    for (const s of state.stations) {
      const status: StationHealth['status'] =
        state.mode === 'off' || !s.targeted
          ? 'idle'
          : s.link === 'failed' || s.link === 'waiting'
            ? 'disconnected'
            : programmeSilent && !s.inEmergency
              ? 'silent'
              : 'playing';
      const before = this.health.get(s.code);
      if (before?.status !== status) this.health.set(s.code, { status, since: at });
    }
  }
}

/** The output an encoder restart names: its codec (`mp3`), with the channel when not the main one. */
export function encoderOutput(channel: string, codec: string): string {
  return channel === 'main' ? codec : `${codec}:${channel}`;
}

function quiet(peakDb: number | null | undefined): boolean {
  return typeof peakDb !== 'number' || !Number.isFinite(peakDb) || peakDb < SILENCE_DB;
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Relays on the air (not the fallbacks the monitor itself added). */
function relays(state: LiveState, fallbacks: Set<string>): LiveSource[] {
  return state.sources.filter(
    (s) =>
      s.priority === 'relay' && s.spec.startsWith('url:') && !fallbacks.has(s.id) && s.state !== 'paused',
  );
}

function clock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function subject(what: { station: string | null; output: string; label?: string }): string {
  if (what.output === 'programme') return 'Đường phát chương trình';
  if (what.station) return `Cụm thu ${what.label ?? what.station} (${what.station})`;
  return `Nguồn tiếp sóng ${what.label ?? what.output}`;
}

function startMessage(
  event: MonitorEventKind,
  what: { station: string | null; output: string; label?: string },
  since: number,
): string {
  return event === 'disconnected'
    ? `${subject(what)} mất kết nối từ ${clock(since)}: không máy thu nào đang nghe.`
    : `${subject(what)} im lặng từ ${clock(since)}.`;
}

function endMessage(what: { station: string | null; output: string; label?: string }, secs: number): string {
  return `${subject(what)} có tiếng trở lại sau ${Math.round(secs)} giây im lặng.`;
}
