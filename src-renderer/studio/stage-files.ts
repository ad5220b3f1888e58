// The web host's upload route (UPLOAD_PATH in the contract; the renderer imports contract types only).
const UPLOAD_ROUTE = 'upload';
import { StudioCallError } from './studio-error';

declare global {
  interface Window {
    /** Electron preload only: the path on disk of a dropped or picked file. */
    studioFiles?: { pathForFile(file: File): string };
  }
}

/**
 * Turns files the user dropped or picked into paths on the studio PC that `library.import` can
 * read. Electron knows each file's path; a browser page does not, so the web host receives the
 * bytes first (with upload progress: a two-hour WAV takes a moment).
 */
export async function stageFiles(
  files: readonly File[],
  onProgress: (fraction: number) => void = () => undefined,
): Promise<string[]> {
  if (window.studioFiles) return files.map((f) => window.studioFiles!.pathForFile(f));
  const total = files.reduce((n, f) => n + f.size, 0) || 1;
  let done = 0;
  const paths: string[] = [];
  for (const file of files) {
    paths.push(await upload(file, (sent) => onProgress((done + sent) / total)));
    done += file.size;
  }
  onProgress(1);
  return paths;
}

function upload(file: File, onSent: (bytes: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${UPLOAD_ROUTE}?name=${encodeURIComponent(file.name)}`);
    xhr.upload.onprogress = (e) => onSent(e.loaded);
    xhr.onload = () => {
      const body = safeJson(xhr.responseText);
      if (xhr.status === 200 && typeof body?.path === 'string') resolve(body.path);
      else
        reject(
          new StudioCallError({
            code: body?.code === 'DISK_FULL' ? 'DISK_FULL' : 'UNAVAILABLE',
            message:
              typeof body?.message === 'string'
                ? body.message
                : `Không gửi được tệp "${file.name}" tới studio.`,
          }),
        );
    };
    xhr.onerror = () =>
      reject(
        new StudioCallError({ code: 'UNAVAILABLE', message: `Mất kết nối khi gửi tệp "${file.name}".` }),
      );
    xhr.send(file);
  });
}

function safeJson(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
