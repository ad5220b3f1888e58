/**
 * Where programme files are written: the data folder's default (renders and exported programme
 * files alike), and the check that a chosen folder exists.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StudioError } from '../contract';

/** `exports/programmes` in the data folder, created when first needed. */
export async function defaultExportsDir(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, 'exports', 'programmes');
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The folder of a file to write must exist (it is not created behind the user's back). */
export async function checkFolder(file: string): Promise<void> {
  if (!path.isAbsolute(file)) {
    throw new StudioError(
      'INVALID_REQUEST',
      `Đường dẫn "${file}" phải là đường dẫn đầy đủ (ví dụ /home/dai/ban-tin-sang.wav).`,
    );
  }
  const dir = await stat(path.dirname(file)).catch(() => null);
  if (!dir?.isDirectory()) {
    throw new StudioError(
      'INVALID_REQUEST',
      `Thư mục "${path.dirname(file)}" không tồn tại. Hãy chọn một thư mục có sẵn để lưu tệp.`,
    );
  }
}
