import type { StudioConfig } from '../config';
import { diagnosticsBundle } from '../diagnostics';
import type { DoctorService } from '../../system/doctor-service';
import type { SettingsService } from '../../settings/settings-service';
import type { RecoveryLog } from '../../store';
import type { Handlers } from '../router';

type SystemCallName =
  | 'system.info'
  | 'system.doctor'
  | 'system.recoveries'
  | 'system.diagnostics'
  | 'settings.get'
  | 'settings.update';

export function systemHandlers(
  config: StudioConfig,
  settings: SettingsService,
  doctor: DoctorService,
  recoveries: RecoveryLog,
  logDir: string,
): Pick<Handlers, SystemCallName> {
  return {
    'system.info': () => ({
      appVersion: config.appVersion,
      host: config.host,
      dataDir: config.dataDir,
      capabilities: { saveDialog: config.dialogs !== undefined },
    }),
    'system.doctor': () => doctor.report(),
    'system.recoveries': () => recoveries.recent(),
    'system.diagnostics': () =>
      diagnosticsBundle({
        config,
        logDir,
        doctor: () => doctor.report(),
        settings: () => settings.get(),
        recoveries: () => recoveries.recent(),
      }),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}
