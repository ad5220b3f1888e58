/**
 * A programme's rendered master: the WAV of its last render, which approval pins by SHA-256.
 * "Current" means the last render is of the programme as it is now (its document key) and the
 * file on disk still has the bytes the render wrote.
 */
import path from 'node:path';
import type { ProgrammeRenderFile, ProgrammeState } from '../contract';
import { sha256OfFile } from '../platform/file-hash';

export interface Master {
  /** Absolute path of the WAV master. */
  file: string;
  sha256: string;
}

/** Why a programme has no current master, in Vietnamese (null: it has one), and the master. */
export async function checkCurrentMaster(
  state: ProgrammeState,
): Promise<{ master: Master; problem: null } | { master: null; problem: string }> {
  const render = state.lastRender;
  const no = (problem: string) => ({ master: null, problem });
  if (!render) return no('chưa được dựng. Hãy dựng chương trình (có tệp WAV) rồi gửi duyệt.');
  if (render.documentKey !== state.documentKey) {
    return no('đã thay đổi sau lần dựng gần nhất. Hãy dựng lại để bản dựng đúng với chương trình.');
  }
  const wav: ProgrammeRenderFile | undefined = render.files.find((f) => f.format === 'wav');
  if (!wav) return no('lần dựng gần nhất không có tệp WAV (bản gốc để duyệt). Hãy dựng lại có chọn WAV.');
  if (!wav.sha256) return no('lần dựng gần nhất được làm trước khi có bước duyệt. Hãy dựng lại.');
  const onDisk = await sha256OfFile(wav.file);
  if (onDisk === null) {
    return no(
      `không đọc được tệp bản gốc "${path.basename(wav.file)}" (đã bị xoá hoặc di chuyển). Hãy dựng lại.`,
    );
  }
  if (onDisk !== wav.sha256) {
    return no(`tệp bản gốc "${path.basename(wav.file)}" đã bị thay đổi sau khi dựng. Hãy dựng lại.`);
  }
  return { master: { file: wav.file, sha256: onDisk }, problem: null };
}
