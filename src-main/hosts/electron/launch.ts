/** How the Electron app reads its launch arguments; pure, so it is tested without Electron. */
import path from 'node:path';

/** `--data DIR` or `--data=DIR` from the process arguments (Chromium's own switches are ignored). */
export function dataDirFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--data') {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : undefined;
    }
    if (arg?.startsWith('--data=')) return arg.slice('--data='.length) || undefined;
  }
  return undefined;
}

/**
 * Chromium's profile (its cache, storage and the single-instance lock) lives inside the data
 * folder. So the lock means "one studio per data folder", which is what protects the store from
 * two writers, while studios on different folders (a test run beside a real one) can coexist.
 */
export function electronProfileDir(dataDir: string): string {
  return path.join(dataDir, 'electron-profile');
}
