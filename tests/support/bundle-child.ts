/**
 * Child-process scripts for kill tests, bundled once into one file: each of a test's many runs then
 * starts in a fraction of a second instead of loading TypeScript again.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');

/**
 * better-sqlite3 finds its native module beside its own files: it is left out of the bundle and
 * imported from the checkout's node_modules by its absolute path (the bundle lives in a temp folder).
 */
const nativeFromCheckout: esbuild.Plugin = {
  name: 'native-from-checkout',
  setup(build) {
    build.onResolve({ filter: /^better-sqlite3$/ }, () => ({
      path: createRequire(path.join(root, 'package.json')).resolve('better-sqlite3'),
      external: true,
    }));
  },
};

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
    plugins: [nativeFromCheckout],
    // Bundled CommonJS packages (lowdb's dependencies) still call `require`.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return outfile;
}
