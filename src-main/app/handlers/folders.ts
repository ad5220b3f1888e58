import { existsSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../contract';
import type { ExportFolders } from '../../settings/export-folders';
import type { StudioConfig } from '../config';
import type { Handlers } from '../router';

type FolderCallName =
  'system.listFolder' | 'system.chooseFolder' | 'system.chooseSaveFile' | 'system.chooseOpenFile';

/** Choosing where files are saved or which to open: the studio's folder browser, or the OS's windows in Electron. */
export function folderHandlers(config: StudioConfig, folders: ExportFolders): Pick<Handlers, FolderCallName> {
  return {
    'system.listFolder': ({ path: dir, files }) => folders.list(dir, files),
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
    'system.chooseOpenFile': async (request) => {
      if (!config.dialogs) {
        throw new StudioError(
          'UNAVAILABLE',
          'Cửa sổ chọn tệp của máy tính chỉ có trong ứng dụng Studio cài trên máy. Hãy chọn tệp trong cửa sổ của studio.',
        );
      }
      if (!path.isAbsolute(request.defaultPath)) {
        throw new StudioError(
          'INVALID_REQUEST',
          `Đường dẫn "${request.defaultPath}" phải là đường dẫn đầy đủ (ví dụ /home/dai/sao-luu.sqlite).`,
        );
      }
      // Only a path: what is done with the file (a restore) checks it again.
      return { path: await config.dialogs.chooseOpenFile(request) };
    },
  };
}
