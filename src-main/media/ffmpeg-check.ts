import { StudioError } from '../contract';
import { isExecutable } from '../platform/find-executable';
import { runCommand } from '../platform/run-command';

/** The version an ffmpeg binary reports, or null when the file does not run as ffmpeg. */
export async function ffmpegVersion(file: string): Promise<string | null> {
  if (!(await isExecutable(file))) return null;
  try {
    const out = await runCommand(file, ['-hide_banner', '-version'], { timeoutMs: 8000 });
    return /ffmpeg version (\S+)/i.exec(out.stdout + out.stderr)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Refuses a user-chosen ffmpeg path that does not run, so a typo never reaches the settings file. */
export async function assertUsableFfmpeg(file: string): Promise<void> {
  if ((await ffmpegVersion(file)) === null) {
    throw new StudioError(
      'INVALID_REQUEST',
      `"${file}" không phải là ffmpeg chạy được. Hãy kiểm tra lại đường dẫn, hoặc bấm "Tự tìm".`,
    );
  }
}
