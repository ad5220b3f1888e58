/**
 * Starts the bus's worker thread from wherever the studio runs: beside a bundle (a build puts
 * `live-bus-worker.js` next to the bundle that holds this module), or from the sources (tests, the
 * CLI run through tsx), where the worker's TypeScript is loaded by tsx's CommonJS hook inside the
 * new thread (a `--import tsx` in execArgv does not reach a worker's own entry on Node 20).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BusWorkerData } from './protocol';

/** The file a build must emit beside the bundle (an esbuild entry for `bus-worker.ts`). */
export const BUS_WORKER_BUNDLE = 'live-bus-worker.js';

export function startBusWorker(workerData: BusWorkerData): Worker {
  const built = fileURLToPath(new URL(`./${BUS_WORKER_BUNDLE}`, import.meta.url));
  if (existsSync(built)) return new Worker(built, { workerData });
  const source = fileURLToPath(new URL('./bus-worker.ts', import.meta.url));
  if (!existsSync(source)) {
    throw new Error(`the live bus's worker is missing: neither ${built} nor ${source} exists`);
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`;
  return new Worker(boot, { eval: true, workerData });
}
