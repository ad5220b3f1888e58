// Which packages main's bundles (Electron's main process, the command line, the benchmark's cold
// open) carry inside them, and which they load from node_modules when they run.
//
// Loading a package from node_modules costs a file resolution and a module per file: zod is some
// sixty modules, about half the studio's start before its first query, so it is bundled in (one
// file, parsed once). Native modules (better-sqlite3) and packages that require Node's built-ins
// the CommonJS way (node-record-lpcm16) must stay outside an ESM bundle; the rest are small.
import { readFileSync } from 'node:fs';

/** The pure-ESM packages bundled into main's code. */
export const BUNDLED_PACKAGES = ['zod'];

/** Every other package the project names (electron, what the app ships, the tools): esbuild's `external`. */
export function externalPackages() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  return names.filter((name) => !BUNDLED_PACKAGES.includes(name));
}
