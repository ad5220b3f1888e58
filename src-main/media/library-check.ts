import { stat } from 'node:fs/promises';
import type { Asset, RecordsProblem } from '../contract';
import { sha256OfFile } from '../platform/file-hash';

/**
 * The library's own check (`studio db check`): every asset's stored file is there and still holds
 * the bytes it was imported with. Reads every file: as long as the audio is large.
 */
export async function checkLibraryFiles(
  assets: Iterable<Asset>,
  audioPath: (asset: Asset) => string,
  options: { signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<RecordsProblem[]> {
  const problems: RecordsProblem[] = [];
  let done = 0;
  for (const asset of assets) {
    options.signal?.throwIfAborted();
    const file = audioPath(asset);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      problems.push({
        kind: 'asset-file-missing',
        message: `Mất tệp âm thanh của "${asset.title}": tệp không còn trong thư viện.`,
        id: asset.id,
        file,
      });
    } else if ((await sha256OfFile(file)) !== asset.sha256) {
      problems.push({
        kind: 'asset-file-changed',
        message: `Tệp âm thanh của "${asset.title}" đã bị thay đổi hoặc hỏng từ khi nhập (không khớp mã kiểm tra).`,
        id: asset.id,
        file,
      });
    }
    options.onProgress?.(++done);
  }
  return problems;
}
