/**
 * Child-process scripts for kill tests, bundled once into one file: each of a test's many runs then
 * starts in a fraction of a second instead of loading TypeScript again.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');

/** Bundles `tests/support/<name>.ts` into `<outDir>/<name>.mjs` and returns that file. */
export async function bundleChild(name: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, `${name}.mjs`);
  await esbuild.build({
    entryPoints: [path.join(root, 'tests/support', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    // Bundled CommonJS packages (lowdb's dependencies) still call `require`.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return outfile;
}
