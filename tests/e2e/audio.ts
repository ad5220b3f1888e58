/** Real audio for the specs, made by ffmpeg at test time (no binaries in the repository). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder for one test's input files. */
export function inputDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `studio-e2e-${prefix}-`));
}

/**
 * Writes `file` from an ffmpeg lavfi source (`sine=…`, `aevalsrc=…`) with the given output
 * options (codec, bitrate, filters); returns the file.
 */
export function makeAudio(file: string, source: string, output: string[] = ['-c:a', 'pcm_s16le']): string {
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    source,
    ...output,
    file,
  ]);
  return file;
}

/** A 48 kHz WAV of an `aevalsrc` expression lasting `seconds`. */
export function makeTone(file: string, expr: string, seconds: number): string {
  return makeAudio(file, `aevalsrc='${expr}':s=48000:d=${seconds}`);
}
