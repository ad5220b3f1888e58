import { existsSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../contract';
import type { StudioConfig } from '../config';
import type { DoctorService } from '../../system/doctor-service';
import type { SettingsService } from '../../settings/settings-service';
import type { RecoveryLog } from '../../store';
import type { Handlers } from '../router';

type SystemCallName =
  | 'system.info'
  | 'system.doctor'
  | 'system.recoveries'
  | 'settings.get'
  | 'settings.update'
  | 'system.chooseSaveFile';

export function systemHandlers(
  config: StudioConfig,
  settings: SettingsService,
  doctor: DoctorService,
  recoveries: RecoveryLog,
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
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'system.chooseSaveFile': async (request) => {
      if (!config.dialogs) {
        throw new StudioError(
          'UNAVAILABLE',
          'Cửa sổ chọn nơi lưu tệp chỉ có trong ứng dụng Studio cài trên máy. Hãy gõ đường dẫn đầy đủ vào ô.',
        );
      }
      if (!path.isAbsolute(request.defaultPath)) {
        throw new StudioError(
          'INVALID_REQUEST',
          `Đường dẫn "${request.defaultPath}" phải là đường dẫn đầy đủ (ví dụ /home/dai/ban-tin.wav).`,
        );
      }
      const chosen = await config.dialogs.chooseSaveFile(request);
      return chosen === null ? { path: null, exists: false } : { path: chosen, exists: existsSync(chosen) };
    },
  };
}
