import type { StudioConfig } from '../config';
import type { DoctorService } from '../../system/doctor-service';
import type { SettingsService } from '../../settings/settings-service';
import type { Handlers } from '../router';

type SystemCallName = 'system.info' | 'system.doctor' | 'settings.get' | 'settings.update';

export function systemHandlers(
  config: StudioConfig,
  settings: SettingsService,
  doctor: DoctorService,
): Pick<Handlers, SystemCallName> {
  return {
    'system.info': () => ({ appVersion: config.appVersion, host: config.host, dataDir: config.dataDir }),
    'system.doctor': () => doctor.report(),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}
