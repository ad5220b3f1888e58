/**
 * Runs one ffmpeg render: the filter graph goes in a script file (`-filter_complex_script`, so a
 * graph of thousands of edits never meets a command-line limit), progress comes from
 * `-progress pipe:1`, and a failure becomes a StudioError with a Vietnamese message.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EDIT_SAMPLE_RATE, ffmpegMissingError, StudioError } from '../../contract';

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

/** The niceness of background runs (Unix nice 10; Windows "below normal"). */
const BACKGROUND_PRIORITY = 10;

/** Lowers a child's CPU priority; a system that refuses leaves it as it is. */
export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    os.setPriority(pid, BACKGROUND_PRIORITY);
  } catch {
    // Not allowed or not supported here: the run is still correct, only less polite.
  }
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
    return await new Promise<FfmpegRunResult>((resolve, reject) => {
      const args = [
        ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', opts.logLevel ?? 'error'],
        ...['-progress', 'pipe:1'],
        ...(opts.inputArgs ?? []),
        ...['-filter_complex_script', script],
        ...opts.outputArgs,
      ];
      const child = spawn(opts.ffmpeg, args, {
        cwd: opts.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      if (opts.background) lowerPriority(child.pid);
      let tail = '';
      let partial = '';
      let spawnError: NodeJS.ErrnoException | null = null;
      let aborted = false;
      let lastReport = 0;
      const totalUs = opts.expectedSamples ? (opts.expectedSamples / EDIT_SAMPLE_RATE) * 1e6 : 0;

      const onAbort = () => {
        aborted = true;
        child.kill('SIGKILL');
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      child.stdout.setEncoding('utf8');
      let progressBuf = '';
      child.stdout.on('data', (text: string) => {
        progressBuf += text;
        const lines = progressBuf.split('\n');
        progressBuf = lines.pop() ?? '';
        for (const line of lines) {
          const m = /^out_time_us=(\d+)/.exec(line);
          if (m && totalUs > 0 && opts.onProgress) {
            const now = Date.now();
            if (now - lastReport >= 200) {
              lastReport = now;
              opts.onProgress(Math.min(1, Number(m[1]) / totalUs));
            }
          }
        }
      });
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        tail = (tail + text).slice(-TAIL_MAX);
        if (opts.onLogLine) {
          partial += text;
          const lines = partial.split(/\r?\n/);
          partial = lines.pop() ?? '';
          for (const line of lines) opts.onLogLine(line);
        }
      });
      child.on('error', (err: NodeJS.ErrnoException) => {
        spawnError = err;
      });
      child.on('close', (code) => {
        opts.signal?.removeEventListener('abort', onAbort);
        if (partial && opts.onLogLine) opts.onLogLine(partial);
        if (aborted) return reject(new StudioError('CANCELLED', 'Đã huỷ theo yêu cầu.'));
        const err = spawnError as NodeJS.ErrnoException | null;
        if (err) {
          if (err.code === 'ENOENT' || err.code === 'EACCES') return reject(ffmpegNotFound());
          return reject(
            new StudioError(
              'EDIT_RENDER_FAILED',
              'Phần mềm xử lý âm thanh không chạy được nên chưa dựng được âm thanh. Bản biên tập không bị ảnh hưởng; hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
              undefined,
              `ffmpeg: ${err.code ?? err.message}`,
            ),
          );
        }
        if (code !== 0) {
          if (/No space left on device/i.test(tail)) {
            return reject(
              new StudioError(
                'DISK_FULL',
                'Ổ đĩa đã đầy nên không ghi được âm thanh đã dựng. Hãy giải phóng dung lượng rồi thử lại; bản biên tập không bị ảnh hưởng.',
              ),
            );
          }
          return reject(
            new StudioError(
              'EDIT_RENDER_FAILED',
              'Không dựng được âm thanh của bản biên tập. Bản biên tập không bị ảnh hưởng; hãy thử lại, nếu vẫn lỗi hãy mở màn hình Hệ thống để kiểm tra máy.',
              { ffmpeg: errorSummary(tail) },
              `ffmpeg (mã thoát ${code}):\n${errorSummary(tail)}`,
            ),
          );
        }
        opts.onProgress?.(1);
        resolve({ logTail: tail });
      });
    });
  } finally {
    await rm(script, { force: true });
  }
}
