import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findOnPath, isExecutable } from '../platform/find-executable';
import { inspectFfmpegFile } from './ffmpeg-check';

export type FfmpegSource = 'setting' | 'FFMPEG_BIN' | 'ffmpeg-static' | 'PATH';

export interface FfmpegCandidate {
  source: FfmpegSource;
  path: string | null;
  usable: boolean;
}

export interface FfmpegLocation {
  path: string;
  source: FfmpegSource;
}

export interface LocateInput {
  /** The user's setting (Settings.ffmpegPath). */
  settingPath: string | null;
  env?: NodeJS.ProcessEnv;
  /** Path the ffmpeg-static package reports; injectable because its binary is often absent. */
  staticPath?: string | null;
}

/**
 * The path ffmpeg-static reports, or null when the package (an optional dependency whose
 * download fails on closed networks) is not installed. In a packaged app the binary lives
 * in app.asar.unpacked, because a binary inside the asar archive cannot be executed.
 */
export function ffmpegStaticPath(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const p = require('ffmpeg-static') as string | null;
    if (typeof p !== 'string') return null;
    return unpackedAsarPath(p);
  } catch {
    return null;
  }
}

/** A path inside app.asar, moved to app.asar.unpacked, where electron-builder puts binaries. */
export function unpackedAsarPath(p: string): string {
  return p.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

/**
 * Finds ffmpeg in the order ARCHITECTURE.md sets: the user's setting, `FFMPEG_BIN`,
 * ffmpeg-static, then PATH. Returns every candidate considered so the doctor can explain.
 */
export async function locateFfmpeg(
  input: LocateInput,
): Promise<{ found: FfmpegLocation | null; candidates: FfmpegCandidate[] }> {
  const env = input.env ?? process.env;
  const staticPath = input.staticPath === undefined ? ffmpegStaticPath() : input.staticPath;
  const ordered: Array<{ source: FfmpegSource; path: () => Promise<string | null> }> = [
    { source: 'setting', path: async () => input.settingPath },
    { source: 'FFMPEG_BIN', path: async () => env.FFMPEG_BIN || null },
    { source: 'ffmpeg-static', path: async () => (staticPath && existsSync(staticPath) ? staticPath : null) },
    { source: 'PATH', path: () => findOnPath('ffmpeg', env) },
  ];
  const candidates: FfmpegCandidate[] = [];
  for (const { source, path: resolve } of ordered) {
    const p = await resolve();
    const run = p === null ? null : await runnablePath(source, p);
    candidates.push({ source, path: p, usable: run !== null });
    if (run !== null) return { found: { path: run, source }, candidates };
  }
  return { found: null, candidates };
}

/**
 * What to run for a candidate. The setting is stored data that a page of the studio can change:
 * it is run only when its bytes and permissions say ffmpeg (never a script or another program,
 * whatever wrote the settings file), and by its real path, so a link changed later cannot point
 * elsewhere. The others come from this user's own environment and installation.
 */
async function runnablePath(source: FfmpegSource, p: string): Promise<string | null> {
  if (source !== 'setting') return (await isExecutable(p)) ? p : null;
  const inspected = await inspectFfmpegFile(p);
  return inspected.ok ? inspected.realPath : null;
}
