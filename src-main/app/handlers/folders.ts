import { existsSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../contract';
import type { ExportFolders } from '../../settings/export-folders';
import type { StudioConfig } from '../config';
import type { Handlers } from '../router';

type FolderCallName = 'system.listFolder' | 'system.chooseFolder' | 'system.chooseSaveFile';

/** Choosing where files are saved: the studio's folder browser, or the OS's window in Electron. */
export function folderHandlers(config: StudioConfig, folders: ExportFolders): Pick<Handlers, FolderCallName> {
  return {
    'system.listFolder': ({ path: dir }) => folders.list(dir),
    'system.chooseFolder': ({ path: dir }) => folders.choose(dir),
    'system.chooseSaveFile': async (request) => {
      if (!config.dialogs) {
        throw new StudioError(
          'UNAVAILABLE',
          'Cửa sổ chọn nơi lưu của máy tính chỉ có trong ứng dụng Studio cài trên máy. Hãy dùng nút "Chọn nơi lưu…" của studio.',
        );
      }
      if (!path.isAbsolute(request.defaultPath)) {
        throw new StudioError(
          'INVALID_REQUEST',
          `Đường dẫn "${request.defaultPath}" phải là đường dẫn đầy đủ (ví dụ /home/dai/ban-tin.wav).`,
        );
      }
      const chosen = await config.dialogs.chooseSaveFile(request);
      if (chosen === null) return { path: null, exists: false };
      // Chosen in the OS's own window, by the person at this PC: the studio may write there.
      await folders.chooseNative(chosen);
      return { path: chosen, exists: existsSync(chosen) };
    },
  };
}
