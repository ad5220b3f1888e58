/**
 * Runs one ffmpeg render through the studio's one runner (`../ffmpeg/ffmpeg-process.ts`): the filter
 * graph goes in a script file (`-filter_complex_script`, so a graph of thousands of edits never meets
 * a command-line limit), progress comes from `-progress pipe:1`, and a failure becomes a StudioError
 * with a Vietnamese message.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ffmpegMissingError, StudioError } from '../../contract';
import { FfmpegProcess, isMissingProgram } from '../ffmpeg/ffmpeg-process';

export interface FfmpegRunOptions {
  ffmpeg: string;
  /** Working folder: relative source paths in the graph are resolved from here. */
  cwd: string;
  /** Inputs (`-i FILE`), for graphs that read files through ffmpeg's inputs rather than `amovie`. */
  inputArgs?: string[];
  /** The filter graph. */
  graph: string;
  /** Everything after the graph: `-map`, codec and output options, the output. */
  outputArgs: string[];
  /** `error` for renders; `info` for analyses that read filter logs (ebur128, silencedetect). */
  logLevel?: 'error' | 'info';
  /** Length of the output in samples, for progress. */
  expectedSamples?: number;
  onProgress?: (fraction: number) => void;
  /** Each complete line of ffmpeg's log. */
  onLogLine?: (line: string) => void;
  signal?: AbortSignal;
  /**
   * Checks that run beside the output being written (verifications): at a lower CPU priority, so
   * that on a busy machine the file the user waits for gets the cores first.
   */
  background?: boolean;
}

export interface FfmpegRunResult {
  /** The end of ffmpeg's log (summaries are printed last). */
  logTail: string;
}

const TAIL_MAX = 256 * 1024;

export function ffmpegNotFound(): StudioError {
  return ffmpegMissingError('chưa dựng được âm thanh của bản biên tập');
}

/** The lines of ffmpeg's log that say what went wrong. */
function errorSummary(log: string): string {
  return log
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0 && !/^\s|^(Input|Output) #|^Stream mapping/.test(l))
    .slice(-4)
    .join('\n')
    .slice(0, 800);
}

export async function runFfmpeg(opts: FfmpegRunOptions): Promise<FfmpegRunResult> {
  if (opts.signal?.aborted) throw new StudioError('CANCELLED', 'Đã huỷ theo yêu cầu.');
  const script = path.join(os.tmpdir(), `studio-edit-graph-${process.pid}-${randomUUID()}.txt`);
  await writeFile(script, opts.graph);
  try {
    const run = new FfmpegProcess({
      ffmpeg: opts.ffmpeg,
      cwd: opts.cwd,
      args: [
        ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', opts.logLevel ?? 'error'],
        ...['-progress', 'pipe:1'],
        ...(opts.inputArgs ?? []),
        ...['-filter_complex_script', script],
        ...opts.outputArgs,
      ],
      signal: opts.signal,
      background: opts.background,
      progress:
        opts.expectedSamples && opts.onProgress
          ? { expectedSamples: opts.expectedSamples, onProgress: opts.onProgress }
          : undefined,
      logTailMax: TAIL_MAX,
      onLogLine: opts.onLogLine,
    });
    const { ended, code, spawnError: err, log } = await run.exited;
    const tail = log.tailText;
    if (ended === 'aborted') throw new StudioError('CANCELLED', 'Đã huỷ theo yêu cầu.');
    if (err) {
      if (isMissingProgram(err)) throw ffmpegNotFound();
      throw new StudioError(
        'EDIT_RENDER_FAILED',
        'Phần mềm xử lý âm thanh không chạy được nên chưa dựng được âm thanh. Bản biên tập không bị ảnh hưởng; hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
        undefined,
        `ffmpeg: ${err.code ?? err.message}`,
      );
    }
    if (code !== 0) {
      if (/No space left on device/i.test(tail)) {
        throw new StudioError(
          'DISK_FULL',
          'Ổ đĩa đã đầy nên không ghi được âm thanh đã dựng. Hãy giải phóng dung lượng rồi thử lại; bản biên tập không bị ảnh hưởng.',
        );
      }
      throw new StudioError(
        'EDIT_RENDER_FAILED',
        'Không dựng được âm thanh của bản biên tập. Bản biên tập không bị ảnh hưởng; hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
        { ffmpeg: errorSummary(tail) },
        `ffmpeg (mã thoát ${code}):\n${errorSummary(tail)}`,
      );
    }
    opts.onProgress?.(1);
    return { logTail: tail };
  } finally {
    await rm(script, { force: true });
  }
}

/** Where renders run: the ffmpeg found now (FFMPEG_MISSING when there is none) and the data folder. */
export async function renderEnv(
  resolveFfmpeg: () => Promise<string | null>,
  dataDir: string,
): Promise<{ ffmpeg: string; cwd: string }> {
  const ffmpeg = await resolveFfmpeg();
  if (!ffmpeg) throw ffmpegNotFound();
  return { ffmpeg, cwd: dataDir };
}
