/**
 * Starts the live threads (the bus's, the feeds', the air's) from wherever the studio runs: beside
 * a bundle (scripts/build.mjs puts `live-*-worker.js` next to main.js and studio.js), or from the sources (tests, the
 * CLI run through tsx), where the worker's TypeScript is loaded by tsx's CommonJS hook inside the
 * new thread (a `--import tsx` in execArgv does not reach a worker's own entry on Node 20).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BusWorkerData, FeedWorkerData } from './protocol';

/**
 * The threads' entries and the files a build must emit beside the bundle: scripts/build.mjs
 * builds `WORKER_SOURCES[k]` (relative to this folder) into `WORKER_BUNDLES[k]`.
 */
export const WORKER_BUNDLES = {
  bus: 'live-bus-worker.js',
  feed: 'live-feed-worker.js',
  air: 'live-air-worker.js',
} as const;
export const WORKER_SOURCES = {
  bus: './bus-worker.ts',
  feed: './feed-worker.ts',
  air: '../air/air-worker.ts',
} as const;

export function startBusWorker(workerData: BusWorkerData): Worker {
  return startWorker('bus', workerData);
}

export function startFeedWorker(workerData: FeedWorkerData): Worker {
  return startWorker('feed', workerData);
}

/** The air's thread (live/air): the encoders, fed from the programme's ring. */
export function startAirWorker(workerData: unknown): Worker {
  return startWorker('air', workerData);
}

function startWorker(which: keyof typeof WORKER_SOURCES, workerData: unknown): Worker {
  const built = fileURLToPath(new URL(`./${WORKER_BUNDLES[which]}`, import.meta.url));
  if (existsSync(built)) return new Worker(built, { workerData });
  const source = fileURLToPath(new URL(WORKER_SOURCES[which], import.meta.url));
  if (!existsSync(source)) {
    throw new Error(`the live bus's ${which} worker is missing: neither ${built} nor ${source} exists`);
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`;
  return new Worker(boot, { eval: true, workerData });
}
