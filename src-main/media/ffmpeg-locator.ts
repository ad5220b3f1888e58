import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findOnPath, isExecutable } from '../platform/find-executable';

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
    const usable = p !== null && (await isExecutable(p));
    candidates.push({ source, path: p, usable });
    if (usable && p !== null) return { found: { path: p, source }, candidates };
  }
  return { found: null, candidates };
}
