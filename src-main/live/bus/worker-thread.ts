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
import type { BusWorkerData, FeedWorkerData } from './protocol';

/**
 * The threads' entries and the files a build must emit beside the bundle (esbuild entries for
 * `bus-worker.ts` and `feed-worker.ts`).
 */
export const WORKER_BUNDLES = { bus: 'live-bus-worker.js', feed: 'live-feed-worker.js' } as const;
const SOURCES = { bus: './bus-worker.ts', feed: './feed-worker.ts' } as const;

export function startBusWorker(workerData: BusWorkerData): Worker {
  return startWorker('bus', workerData);
}

export function startFeedWorker(workerData: FeedWorkerData): Worker {
  return startWorker('feed', workerData);
}

function startWorker(which: keyof typeof SOURCES, workerData: unknown): Worker {
  const built = fileURLToPath(new URL(`./${WORKER_BUNDLES[which]}`, import.meta.url));
  if (existsSync(built)) return new Worker(built, { workerData });
  const source = fileURLToPath(new URL(SOURCES[which], import.meta.url));
  if (!existsSync(source)) {
    throw new Error(`the live bus's ${which} worker is missing: neither ${built} nor ${source} exists`);
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`;
  return new Worker(boot, { eval: true, workerData });
}
