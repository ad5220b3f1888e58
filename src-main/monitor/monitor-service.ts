/**
 * The monitor's door (issue 16): its settings (`monitor.configure`), and what the fleet view shows
 * (`monitor.state`): each station's health and the alarms from the AirMonitor, and whether the
 * PC's clock is synchronised (asked at most once a minute: it runs a program).
 */
import { access, constants } from 'node:fs/promises';
import {
  StudioError,
  type ClockStatus,
  type MonitorConfigure,
  type MonitorSettings,
  type MonitorState,
} from '../contract';
import { clockStatus } from '../platform/clock-sync';
import type { AirMonitor } from './air-monitor';
import type { MonitorSettingsStore } from './monitor-settings';

const CLOCK_MAX_AGE_MS = 60_000;

export class MonitorService {
  private clock: { at: number; status: Promise<ClockStatus> } | null = null;

  constructor(
    private readonly settingsStore: MonitorSettingsStore,
    readonly air: AirMonitor,
    private readonly readClock: () => Promise<ClockStatus> = clockStatus,
  ) {}

  settings(): MonitorSettings {
    return this.settingsStore.get();
  }

  async configure(change: MonitorConfigure): Promise<MonitorSettings> {
    if (change.relayFallback) {
      const file = change.relayFallback.slice('file:'.length);
      await access(file, constants.R_OK).catch(() => {
        throw new StudioError(
          'INVALID_REQUEST',
          `Không đọc được tệp âm thanh dự phòng ${file}. Hãy chọn một tệp có trên máy này.`,
        );
      });
    }
    return this.settingsStore.configure(change);
  }

  async state(): Promise<MonitorState> {
    return {
      stations: this.air.stations(),
      alarms: this.air.alarmsNow(),
      clock: await this.clockNow(),
      settings: this.settings(),
    };
  }

  clockNow(): Promise<ClockStatus> {
    const now = Date.now();
    if (!this.clock || now - this.clock.at > CLOCK_MAX_AGE_MS)
      this.clock = { at: now, status: this.readClock() };
    return this.clock.status;
  }
}
