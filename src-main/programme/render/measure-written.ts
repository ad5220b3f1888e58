/**
 * What an encoded file really carries, measured while it is being written: its bytes are read as
 * the encoder writes them and fed to a second ffmpeg that decodes them and runs `ebur128` (true peak,
 * integrated loudness). The measure so runs beside the encode, on another core, instead of after it.
 *
 * The decoder reads the file as written so far: the MP3 muxer rewrites its first frame (the Xing
 * header: frame count, encoder delay) when it finishes, so the decode here does not trim the
 * encoder's delay and padding. That is silence at either end, which changes neither the true peak
 * nor the gated integrated loudness.
 */
import { open, type FileHandle } from 'node:fs/promises';
import {
  FfmpegProcess,
  ffmpegNotFound,
  isMissingProgram,
  parseEbur128Summary,
  type LoudnessMeasure,
} from '../../audio';
import { StudioError } from '../../contract';

const CHUNK = 256 * 1024;
/** How often to look for new bytes while the encoder has written nothing new. */
const POLL_MS = 20;
const TAIL_MAX = 64 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Measures `file` (MP3 or Ogg Opus) while `written` is writing it, and once it is complete. The file
 * must not exist when `written` starts (a stale file would be read before the encoder truncates it).
 * Resolves to `null` when `written` fails (its own error is the one to report).
 */
export async function measureWhileWritten(
  ffmpeg: string,
  file: string,
  format: 'mp3' | 'opus',
  written: Promise<unknown>,
  signal: AbortSignal,
): Promise<LoudnessMeasure | null> {
  let done = false;
  let failed = false;
  written.then(
    () => (done = true),
    () => (done = failed = true),
  );
  const run = new FfmpegProcess({
    ffmpeg,
    args: [
      ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info'],
      ...['-f', format === 'mp3' ? 'mp3' : 'ogg', '-i', 'pipe:0'],
      ...['-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'],
    ],
    stdin: 'pipe',
    stdout: 'ignore',
    signal,
    // It follows the encoder, which the user waits for: at a lower priority.
    background: true,
    logTailMax: TAIL_MAX,
  });
  const { child } = run;
  const stdin = child.stdin as NonNullable<typeof child.stdin>;
  // A decoder that stops early (bad data) closes its input: the error comes from its exit status.
  stdin.on('error', () => undefined);

  let fh: FileHandle | null = null;
  try {
    // The encoder creates the file once its graph is running.
    while (!fh) {
      const wasDone = done;
      fh = await open(file, 'r').catch(() => null);
      if (fh || wasDone || signal.aborted || child.exitCode !== null) break;
      await sleep(POLL_MS);
    }
    const buf = Buffer.alloc(CHUNK);
    let pos = 0;
    while (fh && !signal.aborted && child.exitCode === null) {
      // Read after looking at `done`: when it was done before a read that found nothing, that is the end.
      const wasDone = done;
      const { bytesRead } = await fh.read(buf, 0, CHUNK, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        if (!stdin.write(Buffer.from(buf.subarray(0, bytesRead)))) {
          await new Promise<void>((resolve) => {
            const go = () => {
              stdin.off('drain', go);
              child.off('close', go);
              resolve();
            };
            stdin.on('drain', go);
            child.on('close', go);
          });
        }
      } else if (wasDone) {
        break;
      } else {
        await sleep(POLL_MS);
      }
    }
    stdin.end();
  } finally {
    await fh?.close();
  }
  const { code, spawnError: error, log } = await run.exited;
  const tail = log.tailText;
  if (failed || signal.aborted) return null;
  if (error) {
    if (isMissingProgram(error)) throw ffmpegNotFound();
    throw new StudioError('EDIT_RENDER_FAILED', `Không chạy được ffmpeg (${error.code ?? error.message}).`);
  }
  const summary = parseEbur128Summary(tail);
  if (code !== 0 || !summary) {
    throw new StudioError(
      'EDIT_RENDER_FAILED',
      `ffmpeg không đọc lại được tệp ${format.toUpperCase()} vừa ghi để đo đỉnh thực.`,
      { file, ffmpeg: tail.split(/\r?\n/).filter(Boolean).slice(-4).join('\n').slice(0, 800) },
    );
  }
  return { integratedLufs: summary.integratedLufs, truePeakDbtp: summary.peakDbfs };
}
