/** Helpers every benchmark uses: the ffmpeg the studio would use, running a program, timing. */
import { spawn } from 'node:child_process';
import { locateFfmpeg } from '../src-main/media/ffmpeg-locator';

export async function ffmpegPath(): Promise<string> {
  const found = (await locateFfmpeg({ settingPath: null })).found;
  if (!found) throw new Error('ffmpeg not found');
  return found.path;
}

/** Runs a program to completion; rejects with the end of its stderr when it fails. */
export function run(file: string, args: string[], cwd?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} exited ${code}: ${err}`)),
    );
  });
}

/** Wall-clock milliseconds of one call. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
