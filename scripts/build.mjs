#!/usr/bin/env node
// Builds what the Electron app ships, quietly:
//   out/main/main.js      Electron main process (ESM; zod bundled in, electron and the other packages
//                         external: scripts/main-packages.mjs)
//   out/main/preload.cjs  sandboxed preload (CJS; may require 'electron' and nothing else)
//   out/renderer/         the UI, by `vite build` with the root vite.config.ts
//   out/cli/studio.js     the command line (ESM, split so that `studio --version` loads almost nothing;
//                         packages as main's);
//                         bin/studio.js runs it while it is newer than every source it was built from
//   live-*-worker.js      the live threads (bus, feeds, air), beside main.js and beside studio.js:
//                         live/bus/worker-thread.ts starts them from next to the code that holds it
//                         (WORKER_BUNDLES, built from WORKER_SOURCES)
//
//   node scripts/build.mjs [--only main,preload,renderer,cli] [--out DIR]
//
// The preload's call names are computed here from the contract (CALL_NAMES), so the preload
// carries one method per call without bundling zod.
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { externalPackages } from './main-packages.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The preload must stay small: a sign that nothing heavy (zod, a polyfill) slipped in. */
const PRELOAD_MAX_BYTES = 32 * 1024;
const TARGETS = ['main', 'preload', 'renderer', 'cli'];

const { values } = parseArgs({
  options: { only: { type: 'string' }, out: { type: 'string' } },
  strict: true,
});
const only = values.only ? values.only.split(',').map((s) => s.trim()) : TARGETS;
for (const t of only)
  if (!TARGETS.includes(t)) fail(`unknown target "${t}" (expected ${TARGETS.join(', ')})`);
const OUT = path.resolve(ROOT, values.out ?? 'out');

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

/** CALL_NAMES from the contract: bundle calls.ts (zod included) in memory and import it. */
async function contractCallNames() {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src-main/contract/calls.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  if (!Array.isArray(mod.CALL_NAMES) || mod.CALL_NAMES.length === 0) fail('the contract has no CALL_NAMES');
  return mod.CALL_NAMES;
}

/** WORKER_BUNDLES and WORKER_SOURCES from live/bus/worker-thread.ts, bundled in memory and imported. */
async function liveWorkers() {
  const file = path.join(ROOT, 'src-main/live/bus/worker-thread.ts');
  const result = await esbuild.build({
    entryPoints: [file],
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  const names = Object.keys(mod.WORKER_BUNDLES ?? {});
  if (names.length === 0) fail('live/bus/worker-thread.ts has no WORKER_BUNDLES');
  return names.map((name) => ({
    name,
    bundle: mod.WORKER_BUNDLES[name],
    source: path.join(path.dirname(file), mod.WORKER_SOURCES[name]),
  }));
}

/**
 * The live threads' bundles into `outdir`, beside the bundle that starts them (ESM, as the
 * package's "type"). Returns the sources they were built from (for bin/studio.js's freshness check).
 */
async function buildLiveWorkers(outdir, target) {
  const workers = await liveWorkers();
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(workers.map((w) => [w.bundle.replace(/\.js$/, ''), w.source])),
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target,
    external: externalPackages(),
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  return Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
}

async function buildMain() {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src-main/hosts/electron/main.ts')],
    outfile: path.join(OUT, 'main/main.js'),
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // electron is provided by the runtime; the packages not bundled ship in node_modules (asar).
    external: externalPackages(),
    sourcemap: true,
    logLevel: 'warning',
  });
  await buildLiveWorkers(path.join(OUT, 'main'), 'node22');
  // node-record-lpcm16 loads the studio's recorder module by path, and capture.ts looks for it
  // beside the running code: ship it next to the bundle.
  copyFileSync(
    path.join(ROOT, 'src-main/media/recorder/studio-recorder.cjs'),
    path.join(OUT, 'main/studio-recorder.cjs'),
  );
}

async function buildCli() {
  const outdir = path.join(OUT, 'cli');
  // Old chunks would pile up under new hashes.
  rmSync(outdir, { recursive: true, force: true });
  // Taken before esbuild reads anything: a source saved during the build counts as newer.
  const startedAt = Date.now();
  const result = await esbuild.build({
    entryPoints: { studio: path.join(ROOT, 'src-main/cli/run.ts') },
    outdir,
    absWorkingDir: ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: externalPackages(),
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  copyFileSync(
    path.join(ROOT, 'src-main/media/recorder/studio-recorder.cjs'),
    path.join(outdir, 'studio-recorder.cjs'),
  );
  const workerSources = await buildLiveWorkers(outdir, 'node20');
  // What bin/studio.js checks before trusting the build: every source file it was made from.
  const sources = [
    ...new Set([
      ...Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')),
      ...workerSources,
    ]),
    'src-main/media/recorder/studio-recorder.cjs',
  ];
  writeFileSync(path.join(outdir, 'sources.json'), JSON.stringify({ builtAt: startedAt, sources }, null, 1));
}

async function buildPreload() {
  const names = await contractCallNames();
  const outfile = path.join(OUT, 'main/preload.cjs');
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src-main/hosts/electron/preload.ts')],
    outfile,
    absWorkingDir: ROOT,
    bundle: true,
    format: 'cjs',
    // A sandboxed preload is a browser context plus require('electron'): resolving any Node
    // built-in fails the build instead of failing in the window.
    platform: 'browser',
    target: 'chrome130',
    external: ['electron'],
    define: { __STUDIO_CALL_NAMES__: JSON.stringify(names) },
    metafile: true,
    logLevel: 'warning',
  });
  const output = result.metafile.outputs[path.relative(ROOT, outfile).split(path.sep).join('/')];
  if (!output) fail('esbuild did not report the preload output');
  const foreign = output.imports.map((i) => i.path).filter((p) => p !== 'electron');
  if (foreign.length > 0)
    fail(`the preload may require only 'electron', but requires: ${foreign.join(', ')}`);
  if (output.bytes > PRELOAD_MAX_BYTES) {
    fail(`the preload is ${output.bytes} bytes (limit ${PRELOAD_MAX_BYTES}); did zod slip in?`);
  }
}

async function buildRenderer() {
  const config = path.join(ROOT, 'vite.config.ts');
  if (!existsSync(config)) {
    console.warn('build: vite.config.ts not found, the renderer was not built');
    return;
  }
  const { build } = await import('vite');
  await build({
    configFile: config,
    root: path.join(ROOT, 'src-renderer'),
    logLevel: 'warn',
    ...(values.out ? { build: { outDir: path.join(OUT, 'renderer'), emptyOutDir: true } } : {}),
  });
}

const jobs = [];
if (only.includes('main')) jobs.push(buildMain());
if (only.includes('preload')) jobs.push(buildPreload());
if (only.includes('cli')) jobs.push(buildCli());
// esbuild and vite run side by side; the renderer is the slow one.
if (only.includes('renderer')) jobs.push(buildRenderer());
try {
  await Promise.all(jobs);
} catch (err) {
  // esbuild and vite have already printed their diagnostics.
  fail(err instanceof Error ? err.message.split('\n')[0] : String(err));
}
